/**
 * Recording: BDF+ files (24-bit, the board's full resolution) written incrementally, with annotations.
 *
 * <pre>
 *  header: 256 bytes + 256 per signal (ASCII, space padded)      data record r (1 s each), repeated:
 *  +---------+-------------+---------+-----+--------------+      +----------+----------+-----+------------------+
 *  | 0xFF    | patient     | record  | ... | "BDF+C"  #rec|      | ch1: n x | ch2: n x | ... | BDF Annotations: |
 *  | BIOSEMI | S-017 X X X | Startd..|     | (updated as  |      | int24 LE | int24 LE |     | "+r" 0x14 0x14 0 |
 *  +---------+-------------+---------+-----+  records land)+      +----------+----------+-----+ then TALs, 0-pad  +
 * </pre>
 */
package org.closedloop.controller.recording;
