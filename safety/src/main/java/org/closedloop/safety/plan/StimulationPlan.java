package org.closedloop.safety.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A stimulation plan: who (a pseudonymous subject code), where (electrodes with contact areas), what (sinusoidal
 * components, optional DC offsets), how long (ramps and total duration), whether it is sham or closed-loop, and
 * optional stricter session limits. Build one with {@link #builder(String)}.
 *
 * <p>Construction validates structure only and throws {@link IllegalArgumentException} with a {@code name=value}
 * message; safety is decided by {@link PlanChecker#check(StimulationPlan)}. Times are in nanoseconds:
 * {@code durationNs} is the whole run including both ramps.
 *
 * <p>Thread safety: immutable.
 */
public final class StimulationPlan {

    /** Most electrodes (stimulator channels) a plan may have. */
    public static final int MAX_ELECTRODES = 32;
    /** Most waveform components a plan may have. */
    public static final int MAX_COMPONENTS = 16;
    /** Sanity bound on every duration (24 h), far above any safe value, so time arithmetic cannot overflow. */
    public static final long MAX_STRUCTURAL_DURATION_NS = 24L * 3600 * 1_000_000_000L;

    private static final Pattern SUBJECT_CODE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String subjectCode;
    private final List<Electrode> electrodes;
    private final List<WaveformComponent> components;
    private final int[] dcOffsetMicroAmps;
    private final long rampUpNs;
    private final long rampDownNs;
    private final long durationNs;
    private final boolean sham;
    private final boolean closedLoop;
    private final SessionLimits sessionLimits;
    /** Cache of {@link #toString()}; a benign race (same value) if computed by two threads. */
    private String description;

    private StimulationPlan(Builder b) {
        if (b.subjectCode == null || !SUBJECT_CODE.matcher(b.subjectCode).matches()) {
            throw new IllegalArgumentException("subjectCode=\"" + b.subjectCode
                    + "\" is invalid: use the pseudonymous code, 1-64 characters of [A-Za-z0-9._-]");
        }
        int n = b.electrodes.size();
        if (n == 0 || n > MAX_ELECTRODES) {
            throw new IllegalArgumentException("electrodes=" + n + " must be in [1, " + MAX_ELECTRODES + "]");
        }
        Set<String> labels = new HashSet<>();
        for (Electrode e : b.electrodes) {
            if (!labels.add(e.label())) {
                throw new IllegalArgumentException("electrode label=" + e.label() + " appears twice");
            }
        }
        if (b.components.isEmpty() || b.components.size() > MAX_COMPONENTS) {
            throw new IllegalArgumentException("components=" + b.components.size() + " must be in [1, "
                    + MAX_COMPONENTS + "]");
        }
        for (int k = 0; k < b.components.size(); k++) {
            if (b.components.get(k).electrodeCount() != n) {
                throw new IllegalArgumentException("component " + k + " has electrodeCount="
                        + b.components.get(k).electrodeCount() + " but the plan has electrodes=" + n);
            }
        }
        int[] dc = b.dcOffsetMicroAmps == null ? new int[n] : b.dcOffsetMicroAmps.clone();
        if (dc.length != n) {
            throw new IllegalArgumentException("dcOffsetMicroAmps.length=" + dc.length + " but electrodes=" + n);
        }
        for (int e = 0; e < n; e++) {
            if (Math.abs((long) dc[e]) > WaveformComponent.MAX_STRUCTURAL_AMPLITUDE_MICROAMPS) {
                throw new IllegalArgumentException("dcOffsetMicroAmps[" + e + "]=" + dc[e] + " is outside +-"
                        + WaveformComponent.MAX_STRUCTURAL_AMPLITUDE_MICROAMPS);
            }
        }
        requireDuration("rampUpNs", b.rampUpNs, 0);
        requireDuration("rampDownNs", b.rampDownNs, 0);
        requireDuration("durationNs", b.durationNs, 1);
        this.subjectCode = b.subjectCode;
        this.electrodes = List.copyOf(b.electrodes);
        this.components = List.copyOf(b.components);
        this.dcOffsetMicroAmps = dc;
        this.rampUpNs = b.rampUpNs;
        this.rampDownNs = b.rampDownNs;
        this.durationNs = b.durationNs;
        this.sham = b.sham;
        this.closedLoop = b.closedLoop;
        this.sessionLimits = Objects.requireNonNull(b.sessionLimits, "sessionLimits");
    }

    private static void requireDuration(String name, long ns, long min) {
        if (ns < min || ns > MAX_STRUCTURAL_DURATION_NS) {
            throw new IllegalArgumentException(name + "=" + ns + " must be in [" + min + ", "
                    + MAX_STRUCTURAL_DURATION_NS + "] ns");
        }
    }

    /** A builder for a plan of the subject with the given pseudonymous code. */
    public static Builder builder(String subjectCode) {
        return new Builder(subjectCode);
    }

    /** The pseudonymous subject code that keys the daily stimulation ledger. */
    public String subjectCode() {
        return subjectCode;
    }

    /** The electrodes, in channel order: electrode {@code i} is channel {@code i} of every setpoint block. */
    public List<Electrode> electrodes() {
        return electrodes;
    }

    /** Number of electrodes, i.e. channels of a setpoint block. */
    public int electrodeCount() {
        return electrodes.size();
    }

    /** The waveform components. */
    public List<WaveformComponent> components() {
        return components;
    }

    /** The planned DC offset of electrode {@code electrode} in µA (normally 0; tACS must be zero-mean). */
    public int dcOffsetMicroAmps(int electrode) {
        return dcOffsetMicroAmps[electrode];
    }

    /** Ramp-up duration in ns. */
    public long rampUpNs() {
        return rampUpNs;
    }

    /** Ramp-down duration in ns. */
    public long rampDownNs() {
        return rampDownNs;
    }

    /** Whole run duration, ramps included, in ns. */
    public long durationNs() {
        return durationNs;
    }

    /** Whether this is a sham plan: output only during a ramp up and down at the start and at the end. */
    public boolean sham() {
        return sham;
    }

    /** Whether the plan runs in a closed loop, so that stalled acquisition must stop it. */
    public boolean closedLoop() {
        return closedLoop;
    }

    /** The stricter session limits ({@link SessionLimits#HARD_LIMITS} if none). */
    public SessionLimits sessionLimits() {
        return sessionLimits;
    }

    /** The full description, including every electrode and component; computed once (the value is immutable). */
    @Override
    public String toString() {
        String d = description;
        if (d == null) {
            d = describe();
            description = d;
        }
        return d;
    }

    private String describe() {
        return "plan subjectCode=" + subjectCode + " electrodes=" + electrodes + " components=" + components
                + " dcOffsetMicroAmps=" + Arrays.toString(dcOffsetMicroAmps) + " rampUpNs=" + rampUpNs
                + " rampDownNs=" + rampDownNs + " durationNs=" + durationNs + " sham=" + sham
                + " closedLoop=" + closedLoop + " sessionLimits=" + sessionLimits;
    }

    /**
     * Builds a {@link StimulationPlan}. Electrodes are added in channel order; every component and the DC offsets
     * give one value per electrode in that order.
     *
     * <p>Thread safety: not thread safe.
     */
    public static final class Builder {
        private final String subjectCode;
        private final List<Electrode> electrodes = new ArrayList<>();
        private final List<WaveformComponent> components = new ArrayList<>();
        private int[] dcOffsetMicroAmps;
        private long rampUpNs;
        private long rampDownNs;
        private long durationNs;
        private boolean sham;
        private boolean closedLoop;
        private SessionLimits sessionLimits = SessionLimits.HARD_LIMITS;

        private Builder(String subjectCode) {
            this.subjectCode = subjectCode;
        }

        /** Adds the next electrode (channel). Use {@link Electrode#AREA_NOT_DECLARED} if the area is unknown. */
        public Builder electrode(String label, double areaCm2, ElectrodeRole role) {
            electrodes.add(new Electrode(label, areaCm2, role));
            return this;
        }

        /** Adds a sinusoidal component; one amplitude (µA) and one phase (degrees) per electrode. */
        public Builder component(double frequencyHz, int[] amplitudeMicroAmps, double[] phaseDegrees) {
            components.add(new WaveformComponent(frequencyHz, amplitudeMicroAmps, phaseDegrees));
            return this;
        }

        /** Sets a DC offset per electrode in µA (default all 0). */
        public Builder dcOffsetsMicroAmps(int[] microAmps) {
            this.dcOffsetMicroAmps = microAmps == null ? null : microAmps.clone();
            return this;
        }

        /** Sets the ramp-up duration in ns. */
        public Builder rampUpNs(long ns) {
            this.rampUpNs = ns;
            return this;
        }

        /** Sets the ramp-down duration in ns. */
        public Builder rampDownNs(long ns) {
            this.rampDownNs = ns;
            return this;
        }

        /** Sets the whole run duration, both ramps included, in ns. */
        public Builder durationNs(long ns) {
            this.durationNs = ns;
            return this;
        }

        /** Marks the plan as sham (default false). */
        public Builder sham(boolean sham) {
            this.sham = sham;
            return this;
        }

        /** Marks the plan as closed-loop, so that stalled acquisition soft-stops it (default false). */
        public Builder closedLoop(boolean closedLoop) {
            this.closedLoop = closedLoop;
            return this;
        }

        /** Sets stricter session limits (default {@link SessionLimits#HARD_LIMITS}). */
        public Builder sessionLimits(SessionLimits limits) {
            this.sessionLimits = limits;
            return this;
        }

        /** Builds the plan; throws {@link IllegalArgumentException} on a structural error. */
        public StimulationPlan build() {
            return new StimulationPlan(this);
        }
    }
}
