package org.closedloop.controller.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the wiring pages and the code from drifting: the pin table of {@code hardware-docs/gpio-wiring.md} (the one
 * pin assignment of the project) must give {@link GpioConfig#defaults()}'s BCM numbers and the right header pins,
 * and every {@code pin N GPIOn}, {@code pin N 3V3}, {@code pin N 5V} and {@code pin N GND} written in any page of
 * hardware-docs must match the Raspberry Pi's 40-pin header.
 */
class GpioWiringDocumentTest {

    /** BCM number to physical pin of the 40-pin header (Raspberry Pi 1 B+ and later). */
    private static final Map<Integer, Integer> HEADER_PIN_OF_BCM = Map.ofEntries(
            Map.entry(2, 3), Map.entry(3, 5), Map.entry(4, 7), Map.entry(17, 11), Map.entry(27, 13), Map.entry(22, 15),
            Map.entry(10, 19), Map.entry(9, 21), Map.entry(11, 23), Map.entry(5, 29), Map.entry(6, 31),
            Map.entry(13, 33), Map.entry(19, 35), Map.entry(26, 37), Map.entry(14, 8), Map.entry(15, 10),
            Map.entry(18, 12), Map.entry(23, 16), Map.entry(24, 18), Map.entry(25, 22), Map.entry(8, 24),
            Map.entry(7, 26), Map.entry(12, 32), Map.entry(16, 36), Map.entry(20, 38), Map.entry(21, 40));
    private static final Map<String, Set<Integer>> POWER_PINS = Map.of("3V3", Set.of(1, 17), "5V", Set.of(2, 4),
            "GND", Set.of(6, 9, 14, 20, 25, 30, 34, 39));

    private static Path docs() {
        for (Path p : List.of(Path.of("..", "hardware-docs"), Path.of("hardware-docs"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        fail("hardware-docs not found from " + Path.of("").toAbsolutePath());
        return null;
    }

    /** Line name to {BCM, header pin} from the table under "## Pins". */
    private static Map<String, int[]> pinTable() throws IOException {
        Map<String, int[]> rows = new HashMap<>();
        Pattern row = Pattern.compile("^\\| ([^|]+?) \\| GPIO (\\d+) \\| (\\d+) \\|");
        for (String line : Files.readAllLines(docs().resolve("gpio-wiring.md"), StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))});
            }
        }
        return rows;
    }

    @Test
    void shouldDocumentTheDefaultPinsOfTheCodeAtTheirHeaderPins() throws Exception {
        Map<String, int[]> table = pinTable();
        GpioConfig d = GpioConfig.defaults();
        assertPin(table, "Emergency stop", d.emergencyStopBcm());
        assertPin(table, "Stimulator enable", d.enableRelayBcm());
        assertPin(table, "Status LED", d.statusLedBcm());
        int[] arm = table.get("Arm button (reserved)");
        assertNotNull(arm, "the arm button's row is missing");
        assertEquals(HEADER_PIN_OF_BCM.get(arm[0]), arm[1], "arm button: BCM " + arm[0] + " is not header pin " + arm[1]);
        assertFalse(Set.of(d.emergencyStopBcm(), d.enableRelayBcm(), d.statusLedBcm()).contains(arm[0]),
                "the reserved arm-button pin collides with a safety line");
        assertEquals(4, table.size(), "unexpected rows: " + table.keySet());
    }

    @Test
    void shouldNameEveryHeaderPinCorrectlyInEveryPage() throws Exception {
        Pattern pin = Pattern.compile("pin (\\d+)\\s+(GPIO(\\d+)|3V3|5V|GND)\\b");
        int seen = 0;
        try (DirectoryStream<Path> pages = Files.newDirectoryStream(docs(), "*.md")) {
            for (Path page : pages) {
                Matcher m = pin.matcher(Files.readString(page, StandardCharsets.UTF_8));
                while (m.find()) {
                    int header = Integer.parseInt(m.group(1));
                    if (m.group(3) != null) {
                        int bcm = Integer.parseInt(m.group(3));
                        assertEquals(HEADER_PIN_OF_BCM.get(bcm), header, page.getFileName() + ": '" + m.group()
                                + "': GPIO" + bcm + " is header pin " + HEADER_PIN_OF_BCM.get(bcm));
                    } else {
                        assertTrue(POWER_PINS.get(m.group(2)).contains(header), page.getFileName() + ": '" + m.group()
                                + "': " + m.group(2) + " is on pins " + POWER_PINS.get(m.group(2)));
                    }
                    seen++;
                }
            }
        }
        assertTrue(seen >= 10, "only " + seen + " pin references found: did the diagrams' format change?");
    }

    private static void assertPin(Map<String, int[]> table, String line, int bcm) {
        int[] row = table.get(line);
        assertNotNull(row, line + ": row missing from gpio-wiring.md");
        assertEquals(bcm, row[0], line + ": gpio-wiring.md says BCM " + row[0] + ", GpioConfig.defaults() " + bcm);
        assertEquals(HEADER_PIN_OF_BCM.get(bcm), row[1], line + ": BCM " + bcm + " is header pin "
                + HEADER_PIN_OF_BCM.get(bcm) + ", not " + row[1]);
    }
}
