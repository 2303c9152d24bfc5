/**
 * A simulated multi-channel tACS current stimulator on its own pseudo-terminal, implementing the device side of
 * {@code hardware-docs/stimulator-protocol.md} with its own independent copy of the hard limits.
 *
 * <pre>
 *   controller (jssc)                 pty                     simulated stimulator
 *   ---------------------------  /dev/pts/N  -------------------------------------------------------------
 *   frames ------------------------------------> stim-sim-reader: stamp arrival, split at 0x00, inject
 *                                                  incoming faults, FrameDecoder --> DeviceEvent inbox
 *                                                                                        |
 *   enable relay (GPIO) ---- setEnableLine ----------------------------------------> DeviceEvent inbox
 *   fault injection -------- faults() -----------------------------------------------> DeviceEvent inbox
 *                                                                                        v
 *                                                stim-sim-dac: every 1 ms tick, apply events stamped
 *                                                  before it, then StimFirmware.tick: queue -> checks ->
 *                                                  ElectrodeModel (V = I R, compliance) -> measurement ->
 *                                                  StimGroundTruth -> DeliveredCurrentSink (optional: the
 *                                                  simulated head, see org.closedloop.sim.bench)
 *                                                          | replies, fault reports
 *                                                          v
 *   frames <------------------------------------ stim-sim-writer: inject outgoing faults, write
 * </pre>
 *
 * Entry point: {@link org.closedloop.sim.stim.SimulatedStimulator#start(StimSimConfig)}, or
 * {@link org.closedloop.sim.stim.SimulatedStimulator#start(StimSimConfig, DeliveredCurrentSink)} to be told every
 * DAC tick's delivered current (host time, µA per channel, exactly as {@link org.closedloop.sim.stim.StimGroundTruth}
 * records it) on the DAC thread.
 */
package org.closedloop.sim.stim;
