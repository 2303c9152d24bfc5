/**
 * The interlock: a state machine that every stimulation output must pass, its two facets and the setpoint gate.
 *
 * <pre>
 *                 arm(operator, approved plan)           start() [impedance, acquisition, ledger]
 *   +----------+ ---------------------------&gt; +-------+ ---------------------------&gt; +-------------+
 *   | DISARMED |                              | ARMED |                              | STIMULATING |
 *   +----------+ &lt;--------------------------- +-------+                              +-------------+
 *      ^    ^      stop(operator), loop stop,     ^                                         |
 *      |    |      expiry (120 s unused)          | ramp-down done after a stall,   plan's ramp-down,
 *      |    |                                     | or a closed-loop run's end     stop(operator), loop
 *      |    |                                     |                                stop, stall &gt; 250 ms
 *      |    |   ramp-down done             +--------------+                                 |
 *      |    +----------------------------- | RAMPING_DOWN | &lt;-------------------------------+
 *      |      (stop / end of protocol)     +--------------+
 *      |
 *      |  resetFault(operator, non-blank reason) [E-stop released, no new hazard in that call]
 *      |
 *   +-------+ &lt;== from any state, at once: E-stop, refused block, device fault, over-current,
 *   | FAULT |     device watchdog, impedance &gt; 20 kOhm, compliance saturation, clock fault.
 *   +-------+     Output is zeroed first; FAULT is latched until an operator resets it.
 * </pre>
 *
 * <p>Who may do what: {@link org.closedloop.safety.interlock.OperatorConsole} (operator UI) arms, stops and resets;
 * {@link org.closedloop.safety.interlock.LoopFacet} (closed loop) starts an armed plan, stops softly, reports device
 * and acquisition events and owns the {@link org.closedloop.safety.interlock.SetpointGate};
 * {@link org.closedloop.safety.interlock.EmergencyStop} is the only part written from other threads.
 *
 * <p>Threading contract: one owner thread makes every call; an emergency stop from another thread is a lock-free flag
 * that the owner thread observes at its next call, at the latest before the next block passes the gate.
 */
package org.closedloop.safety.interlock;
