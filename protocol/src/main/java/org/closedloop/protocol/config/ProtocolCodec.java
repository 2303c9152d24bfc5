package org.closedloop.protocol.config;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.closedloop.protocol.config.v1.StimulationProtocol;

/**
 * Reads and writes {@link StimulationProtocol}s in text and binary format, strictly: an unknown field, an unknown
 * enum value, a value of the wrong type or a field set twice is an error, never skipped. The canonical form of a
 * protocol (what is signed, stored and hashed) is its binary serialization; the schema has no map fields, so that
 * serialization is deterministic.
 *
 * <p>Thread safety: stateless; thread safe.
 */
public final class ProtocolCodec {

    /** Largest binary protocol accepted anywhere (256 KiB; a realistic protocol is 1-5 KiB). */
    public static final int MAX_PROTOCOL_BYTES = 256 * 1024;
    /** Largest protocol file read from disk, any format (1 MiB: text is a few times larger than binary). */
    public static final int MAX_FILE_BYTES = 1024 * 1024;

    private static final TextFormat.Parser TEXT_PARSER = TextFormat.Parser.newBuilder()
            // an author who writes a field twice made a mistake; the default would silently keep the last value
            .setSingularOverwritePolicy(TextFormat.Parser.SingularOverwritePolicy.FORBID_SINGULAR_OVERWRITES)
            .setAllowUnknownFields(false)
            .build();

    private ProtocolCodec() {
    }

    /** Parses a protocol in text format; the exception carries the line and column of the first error. */
    public static StimulationProtocol parseText(CharSequence text) throws ProtocolParseException {
        StimulationProtocol.Builder b = StimulationProtocol.newBuilder();
        try {
            TEXT_PARSER.merge(text, b);
        } catch (TextFormat.ParseException e) {
            throw new ProtocolParseException(e.getLine(), e.getColumn(), stripPosition(e.getMessage()));
        }
        StimulationProtocol p = b.build();
        requireOnlyKnownContent(p);
        return p;
    }

    /** Parses a protocol in binary format; refuses unknown fields and enum values (see {@link #unknownContent}). */
    public static StimulationProtocol parseBinary(byte[] bytes) throws ProtocolParseException {
        if (bytes.length > MAX_PROTOCOL_BYTES) {
            throw new ProtocolParseException("protocol size=" + bytes.length + " bytes is above the limit of "
                    + MAX_PROTOCOL_BYTES + " bytes");
        }
        StimulationProtocol p;
        try {
            p = StimulationProtocol.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolParseException("not a valid binary StimulationProtocol: " + e.getMessage());
        }
        requireOnlyKnownContent(p);
        return p;
    }

    /** Parses a signed protocol envelope (its inner protocol is not parsed); refuses unknown fields. */
    public static SignedProtocol parseSigned(byte[] bytes) throws ProtocolParseException {
        SignedProtocol s;
        try {
            s = SignedProtocol.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolParseException("not a valid SignedProtocol: " + e.getMessage());
        }
        requireOnlyKnownContent(s);
        return s;
    }

    /**
     * Reads a protocol file in the format its name says ({@link ProtocolFileFormat#of}); a signed file yields its
     * inner protocol, unverified.
     *
     * @throws IOException                 if the file cannot be read or is above {@link #MAX_FILE_BYTES}
     * @throws ProtocolParseException      if it does not parse
     * @throws IllegalArgumentException    if the file name has no known protocol extension
     */
    public static StimulationProtocol readFile(Path file) throws IOException, ProtocolParseException {
        ProtocolFileFormat format = ProtocolFileFormat.of(file);
        byte[] bytes = readCapped(file);
        switch (format) {
            case TEXT:
                return parseText(decodeUtf8(bytes));
            case BINARY:
                return parseBinary(bytes);
            case SIGNED:
                return parseBinary(parseSigned(bytes).getProtocol().toByteArray());
            default:
                throw new AssertionError(format);
        }
    }

    /** Reads at most {@link #MAX_FILE_BYTES} of a file; a larger file is an {@link IOException} naming the size. */
    public static byte[] readCapped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IOException("file=" + file + " is larger than " + MAX_FILE_BYTES
                        + " bytes: not a protocol file");
            }
            return bytes;
        }
    }

    /** The canonical binary form: what is signed, stored and hashed. */
    public static byte[] toBinary(StimulationProtocol protocol) {
        return protocol.toByteArray();
    }

    /** The protocol in text format, non-ASCII characters kept as they are. */
    public static String toText(StimulationProtocol protocol) {
        return TextFormat.printer().escapingNonAscii(false).printToString(protocol);
    }

    /** The sha256 of {@code bytes} as 64 lower-case hex digits. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Everything in a parsed message this schema does not define: unknown field numbers (a protocol written for a
     * newer schema, or bytes of another message type) and unknown enum values, each as {@code path: what}.
     * Empty if there is none.
     */
    public static List<String> unknownContent(Message message) {
        List<String> out = new ArrayList<>();
        collectUnknown(message, "", out);
        return out;
    }

    private static void requireOnlyKnownContent(Message m) throws ProtocolParseException {
        List<String> unknown = unknownContent(m);
        if (!unknown.isEmpty()) {
            throw new ProtocolParseException(String.join("; ", unknown)
                    + " (written for a newer schema than this controller knows, or not a "
                    + m.getDescriptorForType().getName() + "; a controller refuses what it does not understand)");
        }
    }

    private static void collectUnknown(Message m, String path, List<String> out) {
        for (Integer number : m.getUnknownFields().asMap().keySet()) {
            out.add((path.isEmpty() ? "" : path + ".") + "#" + number + ": unknown field number " + number);
        }
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            String fieldPath = path.isEmpty() ? f.getName() : path + "." + f.getName();
            if (f.isRepeated()) {
                List<?> values = (List<?>) e.getValue();
                for (int i = 0; i < values.size(); i++) {
                    checkValue(f, values.get(i), fieldPath + "[" + i + "]", out);
                }
            } else {
                checkValue(f, e.getValue(), fieldPath, out);
            }
        }
    }

    private static void checkValue(FieldDescriptor f, Object value, String path, List<String> out) {
        if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            collectUnknown((Message) value, path, out);
        } else if (f.getJavaType() == FieldDescriptor.JavaType.ENUM) {
            EnumValueDescriptor v = (EnumValueDescriptor) value;
            if (f.getEnumType().findValueByNumber(v.getNumber()) == null) {
                out.add(path + ": unknown " + f.getEnumType().getName() + " value " + v.getNumber());
            }
        }
    }

    private static String decodeUtf8(byte[] bytes) throws ProtocolParseException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolParseException("the file is not UTF-8 text; if it is a binary protocol, name it .binpb");
        }
    }

    /** TextFormat messages start with "line:column: "; the exception carries the position separately. */
    private static String stripPosition(String message) {
        if (message == null) {
            return "syntax error";
        }
        return message.replaceFirst("^\\d+:\\d+: ", "");
    }
}
