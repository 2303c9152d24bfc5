/**
 * Recording: BDF+ files (24-bit, the board's full resolution) written incrementally, with annotations, and read back
 * for deterministic replay.
 *
 * <pre>
 *  header: 256 bytes + 256 per signal (ASCII, space padded)      data record r (1 s each), repeated:
 *  +---------+-------------+---------+-----+--------------+      +----------+----------+-----+------------------+
 *  | 0xFF    | patient     | record  | ... | "BDF+C"  #rec|      | ch1: n x | ch2: n x | ... | BDF Annotations: |
 *  | BIOSEMI | S-017 X X X | Startd..|     | (updated as  |      | int24 LE | int24 LE |     | "+r" 0x14 0x14 0 |
 *  +---------+-------------+---------+-----+  records land)+      +----------+----------+-----+ then TALs, 0-pad  +
 *
 *  per channel, transducer type (80 chars): "AgAgCl electrode gain=24 uV_per_count=0.022351744455307063"
 *  count -2^23 on every channel: a sample never acquired (annotated "no data: N samples (reason)")
 * </pre>
 *
 * <p>{@link org.closedloop.controller.recording.BdfPlusWriter} writes; {@link
 * org.closedloop.controller.recording.BdfPlusReader} reads counts, the exact µV per count and the annotations, and
 * tolerates what a crash leaves (a stale or -1 record count, a partial last record). Field offsets are in {@code
 * BdfHeaderLayout}.
 */
package org.closedloop.controller.recording;
