package org.closedloop.controller.stim;

import java.util.function.LongToDoubleFunction;
import org.closedloop.protocol.link.SetpointBlockLayout;
import org.closedloop.safety.Violation;
import org.closedloop.safety.interlock.GateVerdict;
import org.closedloop.safety.interlock.LoopFacet;
import org.closedloop.safety.plan.StimulationPlan;
import org.tinylog.Logger;

/**
 * Streams one run's setpoints: keeps blocks written up to {@code now + horizon}, each synthesised
 * ({@link WaveformSynthesizer}), passed through the interlock's gate and only then written; sends END_RUN once no
 * whole sample fits before the output window's end (which a soft stop may have moved). A refusal writes nothing
 * (the gate has already faulted the interlock, whose cutoff sends STOP).
 *
 * <p>Allocation-free in {@link #fill(long)}. <b>Thread safety:</b> owned by the stimulation loop; the counters may be
 * read from any thread.
 */
final class BlockStreamer {
    private static final long PERIOD_NS = WaveformSynthesizer.PERIOD_NS;

    /** How a fill ended. */
    enum Outcome {
        /** The horizon is full (or the run's last block is written). */
        FILLED,
        /** The gate refused a block: nothing was written, the interlock is in FAULT. */
        GATE_REFUSED
    }

    private final LoopFacet facet;
    private final Stimulator stimulator;
    private final StimConfig config;
    private final WaveformSynthesizer synth = new WaveformSynthesizer();
    private final int[] samples = new int[SetpointBlockLayout.MAX_SAMPLES * SetpointBlockLayout.MAX_CHANNELS];
    private final LongToDoubleFunction gateEnvelope;
    private long blockSeq;
    private long nextBlockStartNs;
    private boolean endSent;
    // written by the loop thread only, read by StimulationLoop.stats() from any thread
    private volatile long firstSampleNs = Long.MIN_VALUE;
    private volatile long blocksSent;
    private volatile long gateRefusals;
    private volatile long worstLateNs;
    private volatile long delayedStarts;

    BlockStreamer(LoopFacet facet, Stimulator stimulator, StimConfig config) {
        this.facet = facet;
        this.stimulator = stimulator;
        this.config = config;
        this.gateEnvelope = facet::envelopeFraction;
    }

    /** Prepares a run whose first sample is at {@code firstSampleNs} (allocates). */
    void begin(StimulationPlan plan, long phaseZeroNs, long runStartNs, long firstSampleNs, long runEndNs) {
        synth.begin(plan, phaseZeroNs, runStartNs, firstSampleNs, runEndNs, gateEnvelope);
        this.firstSampleNs = firstSampleNs;
        this.nextBlockStartNs = firstSampleNs;
        this.blockSeq = 0;
        this.endSent = false;
    }

    /**
     * Writes blocks while the next one starts before {@code now + horizon}.
     *
     * @throws StimulatorException if a write failed (the caller reports it to the interlock)
     */
    Outcome fill(long now) throws StimulatorException {
        final int ch = synth.channels();
        final long horizonNs = config.horizonMs() * 1_000_000L;
        final long horizonEnd = now + horizonNs;
        if (blockSeq == 0 && nextBlockStartNs < now + StimulationLoop.MIN_FIRST_LEAD_NS) {
            delayFirstSample(now);
        }
        final long first = firstSampleNs;
        while (nextBlockStartNs < horizonEnd) {
            long remaining = (facet.outputEndNs() - nextBlockStartNs) / PERIOD_NS;
            if (remaining <= 0) {
                if (!endSent && blockSeq > 0) {
                    endSent = true;
                    stimulator.endRun(blockSeq - 1);
                }
                return Outcome.FILLED;
            }
            int n = (int) Math.min(config.blockSamples(), remaining);
            if (nextBlockStartNs - first > horizonNs) { // past the first fill, which starts inside the horizon
                worstLateNs = Math.max(worstLateNs, now - (nextBlockStartNs - horizonNs));
            }
            synth.fill(nextBlockStartNs, n, samples);
            GateVerdict v = facet.gate().checkBlock(nextBlockStartNs, SetpointBlockLayout.DAC_RATE_HZ, ch, n, samples);
            if (v != GateVerdict.PASS) {
                gateRefusals++;
                Logger.error("setpoint block {} refused by the gate: {}", blockSeq, facet.gate().lastRefusal()
                        .map(Violation::message).orElse("?"));
                return Outcome.GATE_REFUSED;
            }
            stimulator.sendBlock(blockSeq, nextBlockStartNs, ch, n, samples);
            blocksSent++;
            blockSeq++;
            nextBlockStartNs += n * PERIOD_NS;
        }
        return Outcome.FILLED;
    }

    /**
     * Nothing is written yet but the first sample is already (nearly) due: this thread was held up between the run's
     * start and its first fill (a host pause, a collection). The gate would refuse a block that starts in the past
     * and fault the session, so the run's first sample moves to the next sample of the same 1 ms grid at least
     * {@link StimulationLoop#MIN_FIRST_LEAD_NS} ahead: the phase reference and the run's end stay, the smooth ramp
     * starts from the new first sample, and the run is that much shorter. Once a block is written, a late block is
     * the gate's to refuse.
     */
    private void delayFirstSample(long now) {
        long planned = nextBlockStartNs;
        long moved = WaveformSynthesizer.gridSampleAtOrAfter(planned, now + StimulationLoop.MIN_FIRST_LEAD_NS);
        synth.moveFirstSample(moved);
        firstSampleNs = moved;
        nextBlockStartNs = moved;
        delayedStarts++;
        Logger.warn("the first block was not written in time (the loop came {} ms before its first sample, needs {} "
                + "ms): the run's first sample moves {} ms later, on the same phase grid", (planned - now) / 1e6,
                StimulationLoop.MIN_FIRST_LEAD_NS / 1e6, (moved - planned) / 1e6);
    }

    /**
     * The latest run's first output sample (later than planned if {@link #fill} found it already due); Long.MIN_VALUE
     * before any run.
     */
    long firstSampleNs() {
        return firstSampleNs;
    }

    /** Runs whose first sample had to move later because the first fill came too late. */
    long delayedStarts() {
        return delayedStarts;
    }

    /** Start of the next block to write: the loop wakes a horizon before it. */
    long nextBlockStartNs() {
        return nextBlockStartNs;
    }

    /** Channels of the current run. */
    int channels() {
        return synth.channels();
    }

    long blocksSent() {
        return blocksSent;
    }

    long gateRefusals() {
        return gateRefusals;
    }

    /** How far into its horizon the loop was, at worst, when it wrote a block (past each run's first fill), ns. */
    long worstLateNs() {
        return worstLateNs;
    }
}
