package org.closedloop.sim.stim;

import static org.closedloop.sim.stim.HostSide.block;
import static org.closedloop.sim.stim.HostSide.pair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32C;
import org.closedloop.protocol.link.AckLayout;
import org.closedloop.protocol.link.AckResult;
import org.closedloop.protocol.link.Cobs;
import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.protocol.link.FaultReportLayout;
import org.closedloop.protocol.link.FrameLayout;
import org.closedloop.protocol.link.IdentifyLayout;
import org.closedloop.protocol.link.LittleEndian;
import org.closedloop.protocol.link.MessageType;
import org.closedloop.protocol.link.StatusLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated stimulator over its real pty, driven by raw frames with no controller and no safety gate in between:
 * what the device does on every command and every error, judged on its ground truth. Deadlines are generous (the
 * machine is shared); assertions are on what the device recorded, never on sleeps.
 */
class SimulatedStimulatorTest {
    private static final int TIMEOUT_MS = 5_000;

    @TempDir
    Path dir;

    private SimulatedStimulator sim;
    private HostSide host;

    @BeforeEach
    void start() throws Exception {
        sim = SimulatedStimulator.start(StimSimConfig.builder().channels(2).linkPath(dir.resolve("stim")).build());
        host = new HostSide(sim.devicePath());
    }

    @AfterEach
    void stop() {
        host.close();
        sim.close();
    }

    private long nowUs() {
        return sim.deviceMicros(System.nanoTime());
    }

    private void configureTwoChannels() throws Exception {
        int seq = host.send(MessageType.CONFIGURE, HostSide.configure(2500, 2500));
        HostSide.Received ack = host.await(MessageType.ACK, TIMEOUT_MS);
        assertEquals(seq, ack.ackSeq());
        assertEquals(AckResult.OK.code(), ack.payload()[AckLayout.RESULT_OFFSET]);
    }

    private AckResult ackOf(int seq) throws Exception {
        HostSide.Received ack = host.await(MessageType.ACK, TIMEOUT_MS);
        assertEquals(seq, ack.ackSeq(), "ack answers the command");
        return AckResult.fromCode(ack.payload()[AckLayout.RESULT_OFFSET]);
    }

    private FaultCode awaitFaultReport() throws Exception {
        HostSide.Received r = host.await(MessageType.FAULT_REPORT, TIMEOUT_MS);
        return FaultCode.fromCode(LittleEndian.getU16(r.payload(), FaultReportLayout.CODE_OFFSET));
    }

    private void awaitBlocksAccepted(long n) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
        while (sim.blocksAccepted() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        assertEquals(n, sim.blocksAccepted(), "blocks accepted");
    }

    @Test
    void shouldIdentifyWithItsOwnLimitsAndEchoTheNonce() throws Exception {
        int seq = host.send(MessageType.HELLO, HostSide.hello(0xCAFE_F00DL));
        HostSide.Received id = host.await(MessageType.IDENTIFY, HostSide.Received::reply, TIMEOUT_MS);
        byte[] p = id.payload();
        assertEquals(seq, id.ackSeq());
        assertEquals(0xCAFE_F00DL, LittleEndian.getU32(p, IdentifyLayout.SESSION_NONCE_OFFSET));
        assertEquals(IdentifyLayout.KIND_SIMULATOR, p[IdentifyLayout.DEVICE_KIND_OFFSET]);
        assertEquals(2, p[IdentifyLayout.CHANNELS_OFFSET]);
        assertEquals(1000, LittleEndian.getU16(p, IdentifyLayout.DAC_RATE_HZ_OFFSET));
        assertEquals(2000, LittleEndian.getU16(p, IdentifyLayout.PEAK_MICROAMPS_OFFSET));
        assertEquals(4000, LittleEndian.getU16(p, IdentifyLayout.TOTAL_MICROAMPS_OFFSET));
        assertEquals(10, LittleEndian.getU16(p, IdentifyLayout.NET_MICROAMPS_OFFSET));
        assertEquals(100, LittleEndian.getU16(p, IdentifyLayout.WATCHDOG_MS_OFFSET));
        assertEquals(DeviceState.IDLE.code(), p[IdentifyLayout.STATE_OFFSET]);
        assertEquals(0, LittleEndian.getU16(p, IdentifyLayout.FIRST_FAULT_OFFSET));
    }

    @Test
    void shouldPlayBlocksAtTheirDeviceTimesAndEndTheRunWithoutAFault() throws Exception {
        configureTwoChannels();
        long start = nowUs() + 30_000;
        int[][] first = new int[10][];
        int[][] second = new int[10][];
        for (int i = 0; i < 10; i++) {
            first[i] = new int[] {10 * i, -10 * i};
            second[i] = new int[] {-5 * i, 5 * i};
        }
        host.send(MessageType.SETPOINT_BLOCK, block(0, start, first));
        host.send(MessageType.SETPOINT_BLOCK, block(1, start + 10_000, second));
        int end = host.send(MessageType.END_RUN, HostSide.endRun(1));
        assertEquals(AckResult.OK, ackOf(end));
        long startNanos = System.nanoTime() + 30_000_000L; // conservative: the end is ≤ 20 ms after start
        assertTrue(sim.groundTruth().awaitTickAt(startNanos + 60_000_000L, Duration.ofSeconds(10)));
        StimGroundTruth.Trace t = sim.groundTruth().trace();
        int at = -1;
        for (int k = 0; k < t.size(); k++) {
            if (t.deviceUs()[k] == start) {
                at = k;
            }
        }
        assertTrue(at >= 0, "a tick at exactly the block's start time");
        for (int i = 0; i < 20; i++) {
            int[] want = i < 10 ? first[i] : second[i - 10];
            assertEquals(start + 1000L * i, t.deviceUs()[at + i], "tick time " + i);
            assertArrayEquals(want, t.setpoint()[at + i], "setpoint " + i);
            assertArrayEquals(want, t.delivered()[at + i], "delivered " + i);
        }
        assertArrayEquals(new int[] {0, 0}, t.delivered()[at + 20], "zero after the last block");
        assertEquals(DeviceState.IDLE, t.states()[at + 21]);
        assertEquals(List.of(), sim.groundTruth().faults());
    }

    @Test
    void shouldRefuseAnOverLimitBlockWholeAndNeverOutputAnyOfIt() throws Exception {
        configureTwoChannels();
        long sent = System.nanoTime();
        int[][] s = pair(10, 100);
        s[9] = new int[] {2001, -2001};
        host.send(MessageType.SETPOINT_BLOCK, block(0, nowUs() + 20_000, s));
        assertEquals(FaultCode.PEAK_CURRENT, awaitFaultReport());
        assertEquals(DeviceState.FAULT, sim.state());
        assertTrue(sim.groundTruth().awaitTickAt(sent + 60_000_000L, Duration.ofSeconds(10)));
        assertEquals(0, sim.groundTruth().maxAbsDelivered(sent, Long.MAX_VALUE), "not even the valid samples");
        StimGroundTruth.FaultEvent f = sim.groundTruth().faults().get(0);
        assertEquals(0, f.channel());
        assertEquals(2001, f.value());
        assertEquals(2000, f.limit());
    }

    @Test
    void shouldZeroOnUnderrunAndLatchTheWatchdogOneHundredMillisecondsAfterTheLastFrame() throws Exception {
        configureTwoChannels();
        long startUs = nowUs() + 50_000;
        long sentUs = nowUs();
        host.send(MessageType.SETPOINT_BLOCK, block(0, startUs, pair(10, 100)));
        assertTrue(sim.groundTruth().awaitFaults(2, Duration.ofSeconds(10)));
        List<StimGroundTruth.FaultEvent> faults = sim.groundTruth().faults();
        assertEquals(FaultCode.UNDERRUN, faults.get(0).code());
        assertEquals(startUs + 10_000, faults.get(0).deviceUs(), "the tick after the last sample");
        assertEquals(FaultCode.WATCHDOG, faults.get(1).code());
        long silentUs = faults.get(1).deviceUs() - sentUs;
        assertTrue(silentUs > 100_000 && silentUs < 150_000, "watchdog after " + silentUs + " µs of silence");
        assertEquals(FaultCode.UNDERRUN.bit() | FaultCode.WATCHDOG.bit(), sim.faultSet());
        // reported on the next connection
        host.send(MessageType.HELLO, HostSide.hello(1));
        byte[] id = host.await(MessageType.IDENTIFY, HostSide.Received::reply, TIMEOUT_MS).payload();
        assertEquals(DeviceState.FAULT.code(), id[IdentifyLayout.STATE_OFFSET]);
        assertEquals(FaultCode.UNDERRUN.code(), LittleEndian.getU16(id, IdentifyLayout.FIRST_FAULT_OFFSET));
        assertEquals(sim.faultSet(), LittleEndian.getU32(id, IdentifyLayout.FAULT_SET_OFFSET));
    }

    @Test
    void shouldLatchASequenceGapWhenABlockIsLostOnTheWire() throws Exception {
        configureTwoChannels();
        long start = nowUs() + 40_000;
        host.send(MessageType.SETPOINT_BLOCK, block(0, start, pair(10, 50)));
        awaitBlocksAccepted(1);
        sim.faults().dropIncomingFrames(1, MessageType.SETPOINT_BLOCK);
        host.send(MessageType.SETPOINT_BLOCK, block(1, start + 10_000, pair(10, 50)));
        host.send(MessageType.SETPOINT_BLOCK, block(2, start + 20_000, pair(10, 50)));
        assertEquals(FaultCode.SEQUENCE_GAP, awaitFaultReport());
        StimGroundTruth.FaultEvent f = sim.groundTruth().faults().get(0);
        assertEquals(2, f.value(), "got block 2");
        assertEquals(1, f.limit(), "expected block 1");
    }

    @Test
    void shouldCountACorruptBlockAndFaultOnTheGapItLeaves() throws Exception {
        configureTwoChannels();
        long start = nowUs() + 40_000;
        host.send(MessageType.SETPOINT_BLOCK, block(0, start, pair(10, 50)));
        awaitBlocksAccepted(1);
        sim.faults().corruptIncomingFrames(1, MessageType.SETPOINT_BLOCK);
        host.send(MessageType.SETPOINT_BLOCK, block(1, start + 10_000, pair(10, 50)));
        host.send(MessageType.SETPOINT_BLOCK, block(2, start + 20_000, pair(10, 50)));
        assertEquals(FaultCode.SEQUENCE_GAP, awaitFaultReport());
        assertEquals(1, sim.badFramesReceived());
        host.send(MessageType.HEARTBEAT, new byte[0]);
        byte[] status = host.await(MessageType.STATUS, TIMEOUT_MS).payload();
        assertEquals(1, LittleEndian.getU32(status, StatusLayout.RX_CORRUPT_FRAMES_OFFSET));
        assertEquals(1, LittleEndian.getU32(status, StatusLayout.RX_SEQUENCE_GAPS_OFFSET), "one frame missing by seq");
    }

    @Test
    void shouldRestartIntoFaultAndAnnounceItselfAfterAResetMidRun() throws Exception {
        configureTwoChannels();
        long before = sim.bootId();
        long start = nowUs() + 20_000;
        host.send(MessageType.SETPOINT_BLOCK, block(0, start, pair(20, 150)));
        awaitBlocksAccepted(1);
        sim.faults().resetDevice();
        long resetNanos = System.nanoTime();
        HostSide.Received id = host.await(MessageType.IDENTIFY,
                r -> r.payload()[IdentifyLayout.RESET_CAUSE_OFFSET] == IdentifyLayout.RESET_UNEXPECTED, TIMEOUT_MS);
        assertFalse(id.reply(), "unsolicited");
        assertEquals(IdentifyLayout.RESET_UNEXPECTED, id.payload()[IdentifyLayout.RESET_CAUSE_OFFSET]);
        assertEquals(FaultCode.UNEXPECTED_RESET.code(),
                LittleEndian.getU16(id.payload(), IdentifyLayout.FIRST_FAULT_OFFSET));
        assertEquals(0, id.payload()[IdentifyLayout.CONFIGURED_CHANNELS_OFFSET], "configuration lost");
        assertNotEquals(before, sim.bootId());
        assertTrue(sim.groundTruth().awaitTickAt(resetNanos + 30_000_000L, Duration.ofSeconds(10)));
        assertEquals(0, sim.groundTruth().maxAbsDelivered(resetNanos + 1_000_000L, Long.MAX_VALUE));
    }

    @Test
    void shouldSaturateAndFaultWhenAnElectrodeComesOff() throws Exception {
        configureTwoChannels();
        sim.faults().electrodeOff(1);
        host.send(MessageType.SETPOINT_BLOCK, block(0, nowUs() + 20_000, pair(10, 100)));
        assertEquals(FaultCode.COMPLIANCE_SATURATION, awaitFaultReport());
        StimGroundTruth.FaultEvent f = sim.groundTruth().faults().get(0);
        assertEquals(1, f.channel());
        assertEquals(15_000, f.limit());
        assertTrue(sim.groundTruth().awaitTickAt(f.hostNanos() + 5_000_000L, Duration.ofSeconds(10)));
        int[][] delivered = sim.groundTruth().trace().delivered();
        long nonZeroTicks = java.util.Arrays.stream(delivered).filter(d -> d[0] != 0 || d[1] != 0).count();
        assertEquals(1, nonZeroTicks, "one tick flowed (clipped to 1 µA on the open electrode), then zero");
    }

    @Test
    void shouldHoldOneSampleWhenABlockStartsOnePeriodLateAndDropOneWhenEarly() throws Exception {
        configureTwoChannels();
        long start = nowUs() + 40_000;
        host.send(MessageType.SETPOINT_BLOCK, block(0, start, pair(10, 20)));
        host.send(MessageType.SETPOINT_BLOCK, block(1, start + 10_000 + 700, pair(10, 30)));  // 0.7 ms late
        host.send(MessageType.SETPOINT_BLOCK, block(2, start + 21_000 - 800, pair(10, 40)));  // 0.8 ms early
        awaitBlocksAccepted(3);
        assertArrayEquals(new int[] {1, 1}, sim.slips());
        assertEquals(DeviceState.RUNNING, sim.state());
        host.send(MessageType.STOP, new byte[0]);
        assertEquals(List.of(), sim.groundTruth().faults());
    }

    @Test
    void shouldFaultOnABlockThatStartsTwoPeriodsAway() throws Exception {
        configureTwoChannels();
        long start = nowUs() + 40_000;
        host.send(MessageType.SETPOINT_BLOCK, block(0, start, pair(10, 20)));
        host.send(MessageType.SETPOINT_BLOCK, block(1, start + 12_000, pair(10, 20)));
        assertEquals(FaultCode.BLOCK_TIMING, awaitFaultReport());
    }

    @Test
    void shouldAnswerUnknownTypesAndBadLengthsWithoutChangingState() throws Exception {
        byte[] frame = new byte[16];
        frame[0] = 1;
        frame[1] = 0x7F;
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, 12);
        LittleEndian.putU32(frame, 12, crc.getValue());
        byte[] wire = new byte[24];
        int n = Cobs.encode(frame, 0, 16, wire, 0);
        host.sendRaw(java.util.Arrays.copyOf(wire, n + 1));
        HostSide.Received ack = host.await(MessageType.ACK, TIMEOUT_MS);
        assertEquals(0x7F, ack.payload()[AckLayout.ACKED_TYPE_OFFSET]);
        assertEquals(AckResult.UNKNOWN_TYPE.code(), ack.payload()[AckLayout.RESULT_OFFSET]);
        int seq = host.send(MessageType.STOP, new byte[3]);
        assertEquals(AckResult.BAD_LENGTH, ackOf(seq));
        seq = host.send(MessageType.CONFIGURE, HostSide.configure(2500, 0));
        assertEquals(AckResult.BAD_VALUE, ackOf(seq), "a used channel without an area");
        assertEquals(DeviceState.IDLE, sim.state());
        assertEquals(List.of(), sim.groundTruth().faults());
    }

    @Test
    void shouldResetOnlyTheFaultTheHostNames() throws Exception {
        host.send(MessageType.SETPOINT_BLOCK, block(0, nowUs() + 20_000, pair(10, 10)));
        assertEquals(FaultCode.NOT_CONFIGURED, awaitFaultReport());
        int seq = host.send(MessageType.RESET_FAULT, HostSide.resetFault(FaultCode.WATCHDOG.code()));
        assertEquals(AckResult.FAULT_MISMATCH, ackOf(seq));
        assertEquals(DeviceState.FAULT, sim.state());
        seq = host.send(MessageType.RESET_FAULT, HostSide.resetFault(FaultCode.NOT_CONFIGURED.code()));
        assertEquals(AckResult.OK, ackOf(seq));
        assertEquals(DeviceState.IDLE, sim.state());
        assertEquals(0, sim.faultSet());
    }

    @Test
    void shouldDisconnectTheOutputWhenTheEnableLineDropsAndFaultOnTheMismatch() throws Exception {
        configureTwoChannels();
        long start = nowUs() + 20_000;
        int[][] ramp = new int[20][];
        for (int i = 0; i < 20; i++) {
            ramp[i] = new int[] {100 + i, -100 - i};
        }
        host.send(MessageType.SETPOINT_BLOCK, block(0, start, ramp));
        awaitBlocksAccepted(1);
        sim.setEnableLine(false);
        long low = System.nanoTime();
        assertEquals(FaultCode.OUTPUT_MISMATCH, awaitFaultReport());
        long zero = sim.groundTruth().zeroSince(low);
        assertTrue(zero >= 0 && zero - low < 2_000_000L, "zero " + (zero - low) / 1e6 + " ms after the line fell");
        StimGroundTruth.FaultEvent f = sim.groundTruth().faults().get(0);
        assertEquals(0, f.value(), "measured nothing");
        assertTrue(f.limit() >= 100, "while commanding " + f.limit() + " µA");
    }

    @Test
    void shouldReportTheDroppedFramesCountInStatusAndKeepAnsweringAfterGarbage() throws Exception {
        host.sendRaw(new byte[] {0x11, 0x22, 0x33, 0x00, 0x00});
        host.send(MessageType.HEARTBEAT, new byte[0]);
        byte[] status = host.await(MessageType.STATUS, TIMEOUT_MS).payload();
        assertEquals(1, LittleEndian.getU32(status, StatusLayout.RX_CORRUPT_FRAMES_OFFSET));
        assertEquals(DeviceState.IDLE.code(), status[StatusLayout.STATE_OFFSET]);
        assertEquals(FrameLayout.VERSION, 1);
    }
}
