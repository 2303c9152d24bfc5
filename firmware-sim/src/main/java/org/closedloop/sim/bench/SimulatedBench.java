package org.closedloop.sim.bench;

import java.io.IOException;
import java.util.Objects;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import org.closedloop.sim.eeg.SampledStimulationField;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimSimConfig;

/**
 * A simulated EEG board and a simulated stimulator, each on its own pseudo-terminal, coupled through the simulated
 * head: every DAC tick the stimulator delivers is pushed into a {@link SampledStimulationField}
 * ({@link StimulationFieldFeed}) that the board's brain model reads at each sample's due time, both on the
 * {@link System#nanoTime()} clock. A controller that opens both devices sees its own stimulation in the EEG: the
 * artefact through the leadfield and the entrainment of the alpha rhythm, as the board's
 * {@link CytonSimConfig#stimulationResponse()} says. Stimulator channel {@code c} drives electrode {@code c}.
 *
 * <p>A sample sees the newest tick the DAC thread had output when the board's pacing thread computed the sample:
 * normally the tick in force at the sample's due time; if the DAC thread runs late, the tick before (held). The
 * coupled EEG therefore depends on when the controller stimulates and, by up to a tick, on thread timing: for a
 * seed it is reproducible given the same delivered-current history, not run to run.
 *
 * <p><b>Thread safety:</b> thread safe, like the two devices; {@link #close()} may be called more than once.
 */
public final class SimulatedBench implements AutoCloseable {
    /**
     * Steps the field keeps: 2^15 DAC ticks, 32.8 s of history at 1 kHz (0.8 MB for two channels). The board reads
     * older steps only when it catches up after its pty was full (a controller not reading) for longer than that;
     * such reads get the oldest step kept and are counted in {@link SampledStimulationField#staleReads()}.
     */
    public static final int FIELD_CAPACITY = 1 << 15;

    private final SimulatedCytonBoard board;
    private final SimulatedStimulator stimulator;
    private final SampledStimulationField field;

    private SimulatedBench(SimulatedCytonBoard board, SimulatedStimulator stimulator, SampledStimulationField field) {
        this.board = board;
        this.stimulator = stimulator;
        this.field = field;
    }

    /**
     * Starts the stimulator, then the board, coupled: the board's EEG gets a field of {@code stim.channels()}
     * electrodes, fed by the stimulator from its first tick, and responds to it as
     * {@code cyton.stimulationResponse()} says.
     *
     * @param cyton the board's settings, without a stimulation field (the bench supplies it)
     * @param stim  the stimulator's settings
     * @throws IllegalArgumentException if {@code cyton} already has a field, or its stimulation response does not
     *                                  fit the stimulator's channel count (the message says what fits); nothing is
     *                                  started
     * @throws IOException              if either pty cannot be created (nothing is left running)
     */
    public static SimulatedBench start(CytonSimConfig cyton, StimSimConfig stim) throws IOException {
        Objects.requireNonNull(cyton, "cyton=null: use CytonSimConfig.defaults()");
        Objects.requireNonNull(stim, "stim=null: use StimSimConfig.builder().channels(2).build()");
        if (cyton.stimulationField() != null) {
            throw new IllegalArgumentException("cyton stimulationField=" + cyton.stimulationField()
                    + ": must be null; the bench couples the board to its stimulator itself");
        }
        try {
            cyton.stimulationResponse().requireFits(cyton.channels(), stim.channels(), cyton.alphaHz());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stimulator channels=" + stim.channels() + " do not fit the board's "
                    + "stimulationResponse: " + e.getMessage(), e);
        }
        SampledStimulationField field = new SampledStimulationField(stim.channels(), FIELD_CAPACITY);
        CytonSimConfig coupled = cyton.toBuilder().stimulationField(field).build();
        SimulatedStimulator stimulator = SimulatedStimulator.start(stim,
                new StimulationFieldFeed(field, stim.channels()));
        try {
            return new SimulatedBench(SimulatedCytonBoard.start(coupled), stimulator, field);
        } catch (IOException | RuntimeException e) {
            stimulator.close();
            throw e;
        }
    }

    /** The EEG board; open its {@link SimulatedCytonBoard#devicePath()} as the acquisition port. */
    public SimulatedCytonBoard board() {
        return board;
    }

    /** The stimulator; open its {@link SimulatedStimulator#devicePath()} as the stimulator port. */
    public SimulatedStimulator stimulator() {
        return stimulator;
    }

    /** The coupling: the stimulator's delivered current as the head receives it, electrode = channel. */
    public SampledStimulationField field() {
        return field;
    }

    /** Closes the board, then the stimulator (each hangs up its port); idempotent. */
    @Override
    public void close() {
        try {
            board.close();
        } finally {
            stimulator.close();
        }
    }
}
