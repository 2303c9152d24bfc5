/**
 * Hard safety limits and the interlock that every stimulation setpoint must pass.
 *
 * <p>This module depends on the JDK only (the build enforces it). Its parts:
 * <ul>
 *   <li>{@link org.closedloop.safety.SafetyLimits}: the hard limits, constants in code; nothing read at run time can
 *       loosen them. Each one is listed with its source in {@code hardware-docs/safety-case.md}, and a test keeps the
 *       document and the constants identical.</li>
 *   <li>{@link org.closedloop.safety.plan}: the stimulation plan value type and the {@code PlanChecker} that approves
 *       or refuses a plan, listing every violated rule.</li>
 *   <li>{@link org.closedloop.safety.ledger}: the per-subject daily stimulation-time ledger, persisted atomically.</li>
 *   <li>{@link org.closedloop.safety.interlock}: the interlock state machine, its operator and loop facets, the
 *       emergency stop flag and the sample-level {@code SetpointGate}.</li>
 * </ul>
 *
 * <p>Units are in the names: currents in microamperes ({@code int} where exactness matters), areas in cm², times as
 * nanoseconds on the injected {@link org.closedloop.safety.SafetyClock}, frequencies in hertz, impedances in ohms.
 */
package org.closedloop.safety;
