package org.closedloop.sim.cyton;

import java.time.Duration;

/**
 * A fault request, validated by {@link FaultInjector} and applied by the pacing thread at the next packet boundary.
 *
 * <p><b>Thread safety:</b> immutable.
 */
sealed interface Fault {
    /** Random bytes between two packets. */
    record Garbage(int bytes) implements Fault {
    }

    /** The next packets sent structurally destroyed. */
    record Corrupt(int packets) implements Fault {
    }

    /** The next samples generated but not sent. */
    record Drop(int packets) implements Fault {
    }

    /** The next packets sent with an invalid stop byte. */
    record BadStop(int packets) implements Fault {
    }

    /** Nothing sent for a while; samples due meanwhile are lost. */
    record Stall(Duration duration) implements Fault {
    }

    /** The device disappears and comes back as a fresh board on a new pty. */
    record Unplug(Duration duration) implements Fault {
    }
}
