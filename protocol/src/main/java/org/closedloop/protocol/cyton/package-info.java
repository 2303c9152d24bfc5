/**
 * The OpenBCI Cyton serial stream: packet layout, scaling, an encoder and a resynchronising streaming decoder.
 *
 * <pre>
 *  byte  0      1        2..4   5..7   8..10  11..13 14..16 17..19 20..22 23..25  26..31        32
 *       +------+--------+------+------+------+------+------+------+------+------+-------------+------+
 *       | 0xA0 | sample | ch1  | ch2  | ch3  | ch4  | ch5  | ch6  | ch7  | ch8  | aux (6 B)   | stop |
 *       |header| 0..255 | 24-bit signed big-endian ADS1299 counts (two's complement)           |C0..C6|
 *       +------+--------+------+------+------+------+------+------+------+------+-------------+------+
 *  stop 0xC0: aux = accelerometer X, Y, Z as int16 big-endian, 0.002/16 g per count (LIS3DH, +-4 g).
 *  stop 0xC1..0xC6: aux carries user-defined or time-stamp data; passed through unchanged.
 *  microvolts per count = 4.5 V / gain / (2^23 - 1) * 10^6  (gain 24: 0.0223517 uV).
 * </pre>
 *
 * The link has no checksum: the only structure is the header byte, the stop byte 32 bytes later and the 8-bit
 * sample counter. {@link org.closedloop.protocol.cyton.CytonStreamDecoder} uses all three to resynchronise.
 */
package org.closedloop.protocol.cyton;
