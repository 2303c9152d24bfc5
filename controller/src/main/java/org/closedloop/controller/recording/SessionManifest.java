package org.closedloop.controller.recording;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session manifest: what ran, on what, for whom (pseudonymously), by whom, when, and whether the data is
 * synthetic — a flat JSON object written atomically (temp file, fsync, rename) each time it changes, so the file on
 * disk is always complete: at the start of a session, and again at its end with the end time and results.
 *
 * <p>Keys (all strings unless noted): {@code software_version}, {@code protocol_id}, {@code protocol_version},
 * {@code protocol_sha256}, {@code protocol_signer_key_id}, {@code safety_limits_table_version},
 * {@code eeg_device}, {@code stimulator_device}, {@code subject_code}, {@code operator}, {@code start_utc},
 * {@code end_utc}, {@code synthetic} (boolean), {@code sham} (boolean), {@code recording_file},
 * {@code features_file}, {@code stop_reason}, {@code latency_us_p50} / {@code _p99} / {@code _p999} / {@code _max}
 * (numbers), {@code audit_head_hash}. Keys are written in the order they were first set.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the session thread.
 */
public final class SessionManifest {
    private final Path file;
    private final Map<String, Object> fields = new LinkedHashMap<>();

    public SessionManifest(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Sets a string field. */
    public SessionManifest put(String key, String value) {
        fields.put(key, value);
        return this;
    }

    /** Sets a boolean field. */
    public SessionManifest put(String key, boolean value) {
        fields.put(key, value);
        return this;
    }

    /** Sets a numeric field. */
    public SessionManifest put(String key, long value) {
        fields.put(key, value);
        return this;
    }

    /** Writes the manifest atomically: the old version or the new one is on disk, never a mixture. */
    public void write() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".manifest-", ".tmp");
        try {
            Files.writeString(tmp, toJson(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The JSON text: one key per line, strings escaped per RFC 8259. */
    public String toJson() {
        StringBuilder b = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            b.append("  ").append(quote(e.getKey())).append(": ");
            Object v = e.getValue();
            if (v instanceof String s) {
                b.append(quote(s));
            } else {
                b.append(v);
            }
            b.append(++i < fields.size() ? ",\n" : "\n");
        }
        return b.append("}\n").toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
