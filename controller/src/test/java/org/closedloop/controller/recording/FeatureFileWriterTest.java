package org.closedloop.controller.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureFileWriterTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteCommentsHeaderAndRowsWithEmptyFieldsForNaN() throws Exception {
        Path f = dir.resolve("features.csv");
        try (FeatureFileWriter w = FeatureFileWriter.create(f, List.of("SYNTHETIC DATA", "protocol sha256=ab12"),
                List.of("alpha_rel[Pz]", "alpha_phase_rad[Pz]"))) {
            w.writeRow(0.004, 1, new double[] {0.25, Double.NaN});
            w.writeRow(0.008, 2, new double[] {0.5, -1.5});
        }
        assertEquals(List.of("# SYNTHETIC DATA", "# protocol sha256=ab12", "time_s,sample_index,alpha_rel[Pz],alpha_phase_rad[Pz]",
                "0.004000,1,0.25,", "0.008000,2,0.5,-1.5"), Files.readAllLines(f));
    }

    @Test
    void shouldRefuseAColumnNameThatWouldBreakTheCsv() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureFileWriter.create(dir.resolve("g.csv"), List.of(), List.of("alpha,rel")));
        assertEquals("column=alpha,rel: use letters, digits, _ . - [ ] only (no commas)", e.getMessage());
    }
}
