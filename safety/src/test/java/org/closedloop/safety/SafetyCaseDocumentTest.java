package org.closedloop.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code hardware-docs/safety-case.md} and the code from drifting: the limits table must equal
 * {@link SafetyLimits} row for row, and every test the hazard table cites must exist (this module's by reflection, the
 * other modules' by their source, which this JDK-only module can read but not load).
 */
class SafetyCaseDocumentTest {

    /** Constants in the code's units, derived from table rows; each must equal its computation. */
    private static final Map<String, Long> DERIVED = Map.of(
            "MAX_SESSION_STIMULATION_NS", SafetyLimits.MAX_SESSION_STIMULATION_MINUTES * 60_000_000_000L,
            "MAX_DAILY_STIMULATION_NS", SafetyLimits.MAX_DAILY_STIMULATION_MINUTES * 60_000_000_000L,
            "MAX_SESSION_CHARGE_MICROAMP_NS", SafetyLimits.MAX_SESSION_CHARGE_MILLICOULOMBS * 1_000_000_000_000L,
            "MAX_IMPEDANCE_AGE_NS", SafetyLimits.MAX_IMPEDANCE_AGE_SECONDS * 1_000_000_000L,
            "MAX_ACQUISITION_STALL_NS", SafetyLimits.MAX_ACQUISITION_STALL_MILLISECONDS * 1_000_000L,
            "ARMING_EXPIRY_NS", SafetyLimits.ARMING_EXPIRY_SECONDS * 1_000_000_000L,
            "MAX_SETPOINT_HORIZON_NS", SafetyLimits.MAX_SETPOINT_HORIZON_MILLISECONDS * 1_000_000L,
            "DEVICE_WATCHDOG_NS", SafetyLimits.DEVICE_WATCHDOG_MILLISECONDS * 1_000_000L);

    private static final Pattern UNESCAPED_PIPE = Pattern.compile("(?<!\\\\)\\|");

    private static String document() throws IOException {
        // surefire runs in the module directory; also allow running from the repository root
        for (Path p : List.of(Path.of("..", "hardware-docs", "safety-case.md"),
                Path.of("hardware-docs", "safety-case.md"))) {
            if (Files.isRegularFile(p)) {
                return Files.readString(p, StandardCharsets.UTF_8);
            }
        }
        fail("hardware-docs/safety-case.md not found from " + Path.of("").toAbsolutePath());
        return "";
    }

    /** The cells of every table row in the section starting with {@code heading}, header and separator removed. */
    private static List<String[]> tableRows(String doc, String heading) {
        int start = doc.indexOf(heading);
        assertTrue(start >= 0, "section " + heading + " missing");
        int end = doc.indexOf("\n## ", start + heading.length());
        String section = doc.substring(start, end < 0 ? doc.length() : end);
        List<String[]> rows = new ArrayList<>();
        boolean header = true;
        for (String line : section.split("\n")) {
            if (!line.startsWith("|")) {
                if (!header) {
                    break; // the first table of the section has ended
                }
                continue;
            }
            String[] cells = UNESCAPED_PIPE.split(line.substring(1, line.lastIndexOf('|')), -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].trim();
            }
            if (header) {
                header = false;
                continue;
            }
            if (cells[0].startsWith("---")) {
                continue;
            }
            rows.add(cells);
        }
        return rows;
    }

    private static String unquote(String cell) {
        return cell.replace("`", "").trim();
    }

    @Test
    void shouldHaveALimitsTableIdenticalToTheConstants() throws Exception {
        List<String[]> rows = tableRows(document(), "## 1. Limits");
        Map<String, String> documented = new HashMap<>();
        for (String[] row : rows) {
            assertEquals(5, row.length, () -> "a limits row needs Limit | Value | Unit | Constant | Source: "
                    + String.join(" | ", row));
            String constant = unquote(row[3]);
            assertFalse(row[2].isEmpty() || row[4].isEmpty(), "unit and source are required for " + constant);
            assertTrue(documented.put(constant, unquote(row[1])) == null, "row listed twice: " + constant);
        }
        TreeSet<String> inCode = new TreeSet<>();
        for (Field f : SafetyLimits.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || !Modifier.isFinal(m)) {
                continue;
            }
            if (DERIVED.containsKey(f.getName())) {
                assertEquals(DERIVED.get(f.getName()), f.get(null), "derived constant " + f.getName());
                continue;
            }
            inCode.add(f.getName());
            String value = documented.get(f.getName());
            if (value == null) {
                fail("SafetyLimits." + f.getName() + " has no row in the safety case's limits table");
            }
            Object actual = f.get(null);
            if (actual instanceof String) {
                assertEquals(actual, value, f.getName());
            } else if (actual instanceof Integer || actual instanceof Long) {
                assertEquals(((Number) actual).longValue(), Long.parseLong(value), f.getName());
            } else if (actual instanceof Double) {
                assertEquals(0, new BigDecimal(value).compareTo(BigDecimal.valueOf((Double) actual)),
                        () -> f.getName() + ": document " + value + ", code " + actual);
            } else {
                fail("unexpected constant type " + f.getType() + " of " + f.getName());
            }
        }
        assertEquals(inCode, new TreeSet<>(documented.keySet()), "rows without a constant in SafetyLimits");
    }

    @Test
    void shouldCiteOnlyTestsThatExistInTheHazardTable() throws Exception {
        List<String[]> rows = tableRows(document(), "## 3. Hazards");
        assertTrue(rows.size() >= 15, "hazard table too short: " + rows.size());
        Pattern reference = Pattern.compile("`(\\w+)#(\\w+)`");
        int cited = 0;
        for (String[] row : rows) {
            assertEquals(4, row.length, () -> "a hazard row needs Hazard | Cause | Control | Test: "
                    + String.join(" | ", row));
            Matcher m = reference.matcher(row[3]);
            boolean any = false;
            while (m.find()) {
                any = true;
                cited++;
                Class<?> test = findTestClass(m.group(1));
                String method = m.group(2);
                if (test == null) {
                    // a test of another module (codec, simulated firmware, controller): this module cannot load
                    // it, so its source must declare the method
                    String source = otherModuleTestSource(m.group(1));
                    assertTrue(source.contains(" void " + method + "("),
                            "the safety case cites " + m.group() + " which does not exist");
                    continue;
                }
                assertTrue(java.util.Arrays.stream(test.getDeclaredMethods())
                                .anyMatch(x -> x.getName().equals(method) && x.getParameterCount() == 0),
                        "the safety case cites " + m.group() + " which does not exist");
            }
            assertTrue(any || row[3].contains("to be written"), "hazard without a test: " + row[0]);
        }
        assertTrue(cited >= 40, "only " + cited + " test references");
    }

    private static Class<?> findTestClass(String simpleName) {
        for (String pkg : List.of("org.closedloop.safety", "org.closedloop.safety.plan",
                "org.closedloop.safety.ledger", "org.closedloop.safety.interlock")) {
            try {
                return Class.forName(pkg + "." + simpleName);
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return null;
    }

    /** The source of test class {@code simpleName} in the protocol, firmware-sim or controller module; fails if none. */
    private static String otherModuleTestSource(String simpleName) throws IOException {
        for (String root : List.of("..", ".")) {
            for (String module : List.of("protocol", "firmware-sim", "controller")) {
                Path tests = Path.of(root, module, "src", "test", "java");
                if (!Files.isDirectory(tests)) {
                    continue;
                }
                try (java.util.stream.Stream<Path> files = Files.walk(tests)) {
                    java.util.Optional<Path> hit = files.filter(f -> f.getFileName().toString()
                            .equals(simpleName + ".java")).findFirst();
                    if (hit.isPresent()) {
                        return Files.readString(hit.get(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        fail("the safety case cites test class " + simpleName + " which does not exist");
        return "";
    }
}
