package org.closedloop.controller.stim;

import org.closedloop.protocol.link.SetpointBlockLayout;
import org.closedloop.safety.SafetyLimits;

/**
 * Timing of the stimulation loop, validated on construction with {@code name=value} messages.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param blockSamples       samples per setpoint block at 1 kHz (1-20; default 10: 10 ms blocks)
 * @param horizonMs          how far ahead of now blocks are kept written (default 40 ms): a stop reaches the output
 *                           at most this late by running the queue out, at once by STOP; 2 blocks to 90 ms
 * @param heartbeatMs        period of HEARTBEAT (default 20 ms; 5 ms to half the device watchdog)
 * @param startLeadMs        how long before a requested onset the run is started (the ledger is written then;
 *                           default 60 ms, 20-90 ms)
 * @param statusTimeoutMs    no STATUS for this long during a run is a device watchdog hazard (default 250 ms): it
 *                           detects a device that stopped answering (hung firmware); the device protects itself with
 *                           its own 100 ms watchdog, and a STATUS depends on four threads on two machines, so 100 ms
 *                           here raised false alarms on a loaded host
 * @param impedanceMaxAgeMs  at start, an impedance measurement older than this is repeated (default 30 s; the
 *                           interlock accepts 60 s)
 */
public record StimConfig(int blockSamples, int horizonMs, int heartbeatMs, int startLeadMs, int statusTimeoutMs,
                         int impedanceMaxAgeMs) {
    /** Longest status timeout accepted. */
    public static final int MAX_STATUS_TIMEOUT_MS = 500;

    public StimConfig {
        if (blockSamples < 1 || blockSamples > SetpointBlockLayout.MAX_SAMPLES) {
            throw new IllegalArgumentException("blockSamples=" + blockSamples + ": must be 1-"
                    + SetpointBlockLayout.MAX_SAMPLES);
        }
        if (horizonMs < 2 * blockSamples || horizonMs > 90) {
            throw new IllegalArgumentException("horizonMs=" + horizonMs + ": must be 2 blocks (" + 2 * blockSamples
                    + " ms) to 90 ms (the gate and the device accept 100 ms)");
        }
        if (heartbeatMs < 5 || heartbeatMs > SafetyLimits.DEVICE_WATCHDOG_MILLISECONDS / 2) {
            throw new IllegalArgumentException("heartbeatMs=" + heartbeatMs + ": must be 5 to "
                    + SafetyLimits.DEVICE_WATCHDOG_MILLISECONDS / 2 + " (half the device watchdog)");
        }
        if (startLeadMs < 20 || startLeadMs > 90) {
            throw new IllegalArgumentException("startLeadMs=" + startLeadMs + ": must be 20-90");
        }
        if (statusTimeoutMs < 2 * heartbeatMs || statusTimeoutMs > MAX_STATUS_TIMEOUT_MS) {
            throw new IllegalArgumentException("statusTimeoutMs=" + statusTimeoutMs + ": must be two heartbeats to "
                    + MAX_STATUS_TIMEOUT_MS + " ms");
        }
        if (impedanceMaxAgeMs < 1_000 || impedanceMaxAgeMs > SafetyLimits.MAX_IMPEDANCE_AGE_SECONDS * 1000 / 2) {
            throw new IllegalArgumentException("impedanceMaxAgeMs=" + impedanceMaxAgeMs + ": must be 1000 to "
                    + SafetyLimits.MAX_IMPEDANCE_AGE_SECONDS * 1000 / 2);
        }
    }

    /** 10 ms blocks, 40 ms horizon, 20 ms heartbeat, 60 ms start lead, 250 ms status timeout, 30 s impedance age. */
    public static StimConfig defaults() {
        return new StimConfig(10, 40, 20, 60, 250, 30_000);
    }

    /** These settings with another horizon. */
    public StimConfig withHorizonMs(int ms) {
        return new StimConfig(blockSamples, ms, heartbeatMs, startLeadMs, statusTimeoutMs, impedanceMaxAgeMs);
    }
}
