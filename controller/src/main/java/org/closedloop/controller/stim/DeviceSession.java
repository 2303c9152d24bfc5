package org.closedloop.controller.stim;

import java.util.Arrays;
import java.util.List;
import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.protocol.link.SetpointBlockLayout;
import org.closedloop.safety.SafetyClock;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.interlock.LoopFacet;
import org.tinylog.Logger;

/**
 * The stimulation loop's view of the device: the session (identity, boot id), and the translation of everything the
 * device reports into the interlock. Every fault the device latches (a FAULT_REPORT, or a new bit in a STATUS's fault
 * set) becomes the matching hazard once; a new boot id is a hazard and starts a new session; no STATUS for the
 * configured timeout during a run is a device-watchdog hazard; a link that is gone is a device fault. During a run the
 * device's impedance estimates go to the interlock (at most every {@value #IMPEDANCE_REPORT_PERIOD_MS} ms per channel).
 * A device that still runs after the interlock stopped (a STOP was lost) gets STOP again.
 *
 * <p><b>Thread safety:</b> owned by the stimulation loop; {@link #identity()} and {@link #deviceFaults()} may be read
 * from any thread.
 */
final class DeviceSession {
    static final long IMPEDANCE_REPORT_PERIOD_MS = 100;
    static final long HEALTH_CHECK_PERIOD_MS = 100;

    private final Stimulator stimulator;
    private final LoopFacet facet;
    private final SafetyClock clock;
    private final StimConfig config;
    private final long[] lastImpedanceForwardNs = new long[SetpointBlockLayout.MAX_CHANNELS];
    private volatile DeviceIdentity identity; // read by StimulationLoop.stats() from any thread
    private long sessionBootId;
    private long reportedFaultBits;
    private DeviceStatus lastStatus;
    private long lastStatusNs;
    /** Statuses received before this (e.g. before the device's fault was reset) describe a past state. */
    private long ignoreStatusBeforeNs = Long.MIN_VALUE;
    private volatile long deviceFaults; // read by StimulationLoop.stats() from any thread
    private long lastHealthCheckNs;

    DeviceSession(Stimulator stimulator, LoopFacet facet, SafetyClock clock, StimConfig config) {
        this.stimulator = stimulator;
        this.facet = facet;
        this.clock = clock;
        this.config = config;
    }

    /** The identity of the session, or null if not connected. */
    DeviceIdentity identity() {
        return identity;
    }

    boolean isConnected() {
        return identity != null && stimulator.isHealthy();
    }

    /** Device faults forwarded to the interlock so far. */
    long deviceFaults() {
        return deviceFaults;
    }

    /**
     * Connects (or reconnects); a device fit for this controller with a latched fault is connected and its fault is
     * reported to the interlock at once.
     *
     * @return null if connected, else why not
     */
    String connect() {
        try {
            identity = stimulator.connect();
        } catch (StimulatorException e) {
            identity = null;
            Logger.error("stimulator not connected: {}", e.getMessage());
            return e.getMessage();
        }
        sessionBootId = identity.bootId();
        lastStatusNs = clock.nanoTime();
        ignoreStatusBeforeNs = lastStatusNs;
        reportedFaultBits = 0;
        List<String> problems = identity.problems();
        if (!problems.isEmpty()) {
            String why = "the stimulator cannot be used with this controller: " + String.join("; ", problems);
            Logger.error(why);
            identity = null;
            return why;
        }
        if (identity.firstFault() != null) {
            reportedFaultBits = identity.faultSet();
            fault(identity.firstFault(), -1, "the stimulator has a latched fault from before this connection: "
                    + identity.firstFault() + " (" + FaultCode.describeSet(identity.faultSet()) + ")");
        }
        return null;
    }

    /** A run begins: the status timeout and the impedance forwarding start afresh. */
    void beginRun() {
        Arrays.fill(lastImpedanceForwardNs, Long.MIN_VALUE / 2);
        lastStatusNs = clock.nanoTime();
    }

    /** The device's fault was reset: statuses from before describe the old fault. */
    void faultReset() {
        reportedFaultBits = 0;
        ignoreStatusBeforeNs = clock.nanoTime();
        if (identity != null && identity.firstFault() != null) {
            connect(); // a fresh identity without the old fault
        }
    }

    /** The latest STATUS, or null if none arrived since the last connection or fault reset. */
    DeviceStatus currentStatus() {
        DeviceStatus s = stimulator.latestStatus();
        return s == null || s.receivedAtNs() < ignoreStatusBeforeNs ? null : s;
    }

    /**
     * Takes what the device reported since the last call.
     *
     * @param running whether the interlock is STIMULATING or RAMPING_DOWN with a run streaming
     * @param channels channels of the run
     */
    void watch(long now, boolean running, int channels) {
        if (identity == null) {
            return;
        }
        DeviceFaultReport report;
        while ((report = stimulator.pollFaultReport()) != null) {
            if (report.code() == null || (reportedFaultBits & report.code().bit()) == 0) {
                if (report.code() != null) {
                    reportedFaultBits |= report.code().bit();
                }
                fault(report.code(), report.channel(), report.value(), report.toString());
            }
        }
        if (stimulator.lastBootId() != sessionBootId) {
            long before = sessionBootId;
            fault(FaultCode.UNEXPECTED_RESET, -1, "the stimulator restarted (boot id 0x" + Long.toHexString(before)
                    + " -> 0x" + Long.toHexString(stimulator.lastBootId()) + ")");
            connect(); // a new session: its clock started again
            return;
        }
        DeviceStatus s = currentStatus();
        if (s != null && s != lastStatus) {
            lastStatus = s;
            lastStatusNs = s.receivedAtNs();
            long newBits = s.faultSet() & ~reportedFaultBits;
            if (newBits != 0) {
                reportedFaultBits |= newBits;
                fault(s.firstFault(), s.faultChannel(), "stimulator status: fault " + s.firstFault() + " ("
                        + FaultCode.describeSet(s.faultSet()) + ")");
            }
            if (running) {
                for (int c = 0; c < channels; c++) {
                    long z = s.impedanceOhms(c);
                    if (z >= 0 && s.receivedAtNs() - lastImpedanceForwardNs[c] >= IMPEDANCE_REPORT_PERIOD_MS * 1_000_000L) {
                        lastImpedanceForwardNs[c] = s.receivedAtNs();
                        facet.reportImpedance(c, z, s.receivedAtNs());
                    }
                }
            } else if (s.state() == DeviceState.RUNNING) {
                stimulator.stopNow(); // the interlock has stopped but the device still runs: the STOP was lost
            }
        }
        if (running && now - lastStatusNs > config.statusTimeoutMs() * 1_000_000L) {
            deviceFaults++;
            facet.reportDeviceWatchdog("no STATUS from the stimulator for " + (now - lastStatusNs) / 1_000_000
                    + " ms (limit " + config.statusTimeoutMs() + " ms)");
            lastStatusNs = now; // once per silence
        }
        // the link's health check touches the file system (is the device node still there?): a few times a second
        if (now - lastHealthCheckNs >= HEALTH_CHECK_PERIOD_MS * 1_000_000L) {
            lastHealthCheckNs = now;
            if (!stimulator.isHealthy()) {
                linkFailed(new StimulatorException("the link to the stimulator is gone"));
            }
        }
    }

    /** A device fault becomes the matching interlock hazard (FAULT, output cut). */
    void fault(FaultCode code, int channel, String detail) {
        fault(code, channel, -1, detail);
    }

    /**
     * As {@link #fault(FaultCode, int, String)}, with the offending value the device reported ({@code -1} if none):
     * for IMPEDANCE_HIGH the ohms it measured.
     */
    private void fault(FaultCode code, int channel, long value, String detail) {
        deviceFaults++;
        if (code == null) {
            facet.reportDeviceFault(detail);
            return;
        }
        switch (code) {
            case WATCHDOG -> facet.reportDeviceWatchdog(detail);
            case COMPLIANCE_SATURATION -> facet.reportComplianceSaturation(Math.max(channel, 0));
            case OVER_CURRENT -> facet.reportOverCurrent(detail);
            case IMPEDANCE_HIGH -> impedanceHigh(channel, value, detail);
            default -> facet.reportDeviceFault(detail);
        }
    }

    /**
     * The device measured {@code ohms} on {@code channel} during a run and latched IMPEDANCE_HIGH: during a run the
     * interlock's own impedance rule judges the measurement (IMPEDANCE_FAULT, naming the electrode); whenever that
     * rule does not end in FAULT (no run, no value, a channel outside the plan) it is a device fault all the same.
     */
    private void impedanceHigh(int channel, long ohms, String detail) {
        InterlockState s = facet.state();
        boolean running = s == InterlockState.STIMULATING || s == InterlockState.RAMPING_DOWN;
        if (!running || channel < 0 || channel >= SetpointBlockLayout.MAX_CHANNELS || ohms < 0
                || facet.reportImpedance(channel, ohms, clock.nanoTime()) != InterlockState.FAULT) {
            facet.reportDeviceFault(detail);
        }
    }

    /** The link failed: a device fault; the session is over. */
    void linkFailed(StimulatorException e) {
        Logger.error("stimulator link failed: {}", e.getMessage());
        deviceFaults++;
        facet.reportDeviceFault("stimulator link: " + e.getMessage());
        identity = null;
    }
}
