package org.closedloop.controller.dsp;

/**
 * Bits of a channel's quality flags as returned by {@link FeatureExtractor#flags(int)}; 0 means usable.
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class ChannelFlags {
    /** A raw sample reached the saturation threshold (near full scale, e.g. a railed input); held for a while. */
    public static final int SATURATED = 1;
    /** The raw input hardly moved over the flat window (disconnected or dead channel). */
    public static final int FLAT = 2;
    /** The DC-removed signal's peak-to-peak over the artefact window is too large (blink, movement); held. */
    public static final int ARTEFACT = 4;

    private ChannelFlags() {
    }

    /** Readable form for logs and reports, e.g. {@code SATURATED|ARTEFACT} or {@code OK}; allocates. */
    public static String describe(int flags) {
        if (flags == 0) {
            return "OK";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, flags, SATURATED, "SATURATED");
        append(sb, flags, FLAT, "FLAT");
        append(sb, flags, ARTEFACT, "ARTEFACT");
        return sb.toString();
    }

    private static void append(StringBuilder sb, int flags, int bit, String name) {
        if ((flags & bit) != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
