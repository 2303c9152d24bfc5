package org.closedloop.controller.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

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
            w.writeRow(4_000, 1, new double[] {0.25, Double.NaN});
            w.writeRow(8_000, 2, new double[] {0.5, -1.5});
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

    @Test
    void shouldWriteTimesToTheMicrosecondWithLeadingZerosInTheFraction() throws Exception {
        Path f = dir.resolve("times.csv");
        try (FeatureFileWriter w = FeatureFileWriter.create(f, List.of(), List.of("x"))) {
            w.writeRow(0, 0, new double[] {1e-7});
            w.writeRow(12_000_000, 1, new double[] {Double.POSITIVE_INFINITY});
            w.writeRow(3_600_000_000L, 2, new double[] {-0.0});
            w.writeRow(11, 3, new double[] {123456.789});
            w.writeRow(1_000_313, 4, new double[] {1});
            w.writeRow(-1_500_000, 5, new double[] {1});
        }
        assertEquals(List.of("time_s,sample_index,x", "0.000000,0,1.0E-7", "12.000000,1,Infinity", "3600.000000,2,-0.0",
                "0.000011,3,123456.789", "1.000313,4,1.0", "-1.500000,5,1.0"), Files.readAllLines(f));
    }

    @Test
    void shouldNotAllocatePerRow() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int rows = 20_000;
        double[] values = {0.123456789, Double.NaN, -2.5e-3, 41.75};
        try (FeatureFileWriter w = FeatureFileWriter.create(dir.resolve("many.csv"), List.of("x"),
                List.of("a", "b", "c", "d"))) {
            for (int k = 0; k < rows; k++) { // warm-up: class loading and the JIT
                w.writeRow(k * 4_000L, k, values);
            }
            long before = threads.getThreadAllocatedBytes(id);
            for (int k = rows; k < 2 * rows; k++) {
                values[0] = k * 1e-3;
                w.writeRow(k * 4_000L, k, values);
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            // ~1.2 MB of rows: the writer's encoder and the file channel may allocate a little per 8 KiB they pass
            // on; a String per row (the old code's String.format and Double.toString) cost over 100 B a row
            System.out.println("features file: " + allocated + " B allocated writing " + rows + " rows");
            assertTrue(allocated < rows, "bytes allocated writing " + rows + " rows: " + allocated);
        }
    }
}
