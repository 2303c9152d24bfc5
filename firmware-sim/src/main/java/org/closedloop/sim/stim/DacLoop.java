package org.closedloop.sim.stim;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.tinylog.Logger;

/**
 * The firmware's main loop, run by the DAC thread: sleeps until the next DAC tick is due on the host clock, applies
 * (in arrival order) every event stamped before that tick, then lets the firmware output the tick. If the thread
 * falls behind it catches up tick by tick with the same rule, so what the device outputs at a tick depends only on
 * what it had received by that tick's time, never on how late this thread ran.
 *
 * <p><b>Thread safety:</b> {@link #submit} and {@link #requestClose} are thread safe; the rest runs on the DAC
 * thread.
 */
final class DacLoop implements Runnable {
    private final StimFirmware firmware;
    private final DeviceClock clock;
    private final ConcurrentLinkedQueue<DeviceEvent> inbox = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean closing;

    DacLoop(StimFirmware firmware, DeviceClock clock) {
        this.firmware = firmware;
        this.clock = clock;
    }

    void bindThread(Thread dacThread) {
        this.thread = dacThread;
    }

    /** Queues an event for the firmware (it is applied at the first tick at or after its time stamp). */
    void submit(DeviceEvent event) {
        inbox.offer(event);
    }

    void requestClose() {
        closing = true;
        LockSupport.unpark(thread);
    }

    @Override
    public void run() {
        try {
            long tickUs = clock.deviceMicros(System.nanoTime()) + org.closedloop.protocol.link.SetpointBlockLayout
                    .SAMPLE_PERIOD_US;
            while (!closing) {
                long tickNanos = clock.hostNanos(tickUs);
                long wait = tickNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                    continue; // an early wake-up just goes round again
                }
                DeviceEvent e;
                while ((e = inbox.peek()) != null && e.atNanos() - tickNanos <= 0) {
                    inbox.poll();
                    firmware.apply(e);
                }
                if (firmware.consumeReboot()) {
                    tickUs = clock.deviceMicros(tickNanos);
                }
                firmware.tick(tickUs, tickNanos);
                tickUs = firmware.nextTickAfter(tickUs);
            }
        } catch (RuntimeException | Error e) {
            if (!closing) {
                Logger.error(e, "simulated stimulator stopped by an unexpected error");
            }
        }
    }
}
