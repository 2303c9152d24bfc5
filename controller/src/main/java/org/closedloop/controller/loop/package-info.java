/**
 * The closed loop: rules from the protocol evaluated on the streaming features, deciding when blocks start, stop
 * or start at a target phase ({@code scale_amplitude} rules are refused by the session: the stimulation loop cannot
 * change a running plan's amplitude yet). Decisions are made on the acquisition's continuous sample index, never
 * on the wall clock, so replaying a recording through the same rules gives the same decisions.
 */
package org.closedloop.controller.loop;
