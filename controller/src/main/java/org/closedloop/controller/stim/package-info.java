/**
 * Stimulation: the stimulator role ({@link org.closedloop.controller.stim.Stimulator}) and its serial adapter
 * ({@link org.closedloop.controller.stim.SerialStimulator}, protocol in {@code hardware-docs/stimulator-protocol.md}),
 * and the stimulation loop ({@link org.closedloop.controller.stim.StimulationLoop}) that turns the interlock's armed
 * plan into gated setpoint blocks.
 *
 * <pre>
 *  operator UI ── OperatorCommands ──┐                        ┌── Interlock (owner: stim-loop)
 *  closed loop ── ClosedLoopCommands ─┼─► StimulationLoop ─────┤     gate().checkBlock(...) before every write
 *  GPIO E-stop ── SafetyLines ────────┘    (thread stim-loop)  ├── BlockStreamer ── WaveformSynthesizer
 *                                                              ├── DeviceSession (status, faults -> interlock)
 *                                                              └── Stimulator ── SerialStimulator ── jssc ── device
 * </pre>
 */
package org.closedloop.controller.stim;
