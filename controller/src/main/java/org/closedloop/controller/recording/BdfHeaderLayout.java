package org.closedloop.controller.recording;

/**
 * Where the fields of an EDF/BDF header lie (EDF spec, "the header record"; BDF and EDF+ keep the layout). Every
 * field is left-aligned US-ASCII padded with spaces; byte 0 of a BDF file is 0xFF.
 *
 * <pre>
 *  fixed part, 256 bytes                          per-signal part, 256 bytes per signal, field by field:
 *  offset width field                             width field (ns of each, signal 0 first, then signal 1 ...)
 *     0     8  version (0xFF "BIOSEMI")              16  label               8  digital minimum
 *     8    80  patient identification                80  transducer type     8  digital maximum
 *    88    80  recording identification               8  physical dimension 80  prefiltering
 *   168     8  start date dd.mm.yy                    8  physical minimum    8  samples per data record
 *   176     8  start time hh.mm.ss                    8  physical maximum   32  reserved
 *   184     8  number of bytes in the header
 *   192    44  reserved ("BDF+C" for continuous BDF+)
 *   236     8  number of data records (-1 while recording)
 *   244     8  duration of a data record, seconds
 *   252     4  number of signals ns
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
final class BdfHeaderLayout {
    static final int FIXED_BYTES = 256;
    static final int BYTES_PER_SIGNAL = 256;

    static final int VERSION = 0;
    static final int VERSION_WIDTH = 8;
    static final int PATIENT = 8;
    static final int PATIENT_WIDTH = 80;
    static final int RECORDING = 88;
    static final int RECORDING_WIDTH = 80;
    static final int START_DATE = 168;
    static final int START_TIME = 176;
    static final int DATE_TIME_WIDTH = 8;
    static final int HEADER_BYTES = 184;
    static final int HEADER_BYTES_WIDTH = 8;
    static final int RESERVED = 192;
    static final int RESERVED_WIDTH = 44;
    static final int RECORD_COUNT = 236;
    static final int RECORD_COUNT_WIDTH = 8;
    static final int RECORD_DURATION = 244;
    static final int RECORD_DURATION_WIDTH = 8;
    static final int SIGNAL_COUNT = 252;
    static final int SIGNAL_COUNT_WIDTH = 4;

    /** Per-signal fields in file order. */
    enum SignalField {
        LABEL("label", 16),
        TRANSDUCER("transducer type", 80),
        DIMENSION("physical dimension", 8),
        PHYSICAL_MIN("physical minimum", 8),
        PHYSICAL_MAX("physical maximum", 8),
        DIGITAL_MIN("digital minimum", 8),
        DIGITAL_MAX("digital maximum", 8),
        PREFILTERING("prefiltering", 80),
        SAMPLES("samples per data record", 8),
        RESERVED("reserved", 32);

        final String title;
        final int width;

        SignalField(String title, int width) {
            this.title = title;
            this.width = width;
        }

        /** Offset of this field of signal {@code signal} in a header with {@code ns} signals. */
        int offset(int ns, int signal) {
            int o = FIXED_BYTES;
            for (SignalField f : values()) {
                if (f == this) {
                    return o + signal * width;
                }
                o += ns * f.width;
            }
            throw new AssertionError(this);
        }
    }

    private BdfHeaderLayout() {
    }

    /** Name of the header field holding byte {@code offset}, for error messages. */
    static String fieldAt(int offset, int ns) {
        if (offset < FIXED_BYTES) {
            int[] starts = {VERSION, PATIENT, RECORDING, START_DATE, START_TIME, HEADER_BYTES, RESERVED, RECORD_COUNT,
                RECORD_DURATION, SIGNAL_COUNT};
            String[] names = {"version", "patient identification", "recording identification", "start date",
                "start time", "number of bytes in header", "reserved", "number of data records",
                "duration of a data record", "number of signals"};
            for (int i = starts.length - 1; i >= 0; i--) {
                if (offset >= starts[i]) {
                    return names[i];
                }
            }
        }
        int o = FIXED_BYTES;
        for (SignalField f : SignalField.values()) {
            if (offset < o + ns * f.width) {
                return "signal " + (offset - o) / f.width + " " + f.title;
            }
            o += ns * f.width;
        }
        return "byte " + offset;
    }
}
