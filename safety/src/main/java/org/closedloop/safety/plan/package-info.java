/**
 * The stimulation plan and its check.
 *
 * <p>{@link org.closedloop.safety.plan.StimulationPlan} is an immutable value validated for <em>structure</em> at
 * construction (it throws {@link java.lang.IllegalArgumentException} with a {@code name=value} message when, say, an
 * amplitude array has the wrong length). Whether the plan is <em>safe</em> is the job of
 * {@link org.closedloop.safety.plan.PlanChecker}, which never throws: it returns a
 * {@link org.closedloop.safety.plan.PlanVerdict} listing every violated rule. That is why unsafe values (a missing
 * electrode area, 3 mA, 200 Hz, a 0 s ramp) are representable.
 *
 * <p>The waveform of electrode {@code e} at time {@code t} after the start of a run is
 * <pre>
 *   I_e(t) = env(t) · ( dc_e + Σ_k A_k,e · sin(2π f_k t + φ_k,e) )
 * </pre>
 * where {@code env} rises linearly from 0 to 1 over the ramp-up, stays at 1 and falls linearly to 0 over the
 * ramp-down that ends at the plan's duration (for a sham plan: a ramp up and straight down again at the start and at
 * the end, and zero in between).
 */
package org.closedloop.safety.plan;
