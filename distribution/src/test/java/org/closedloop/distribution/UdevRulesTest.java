package org.closedloop.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.closedloop.controller.doctor.LatencyTimerCheck;
import org.closedloop.controller.doctor.PortRole;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The udev rules. udev's own parser checks them: {@code udevadm verify} where it exists (systemd 253 and later);
 * Debian 12 has systemd 252, whose {@code udevadm test} reads every rules file and reports each problem as
 * {@code FILE:LINE message}, so the rules are put in a private /run (a new mount namespace: the machine's udev never
 * sees them) and read that way. Independently of udevadm, the rules are parsed here against the keys and operators
 * of udev(7), and their names and values are checked against what the controller expects.
 */
class UdevRulesTest {
    private static final String RULES = "99-closedloop.rules";

    @Test
    void shouldPassUdevsOwnParser() throws Exception {
        Tools.require("udevadm", "the udev rules");
        Path rules = Dist.home().resolve("udev").resolve(RULES);
        List<String> problems = udevProblems(rules);
        assertEquals(List.of(), problems, "udev reports problems in " + RULES);
        // negative control: the same check finds a misspelt key and a wrong operator
        Path broken = Files.createTempDirectory(Path.of("/tmp"), "cl-udev").resolve(RULES);
        try {
            Files.writeString(broken, "SUBSYTEM==\"tty\", SYMLINK+=\"x\"\nACTION=\"add\", GROUP=\"dialout\"\n",
                    StandardCharsets.UTF_8);
            assertEquals(2, udevProblems(broken).size(), "the udev check does not see mistakes");
        } finally {
            Dist.deleteTree(broken.getParent());
        }
    }

    /** Problems udev reports for one rules file: {@code udevadm verify}, or {@code udevadm test} in a private /run. */
    private static List<String> udevProblems(Path rules) throws IOException {
        if (Dist.run(Path.of("/"), Map.of(), "udevadm", "verify", "--help").exitCode() == 0) {
            Dist.Run v = Dist.run(Path.of("/"), Map.of(), "udevadm", "verify", "--resolve-names=never", rules.toString());
            List<String> problems = new ArrayList<>((v.out() + v.err()).lines()
                    .filter(l -> l.startsWith(rules.toString() + ":")).toList());
            if (v.exitCode() != 0 && problems.isEmpty()) {
                problems.add(v.toString());
            }
            return problems;
        }
        List<String> prefix = Tools.unsharePrefix("-m");
        if (prefix == null) {
            String msg = "udevadm " + "has no verify command and no mount namespace is allowed here, so udev could not "
                    + "read the rules; the parser test below still ran";
            if (Dist.REQUIRE_UNIT_TOOLS) {
                fail(msg);
            }
            Assumptions.abort(msg);
        }
        String script = "mount -t tmpfs closedloop-udev-check /run && mkdir -p /run/udev/rules.d && cp \"$1\" "
                + "/run/udev/rules.d/ && exec udevadm test /sys/devices/virtual/mem/null";
        Dist.Run t = Dist.run(Path.of("/"), Map.of(), Tools.concat(prefix, "sh", "-c", script, "sh", rules.toString()));
        String text = t.out() + t.err();
        String inRun = "/run/udev/rules.d/" + RULES;
        assertTrue(text.contains("Reading rules file: " + inRun), "udevadm test did not read the rules:\n" + t);
        return text.lines().filter(l -> l.startsWith(inRun + ":")).toList();
    }

    /** One key, operator and value of a rule, e.g. {@code ATTRS{idVendor}=="0403"}. */
    record Term(String key, String op, String value) {
        boolean isMatch() {
            return op.equals("==") || op.equals("!=");
        }
    }

    private static final Pattern TERM = Pattern.compile(
            "\\s*([A-Z_]+(?:\\{[A-Za-z0-9_]+\\})?)\\s*(==|!=|\\+=|-=|:=|=)\\s*\"([^\"]*)\"\\s*(,|$)");
    // udev(7): keys that only match, keys that may match or assign
    private static final Set<String> MATCH_ONLY = Set.of("ACTION", "DEVPATH", "KERNEL", "KERNELS", "SUBSYSTEM",
            "SUBSYSTEMS", "DRIVER", "DRIVERS", "ATTRS", "TEST", "PROGRAM", "RESULT", "TAGS");
    private static final Set<String> MATCH_OR_ASSIGN = Set.of("SYMLINK", "NAME", "ATTR", "ENV", "TAG");
    private static final Set<String> ASSIGN_ONLY = Set.of("OWNER", "GROUP", "MODE", "RUN", "OPTIONS", "LABEL", "GOTO");

    static List<List<Term>> parse(Path rules) throws IOException {
        List<List<Term>> parsed = new ArrayList<>();
        for (String line : Dist.significantLines(rules)) {
            List<Term> terms = new ArrayList<>();
            Matcher m = TERM.matcher(line);
            int at = 0;
            while (at < line.length()) {
                assertTrue(m.find(at) && m.start() == at, "cannot parse from column " + at + ": " + line);
                terms.add(new Term(m.group(1), m.group(2), m.group(3)));
                at = m.end();
            }
            for (Term t : terms) {
                String base = t.key().replaceFirst("\\{.*", "");
                boolean known = MATCH_ONLY.contains(base) || MATCH_OR_ASSIGN.contains(base) || ASSIGN_ONLY.contains(base);
                assertTrue(known, "unknown key " + t.key() + " in: " + line);
                assertTrue(!MATCH_ONLY.contains(base) || t.isMatch(), t.key() + " only matches (== or !=): " + line);
                assertTrue(!ASSIGN_ONLY.contains(base) || !t.isMatch(), t.key() + " only assigns: " + line);
                assertTrue(!base.matches("ATTRS?|ENV") || t.key().contains("{"), t.key() + " needs {name}: " + line);
            }
            assertTrue(terms.stream().anyMatch(Term::isMatch), "a rule without a match applies to every device: " + line);
            assertTrue(terms.stream().anyMatch(t -> !t.isMatch()), "a rule without an assignment does nothing: " + line);
            parsed.add(terms);
        }
        return parsed;
    }

    @Test
    void shouldParseEveryRuleWithUdevsKeysAndOperators() throws Exception {
        assertEquals(4, parse(Dist.home().resolve("udev").resolve(RULES)).size());
    }

    @Test
    void shouldGiveThePortsTheNamesTheDoctorExpectsAndTheDongleAOneMillisecondTimer() throws Exception {
        List<List<Term>> rules = parse(Dist.home().resolve("udev").resolve(RULES));
        List<Term> eeg = rule(rules, "SYMLINK", "closedloop-eeg");
        assertEquals("/dev/" + value(eeg, "SYMLINK"), PortRole.EEG.defaultPath().toString());
        assertEquals("0403", value(eeg, "ATTRS{idVendor}"), "FTDI");
        assertEquals("6015", value(eeg, "ATTRS{idProduct}"), "FT-X series, the dongle's FT231X");
        assertEquals("dialout", value(eeg, "GROUP"));
        List<Term> stim = rule(rules, "SYMLINK", "closedloop-stim");
        assertEquals("/dev/" + value(stim, "SYMLINK"), PortRole.STIMULATOR.defaultPath().toString());
        assertEquals("SET-STIMULATOR-SERIAL", value(stim, "ATTRS{serial}"), "the placeholder docs/install.md names");
        assertEquals("dialout", value(stim, "GROUP"));
        List<Term> latency = rule(rules, "ATTRS{idProduct}", "6015", "ATTR{latency_timer}");
        assertEquals(String.valueOf(LatencyTimerCheck.WANTED_MS), value(latency, "ATTR{latency_timer}"));
        assertEquals("usb-serial", value(latency, "SUBSYSTEM"));
        assertEquals("ftdi_sio", value(latency, "DRIVERS"));
        assertEquals(new Term("ACTION", "!=", "remove"), latency.get(0));
    }

    @Test
    void shouldBeTheRuleTheAcquisitionBoardPageQuotes() throws Exception {
        String page = Files.readString(Dist.home().resolve("docs/acquisition-board.md"), StandardCharsets.UTF_8);
        String latencyRule = Dist.significantLines(Dist.home().resolve("udev").resolve(RULES)).stream()
                .filter(l -> l.contains("ATTR{latency_timer}") && l.contains("6015")).findFirst().orElseThrow();
        assertTrue(page.contains(latencyRule), "acquisition-board.md quotes another latency rule than " + latencyRule);
    }

    private static List<Term> rule(List<List<Term>> rules, String key, String value, String... alsoHas) {
        for (List<Term> r : rules) {
            if (r.stream().anyMatch(t -> t.key().equals(key) && t.value().equals(value))
                    && Set.of(alsoHas).stream().allMatch(k -> r.stream().anyMatch(t -> t.key().equals(k)))) {
                return r;
            }
        }
        fail("no rule with " + key + "=" + value);
        return null;
    }

    private static String value(List<Term> rule, String key) {
        Term t = rule.stream().filter(x -> x.key().equals(key)).findFirst().orElse(null);
        assertNotNull(t, key + " missing in " + rule);
        return t.value();
    }
}
