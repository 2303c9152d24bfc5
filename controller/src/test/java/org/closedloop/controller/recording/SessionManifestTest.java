package org.closedloop.controller.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionManifestTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteValidJsonWithEscapedStringsAndTypedValues() throws Exception {
        SessionManifest m = new SessionManifest(dir.resolve("manifest.json"))
                .put("protocol_sha256", "ab12").put("operator", "Dr. \"Q\"\tLab\\2").put("synthetic", true)
                .put("latency_us_p99", 412L);
        m.write();
        String json = Files.readString(m.file());
        assertEquals("{\n  \"protocol_sha256\": \"ab12\",\n  \"operator\": \"Dr. \\\"Q\\\"\\tLab\\\\2\",\n"
                + "  \"synthetic\": true,\n  \"latency_us_p99\": 412\n}\n", json);
    }

    @Test
    void shouldReplaceTheFileAtomicallyAndLeaveNoTempFiles() throws Exception {
        SessionManifest m = new SessionManifest(dir.resolve("manifest.json")).put("start_utc", "2026-11-24T14:00:00Z");
        m.write();
        m.put("end_utc", "2026-11-24T14:01:00Z").write();
        assertTrue(Files.readString(m.file()).contains("\"end_utc\": \"2026-11-24T14:01:00Z\""));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("manifest.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void shouldEscapeControlCharactersAsRfc8259Requires() throws Exception {
        String json = new SessionManifest(dir.resolve("x.json")).put("k", "line1\nline2\u0001").toJson();
        assertTrue(json.contains("\"line1\\nline2\\u0001\""), json);
    }
}
