package org.closedloop.protocol.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How a protocol file is encoded, decided by its name only (never by sniffing the content, so that a file is never
 * read one way by one tool and another way by the next).
 *
 * <p>Thread safety: immutable.
 */
public enum ProtocolFileFormat {
    /** A {@code StimulationProtocol} in protobuf text format: {@code .textproto}, {@code .txtpb} or {@code .pbtxt}. */
    TEXT,
    /** A {@code StimulationProtocol} in protobuf binary format: {@code .binpb} or {@code .pb}. */
    BINARY,
    /** A {@code SignedProtocol} in binary format, as written by {@code closedloop protocol sign}: {@code .signed.binpb}. */
    SIGNED;

    /** The accepted file name endings, for messages. */
    public static final String ACCEPTED = ".textproto, .txtpb, .pbtxt (text), .binpb, .pb (binary), .signed.binpb (signed)";

    /**
     * The format of a file from its name.
     *
     * @throws IllegalArgumentException with a message listing {@link #ACCEPTED} if the name has none of them
     */
    public static ProtocolFileFormat of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".signed.binpb")) {
            return SIGNED;
        }
        if (name.endsWith(".textproto") || name.endsWith(".txtpb") || name.endsWith(".pbtxt")) {
            return TEXT;
        }
        if (name.endsWith(".binpb") || name.endsWith(".pb")) {
            return BINARY;
        }
        throw new IllegalArgumentException("file=" + file + ": unknown protocol file type; name it with one of "
                + ACCEPTED);
    }
}
