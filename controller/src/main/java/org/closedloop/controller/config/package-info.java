/**
 * Validation of stimulation protocols ({@code closedloop.protocol.v1.StimulationProtocol}): structural checks owned by
 * the controller, and the mapping of every block to worst-case {@link org.closedloop.safety.plan.StimulationPlan}s
 * that the safety module's {@link org.closedloop.safety.plan.PlanChecker} must approve. Entry point:
 * {@link org.closedloop.controller.config.ProtocolValidator}.
 */
package org.closedloop.controller.config;
