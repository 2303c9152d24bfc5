/**
 * On-device signal processing for the closed loop, JDK only: per-sample streaming band power (absolute and
 * relative), DC removal and line-noise notches, channel quality flags, the individual alpha frequency, and causal
 * phase estimation with phase prediction (endpoint-corrected Hilbert transform); plus a windowed Welch estimator for
 * reports and as the reference for the streaming one.
 *
 * <p>The entry point is {@link org.closedloop.controller.dsp.FeatureExtractor}, configured by a
 * {@link org.closedloop.controller.dsp.DspConfig}. State is kept channel-major in primitive arrays so that the
 * per-sample loops run across channels and vectorise; nothing allocates after construction.
 */
package org.closedloop.controller.dsp;
