/**
 * A stimulation session: the closed loop from samples to stimulation, armed by an operator, recorded, replayable.
 *
 * <pre>
 *   board --pty/serial--&gt; CytonAcquisition --SPSC ring--&gt; session-loop: SessionPipeline (DSP features, rules)
 *                                                              |  decisions: start at phase / start / stop
 *                                                              v
 *   stimulator &lt;--serial-- StimulationLoop (stim-loop: interlock, gate, synthesis)   [operator: arm, stop, reset]
 *                                                              |
 *   session-recorder &lt;--rings, event queue-- samples, feature rows, events, safety decisions
 *      writes recording.bdf (BDF+), features.csv, decisions.csv, session.log, manifest.json, the audit log
 * </pre>
 *
 * <ul>
 *   <li>{@link org.closedloop.controller.session.ClosedLoopSession} owns the threads and devices of one session and
 *       the operator's side (arm preview, arm, stop, reset, status);</li>
 *   <li>{@link org.closedloop.controller.session.SessionPipeline} is the deterministic part, shared with
 *       {@link org.closedloop.controller.session.SessionReplay}: decisions depend only on the samples and their
 *       continuous sample index;</li>
 *   <li>{@link org.closedloop.controller.session.SessionControlServer} is the session's Unix socket (0660) for
 *       {@code closedloop arm}, {@code status} and {@code stop}; there is no network listener;</li>
 *   <li>{@link org.closedloop.controller.session.SessionLock} is held while a session runs; the protocol daemon
 *       refuses uploads then;</li>
 *   <li>{@link org.closedloop.controller.session.LatencyRecorder} keeps the per-sample decision latency
 *       (HdrHistogram).</li>
 * </ul>
 *
 * <p>The loop never arms, resets or exceeds the armed plan: it holds only the stimulation loop's closed-loop
 * commands; arming is an operator's call through the control socket.
 */
package org.closedloop.controller.session;
