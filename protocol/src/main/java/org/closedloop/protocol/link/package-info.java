/**
 * The stimulator link: framed binary messages over a serial port between the controller (host) and the stimulator
 * (device), specified for a firmware engineer in {@code hardware-docs/stimulator-protocol.md}.
 *
 * <pre>
 *  on the wire:   [ COBS( frame ) ] 0x00 [ COBS( frame ) ] 0x00 ...      (0x00 only ever delimits)
 *
 *  frame (before COBS), little-endian:
 *  byte  0        1       2       3        4..5     6..7      8..9        10..11    12 .. 12+N-1   12+N .. 15+N
 *       +--------+-------+-------+--------+--------+---------+-----------+---------+--------------+-------------+
 *       |version | type  | flags | rsvd=0 |  seq   | ack seq | payload N | rsvd=0  |   payload    |  CRC-32C    |
 *       |  = 1   |       | b0=   |        |  u16   |  u16    |   u16     |  u16    |  N <= 512    | over bytes  |
 *       |        |       | REPLY |        |        |         |           |         |              | 0 .. 11+N   |
 *       +--------+-------+-------+--------+--------+---------+-----------+---------+--------------+-------------+
 *
 *  setpoint block payload (type 0x04):
 *       +-----------+------+-------+-------+------+---------------------+-----------------------------------------+
 *       | block seq | chan | samp  | flags | rsvd | start, device us    | i16 uA [s0c0 s0c1 .. s0cC s1c0 .. sNcC] |
 *       |   u32     |  u8  |  u8   |  =0   |  =0  |   i64               |  sample-major, 1 sample per 1000 us     |
 *       +-----------+------+-------+-------+------+---------------------+-----------------------------------------+
 *        0           4      5       6       7      8                     16
 * </pre>
 *
 * Why fixed little-endian structs and not protobuf: a Cortex-M receives a frame into a static buffer and can check
 * and {@code memcpy} every field without a decoder runtime, every message has a known maximum size (no dynamic
 * allocation on the device), and a byte offset in the specification is all a firmware engineer needs. The one
 * variable-length message (the setpoint block) has its length fixed by two count bytes. Why CRC-32C (Castagnoli):
 * for frames up to 655 bytes it detects every error of up to 5 flipped bits (Hamming distance 6; Koopman's tables),
 * where CRC-16/CCITT reaches 4, and a random corruption slips through with probability 2^-32, not 2^-16. It costs a
 * 1 KiB table or a few cycles per byte on the device, and it is a JDK intrinsic ({@link java.util.zip.CRC32C}).
 *
 * <p>One {@code *Layout} class per message holds the byte offsets; {@link org.closedloop.protocol.link.FrameEncoder}
 * and {@link org.closedloop.protocol.link.FrameDecoder} do framing, CRC and COBS; neither allocates after
 * construction.
 */
package org.closedloop.protocol.link;
