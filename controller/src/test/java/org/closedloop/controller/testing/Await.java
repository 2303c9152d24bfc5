package org.closedloop.controller.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting in tests for something another thread or process does, and how often a test may retry after a real-time
 * miss of this machine.
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class Await {
    /**
     * Attempts a hardware-in-the-loop test makes when its run is stopped by a real-time miss of this machine (a
     * device underrun or watchdog, a late block, an acquisition stall): this VM's CPU steal comes in bursts of
     * seconds, and three attempts were once not enough.
     */
    public static final int REAL_TIME_ATTEMPTS = 5;

    private Await() {
    }

    /**
     * Polls {@code condition} every 2 ms until it holds; fails after {@code timeout} with {@code what} (built then,
     * so it can describe the situation at the time of the failure).
     */
    public static void until(Supplier<String> what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            Thread.sleep(2);
        }
    }
}
