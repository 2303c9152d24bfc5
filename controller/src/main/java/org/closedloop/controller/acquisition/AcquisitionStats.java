package org.closedloop.controller.acquisition;

/**
 * A snapshot of an acquisition's counters.
 *
 * @param samplesReceived      samples decoded and offered to the ring
 * @param samplesLost          samples lost on the link (counter gaps, plus whole wraps seen by the clock)
 * @param gaps                 separate loss events
 * @param longGaps             gaps of 256 samples or more
 * @param overruns             samples dropped because the consumer fell behind (ring full)
 * @param bytesDiscarded       bytes the decoder threw away as garbage
 * @param reconnects           successful reconnects after the device went away
 * @param reconnectGapSamples  samples never acquired while the device was away (clock estimate)
 * @param connected            the link is up and the board streams
 * @param stalled              the link is up but silent beyond the stall threshold
 */
public record AcquisitionStats(long samplesReceived, long samplesLost, long gaps, long longGaps, long overruns,
                               long bytesDiscarded, long reconnects, long reconnectGapSamples, boolean connected,
                               boolean stalled) {
}
