package org.closedloop.controller.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.closedloop.controller.acquisition.SampleFrame;
import org.closedloop.controller.recording.BdfPlusReader;
import org.closedloop.controller.recording.BdfPlusWriter;
import org.closedloop.protocol.cyton.CytonScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionRecorderTest {
    @TempDir
    Path dir;

    /** Feature rows are timed from the sample count exactly: 16005 samples at 16 kHz is 1.0003125 s, a tie. */
    @Test
    void shouldTimeRowsToTheMicrosecondRoundingTiesUpExactly() {
        assertEquals(1_000_313, SessionRecorder.micros(16_005, 16_000), "1.0003125 s, half up");
        assertEquals(1_000_250, SessionRecorder.micros(16_004, 16_000));
        assertEquals(4_000, SessionRecorder.micros(1, 250));
        assertEquals(3_333, SessionRecorder.micros(1, 300), "3333.33 us, down");
        assertEquals(6_667, SessionRecorder.micros(2, 300), "6666.67 us, up");
        assertEquals(86_400_000_000L, SessionRecorder.micros(16_000L * 86_400, 16_000), "a day at 16 kHz");
    }

    @Test
    void shouldRecordASessionWhoseProtocolHasNoFeatures() throws Exception {
        // an open-loop protocol computes no features, yet the pipeline reports its (empty) updates
        SessionRecorder r = new SessionRecorder(dir, "S-1", "test", LocalDateTime.now(), 250,
                List.of(new BdfPlusWriter.Channel("EEG ch1", CytonScaling.microvoltsPerCount(24), 24, "HP:DC")),
                true, List.of("test"), List.of(), null);
        r.start();
        SampleFrame f = new SampleFrame(1);
        for (int i = 0; i < 500; i++) {
            f.sampleIndex = i;
            f.arrivalNs = System.nanoTime();
            f.microvolts[0] = i;
            assertTrue(r.offerSample(f));
            assertTrue(r.offerFeatures(f.arrivalNs, i, new double[0]), "an empty feature row is accepted");
        }
        r.close();
        assertNull(r.failure());
        assertEquals(500, r.samplesWritten());
        try (BdfPlusReader bdf = BdfPlusReader.open(dir.resolve("recording.bdf"))) {
            assertEquals(2, bdf.recordsInFile(), "two seconds of samples");
        }
        assertEquals(List.of("time_s,sample_index"), Files.readAllLines(dir.resolve("features.csv")).stream()
                .filter(l -> !l.startsWith("#")).toList(), "the header and no rows");
    }
}
