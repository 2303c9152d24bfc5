package org.closedloop.controller.stim;

import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;

/**
 * An in-memory stimulator for loop tests that need a device the simulator cannot be (a real one, or one with other
 * limits): answers every command at once and records only
 * the blocks' count and start times.
 *
 * <p><b>Thread safety:</b> not thread safe; used from the loop thread.
 */
final class FakeStimulator implements Stimulator {
    private final DeviceIdentity identity;
    int configures;
    /** Blocks written, and the start of the first and the latest (Long.MIN_VALUE before any). */
    int blocks;
    long firstBlockStartNs = Long.MIN_VALUE;
    long lastBlockStartNs = Long.MIN_VALUE;

    FakeStimulator(boolean simulator, int peakMicroAmps) {
        this.identity = new DeviceIdentity(1, simulator, 8, 20, 1000, false, DeviceState.IDLE, 0x1234, 0, null, 0, 0,
                peakMicroAmps, 4000, 10, 20, 2000, 15000, 100, 100, 20000, "fake 0");
    }

    @Override
    public DeviceIdentity connect() {
        return identity;
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    @Override
    public void configure(int channelCount, int[] areaCentiCm2) {
        configures++;
    }

    @Override
    public ImpedanceReport measureImpedance() {
        return new ImpedanceReport(System.nanoTime(), new long[] {5000, 5000});
    }

    @Override
    public void sendBlock(long blockSeq, long startNs, int channelCount, int sampleCount, int[] microAmps) {
        if (blocks++ == 0) {
            firstBlockStartNs = startNs;
        }
        lastBlockStartNs = startNs;
    }

    @Override
    public void endRun(long lastBlockSeq) {
    }

    @Override
    public void heartbeat() {
    }

    @Override
    public boolean stopNow() {
        return true;
    }

    @Override
    public boolean resetFault(FaultCode code) {
        return true;
    }

    @Override
    public DeviceStatus latestStatus() {
        return null;
    }

    @Override
    public DeviceFaultReport pollFaultReport() {
        return null;
    }

    @Override
    public long lastBootId() {
        return identity.bootId();
    }

    @Override
    public long toDeviceMicros(long hostNs) {
        return hostNs / 1000;
    }

    @Override
    public boolean isHealthy() {
        return true;
    }

    @Override
    public LinkStats stats() {
        return new LinkStats(0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
    }
}
