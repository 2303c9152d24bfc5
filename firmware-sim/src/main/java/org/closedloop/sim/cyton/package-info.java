/**
 * A simulated OpenBCI Cyton (firmware v3) on a pseudo-terminal, with exact ground truth and fault injection.
 *
 * <pre>
 *  controller --(jssc opens devicePath())--&gt; /dev/pts/N &lt;==pty==&gt; master
 *     cyton-sim-reader-K: master bytes -&gt; CytonCommandParser -&gt; inbox
 *     cyton-sim-pacer-K:  inbox (commands, faults) -&gt; replies;
 *                         SyntheticEeg -&gt; BoardSettings (gain) -&gt; PacketBatch (CytonPacketEncoder)
 *                         -&gt; GroundTruth, then write to master
 *
 *  command                         reply (when not streaming)                 while streaming
 *  v                               banner ... SYNTHETIC DATA\n$$$             stops, replies
 *  d                               updating channel settings to default$$$    silent, stream restarts at 0
 *  x CH PWR GAIN IN BIAS SRB2 SRB1 X   Success: Channel set for CH$$$         silent, stream restarts at 0
 *  ~0..~6                          Success: Sample rate is 250Hz$$$           silent, stream restarts at 0
 *  ~~                              Success: Sample rate is 250Hz$$$           replies (between packets)
 *  z CH P N Z                      Success: Lead off set for CH$$$            silent, stream restarts at 0
 *  1..8 / !@#$%^&amp;*                 (none) channel off / on                    stream restarts at 0
 *  V                               v3.1.2$$$                                  replies
 *  b / s                           (none) start (counter 0) / stop
 *  malformed                       Failure: ...$$$                            silent
 *  anything else                   ignored silently, like the real firmware
 * </pre>
 */
package org.closedloop.sim.cyton;
