package org.closedloop.controller.acquisition;

import java.util.concurrent.TimeUnit;

/**
 * Test consumer: drains an acquisition's ring on its own thread into preallocated arrays.
 *
 * <p><b>Thread safety:</b> one collecting thread writes; the test thread reads after awaitCount() returned.
 */
final class SampleCollector implements AutoCloseable {
    final int[] sampleNumber;
    final long[] sampleIndex;
    final long[] lostBefore;
    final double[][] microvolts;
    private final OneToOneSampleRing ring;
    private final Thread thread;
    private volatile int count;
    private volatile boolean running = true;

    SampleCollector(OneToOneSampleRing ring, int capacity) {
        this.ring = ring;
        this.sampleNumber = new int[capacity];
        this.sampleIndex = new long[capacity];
        this.lostBefore = new long[capacity];
        this.microvolts = new double[capacity][ring.channels()];
        this.thread = new Thread(this::run, "test-collector");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        SampleFrame f = new SampleFrame(ring.channels());
        while (running) {
            if (!ring.awaitAvailable(TimeUnit.MILLISECONDS.toNanos(50))) {
                continue;
            }
            while (ring.poll(f)) {
                int i = count;
                if (i >= sampleNumber.length) {
                    continue; // full: keep draining so the producer never overruns
                }
                sampleNumber[i] = f.sampleNumber;
                sampleIndex[i] = f.sampleIndex;
                lostBefore[i] = f.lostBefore;
                System.arraycopy(f.microvolts, 0, microvolts[i], 0, f.microvolts.length);
                count = i + 1;
            }
        }
    }

    int count() {
        return count;
    }

    /** Waits (parking, polled every 10 ms) until n samples arrived; false on timeout. */
    boolean awaitCount(int n, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (count < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return true;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
