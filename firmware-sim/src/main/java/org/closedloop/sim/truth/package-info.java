/**
 * Storage shared by the simulators' ground-truth records ({@code cyton.GroundTruth}, {@code stim.StimGroundTruth}):
 * a bounded, growable ring of parallel primitive arrays. Support code for the simulator, not a device model.
 */
package org.closedloop.sim.truth;
