/**
 * The simulated bench: a simulated EEG board and a simulated stimulator coupled through the simulated head, so that
 * a closed-loop controller that opens both devices sees its own stimulation in the EEG. Entry point:
 * {@link org.closedloop.sim.bench.SimulatedBench#start}.
 *
 * <pre>
 *  controller                      simulated stimulator (org.closedloop.sim.stim)
 *  stimulator port --/dev/pts/M--&gt; stim-sim-dac, every 1 ms DAC tick k:
 *                                    StimGroundTruth.append(tickHostNanos_k, delivered µA per channel)
 *                                    StimulationFieldFeed.onDelivered(tickHostNanos_k, delivered)
 *                                      SampledStimulationField.push(tickHostNanos_k, µA as double)  one step a tick
 *                                                                        |
 *                                                                        | currentsAt(dueNanos_n): newest step
 *                                  simulated Cyton (org.closedloop.sim.cyton)  at or before it (sample and hold)
 *  EEG port &lt;-------/dev/pts/N---- cyton-sim-pacer, sample n due at     v
 *                                    dueNanos_n = streamStart + (n+1) / fs: SyntheticEeg.next(µV, dueNanos_n)
 *                                      artefact_c = sum_e L[c][e] * I_e; alpha entrained by sum_e w_e * I_e
 * </pre>
 *
 * <p><b>Timeline.</b> Both sides stamp on the host's {@link java.lang.System#nanoTime()}: a tick with the host time
 * at which the stimulator's (possibly drifting) device clock reached it, a sample with its due time. Electrode
 * {@code e} of the field is stimulator channel {@code e}, so the board's
 * {@link org.closedloop.sim.eeg.StimulationResponse} needs one leadfield column and one entrainment weight per
 * stimulator channel (the default describes two: channel 1 occipital, channel 2 the frontal return, as a +I/-I
 * pair). A sample sees the tick in force at its due time as soon as the DAC thread has output that tick; if the
 * DAC thread runs late, the board's pacing thread may compute the sample first and see the tick before (the
 * current held one tick longer: at 10 Hz and 1 kHz that shifts the artefact's phase by at most 3.6 degrees for
 * that sample and its amplitude by at most 0.2 %).
 *
 * <p><b>Determinism.</b> The unstimulated EEG is bit-identical for a seed, as always. The coupled EEG is a
 * deterministic function of the seed and the current each sample saw: reproducible given the same
 * delivered-current history at the same sample times, not run to run, because it depends on when the controller
 * stimulated (and, by up to a tick, on thread timing, above). The stimulator's ground truth records that history
 * tick by tick; the board's ground truth records each sample's generation time, not its due time.
 */
package org.closedloop.sim.bench;
