/**
 * Synthetic EEG with ground truth: 1/f background, alpha bursts with a known envelope and phase, line noise and
 * blinks, deterministic for a seed and usable offline (DSP tests) as well as inside the device simulator. With a
 * {@link org.closedloop.sim.eeg.StimulationField} attached, the brain model adds the stimulation artefact and the
 * entrainment of the alpha oscillator ({@link org.closedloop.sim.eeg.StimulationResponse}).
 */
package org.closedloop.sim.eeg;
