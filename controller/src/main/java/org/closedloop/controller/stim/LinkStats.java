package org.closedloop.controller.stim;

/**
 * Counters of the host's side of the stimulator link since the adapter was created.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param framesSent        frames written
 * @param framesReceived    valid frames received
 * @param framesDropped     frames received damaged (CRC, COBS, length, header) and dropped
 * @param sequenceGaps      frames from the device missing by sequence number
 * @param staleFrames       frames ignored because they belonged to an earlier session
 * @param replyTimeouts     commands whose answer did not come in time
 * @param clockDelayNs      smallest round-trip delay of the recent clock exchanges, ns
 * @param clockDriftPpm     estimated device clock drift, ppm
 */
public record LinkStats(long framesSent, long framesReceived, long framesDropped, long sequenceGaps,
                        long staleFrames, long replyTimeouts, long clockDelayNs, double clockDriftPpm) {
}
