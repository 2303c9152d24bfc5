package org.closedloop.controller.dsp;

/**
 * A frequency band {@code [loHz, hiHz)}, e.g. alpha 8-13 Hz. Validated on construction.
 *
 * @param name short label used in reports, e.g. {@code alpha}
 * @param loHz lower edge, Hz, above 0
 * @param hiHz upper edge, Hz, above {@code loHz}
 *
 * <p><b>Thread safety:</b> immutable.
 */
public record Band(String name, double loHz, double hiHz) {
    /** delta 1-4 Hz. */
    public static final Band DELTA = new Band("delta", 1, 4);
    /** theta 4-8 Hz. */
    public static final Band THETA = new Band("theta", 4, 8);
    /** alpha 8-13 Hz. */
    public static final Band ALPHA = new Band("alpha", 8, 13);
    /** beta 13-30 Hz. */
    public static final Band BETA = new Band("beta", 13, 30);
    /** gamma 30-45 Hz. */
    public static final Band GAMMA = new Band("gamma", 30, 45);

    public Band {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("band name=" + name + ": give a label, e.g. alpha");
        }
        if (!(loHz > 0) || !(hiHz > loHz) || !Double.isFinite(hiHz)) {
            throw new IllegalArgumentException("band " + name + "=" + loHz + ".." + hiHz
                    + ": needs 0 < loHz < hiHz, finite");
        }
    }

    /** Width in Hz. */
    public double widthHz() {
        return hiHz - loHz;
    }
}
