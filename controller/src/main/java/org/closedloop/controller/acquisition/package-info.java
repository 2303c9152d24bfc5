/**
 * Acquisition: the serial link to the EEG board (jssc), the Cyton handshake, supervision of the link (stall,
 * disappearance, reconnect with back-off) and the allocation-free hand-over of samples to the loop.
 *
 * <pre>
 *  jssc event thread                           consumer thread (loop / live summary / recorder)
 *  bytes -> CytonStreamDecoder -> scale to uV -> OneToOneSampleRing -> poll(SampleFrame) ...
 *           SampleLossTracker (gaps)              (parks when empty; producer unparks it)
 *  supervisor thread: every 50 ms looks at the last arrival; hang-up -> close, reopen with back-off, report gap
 * </pre>
 */
package org.closedloop.controller.acquisition;
