/**
 * Synthetic EEG with ground truth: 1/f background, alpha bursts with a known envelope and phase, line noise and
 * blinks, deterministic for a seed and usable offline (DSP tests) as well as inside the device simulator.
 */
package org.closedloop.sim.eeg;
