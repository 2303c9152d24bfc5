package org.closedloop.safety.plan;

/**
 * What an electrode is for, as recorded in the session manifest. The checks treat every electrode of a plan the same
 * way: all of them carry current (in tACS the polarity alternates, so "anode" and "cathode" do not apply), all must
 * declare a contact area and all must pass the impedance check.
 *
 * <p>Thread safety: immutable.
 */
public enum ElectrodeRole {
    /** An electrode over the stimulation target. */
    ACTIVE,
    /** A return (reference) electrode. */
    RETURN
}
