package org.closedloop.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The daemon's systemd unit, as install.sh stages it: {@code systemd-analyze verify} on the unchanged file inside a
 * staged root (where /opt/closedloop/bin/closedloop exists), its hardening, and its agreement with the environment
 * file, the tinylog configuration and the directories systemd creates.
 */
class SystemdUnitTest {
    private static final String UNIT = "/etc/systemd/system/closedloop-daemon.service";

    private static Path root;

    @BeforeAll
    static void stage() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "cl-unit-root");
        Dist.Run install = Dist.run(Dist.home(), Map.of(), "sh", "install.sh", "--destdir", root.toString());
        assertEquals(0, install.exitCode(), install.toString());
    }

    @AfterAll
    static void cleanUp() {
        Dist.deleteTree(root);
    }

    @Test
    void shouldPassSystemdAnalyzeVerifyInTheStagedRoot() throws Exception {
        Tools.require("systemd-analyze", "the systemd unit");
        Path withUnits = Files.createTempDirectory(Path.of("/tmp"), "cl-unit-verify");
        try {
            Dist.Run copy = Dist.run(Path.of("/"), Map.of(), "cp", "-a", root + "/.", withUnits.toString());
            assertEquals(0, copy.exitCode(), copy.toString());
            addHostUnits(withUnits);
            Dist.Run verify = verify(withUnits);
            assertEquals(0, verify.exitCode(), verify.toString());
            assertEquals("", verify.out() + verify.err(), "systemd-analyze verify found problems");
            // negative control: the same check in a root without the software finds the missing executable
            Dist.deleteTree(withUnits.resolve("opt"));
            Dist.Run missing = verify(withUnits);
            assertTrue((missing.out() + missing.err()).contains("/opt/closedloop/bin/closedloop is not executable"),
                    missing.toString());
        } finally {
            Dist.deleteTree(withUnits);
        }
    }

    @Test
    void shouldKeepItsSecurityExposureLow() throws Exception {
        Tools.require("systemd-analyze", "the unit's security exposure");
        Path withUnits = Files.createTempDirectory(Path.of("/tmp"), "cl-unit-security");
        try {
            Dist.run(Path.of("/"), Map.of(), "cp", "-a", root + "/.", withUnits.toString());
            addHostUnits(withUnits);
            Dist.Run security = Dist.run(Path.of("/"), Map.of(), "systemd-analyze", "security", "--offline=yes",
                    "--root=" + withUnits, UNIT);
            Matcher m = Pattern.compile("Overall exposure level for closedloop-daemon.service: (\\d+\\.\\d)")
                    .matcher(security.out() + security.err());
            assertTrue(m.find(), security.toString());
            double exposure = Double.parseDouble(m.group(1));
            System.out.println("systemd-analyze security: exposure " + exposure + " (0 = locked down, 10 = exposed)");
            // 3.1 when written; the rest is explained in the unit (devices, groups, JIT, real-time loop)
            assertTrue(exposure <= 3.5, "exposure " + exposure + " rose above 3.5: hardening was removed?");
        } finally {
            Dist.deleteTree(withUnits);
        }
    }

    @Test
    void shouldRunUnprivilegedWithTheDeviceGroupsAndTheHardeningTheIssueAsks() throws Exception {
        Map<String, List<String>> s = section(root.resolve(UNIT.substring(1)), "Service");
        assertEquals(List.of("closedloop"), s.get("User"));
        assertEquals(List.of("dialout gpio"), s.get("SupplementaryGroups"));
        assertEquals(List.of("/opt/closedloop/bin/closedloop daemon"), s.get("ExecStart"));
        assertEquals(List.of("on-failure"), s.get("Restart"));
        assertEquals(List.of("yes"), s.get("NoNewPrivileges"));
        assertEquals(List.of("strict"), s.get("ProtectSystem"));
        assertEquals(List.of("yes"), s.get("PrivateNetwork"));
        assertEquals(List.of("AF_UNIX"), s.get("RestrictAddressFamilies"));
        assertEquals(List.of(""), s.get("CapabilityBoundingSet"));
        assertEquals(List.of("journal"), s.get("StandardError"));
        for (String closesDevices : List.of("PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectClock",
                "PrivateUsers", "MemoryDenyWriteExecute")) {
            assertTrue(!s.containsKey(closesDevices), closesDevices + "= would break serial/GPIO access or the JVM");
        }
    }

    @Test
    void shouldAgreeWithTheEnvironmentFileTheLoggingConfigurationAndTheInstaller() throws Exception {
        Map<String, List<String>> s = section(root.resolve(UNIT.substring(1)), "Service");
        Path envFile = Path.of(s.get("EnvironmentFile").get(0));
        Properties env = load(root.resolve(envFile.toString().substring(1)));
        assertEquals("/var/lib/" + s.get("StateDirectory").get(0), env.getProperty("CLOSEDLOOP_STORE"));
        assertEquals("/run/" + s.get("RuntimeDirectory").get(0) + "/daemon.sock", env.getProperty("CLOSEDLOOP_SOCKET"));
        String trusted = env.getProperty("CLOSEDLOOP_TRUSTED_KEYS");
        assertTrue(Files.isDirectory(root.resolve(trusted.substring(1))), trusted + " is not staged by install.sh");
        Map<String, String> environment = new LinkedHashMap<>();
        for (String e : s.get("Environment")) {
            String unquoted = e.startsWith("\"") ? e.substring(1, e.length() - 1) : e;
            environment.put(unquoted.substring(0, unquoted.indexOf('=')), unquoted.substring(unquoted.indexOf('=') + 1));
        }
        assertEquals("/var/log/" + s.get("LogsDirectory").get(0), environment.get("CLOSEDLOOP_LOG_DIR"));
        Matcher tinylog = Pattern.compile("-Dtinylog\\.configuration=(\\S+)").matcher(environment.get("CLOSEDLOOP_JAVA_OPTS"));
        assertTrue(tinylog.find(), environment.toString());
        Path config = root.resolve(tinylog.group(1).substring(1));
        assertTrue(Files.isRegularFile(config), config + " is not staged by install.sh");
        assertTrue(Files.readString(config, StandardCharsets.UTF_8).contains("${CLOSEDLOOP_LOG_DIR}/"),
                "the rolling file writer must write to the unit's log directory");
        String exec = s.get("ExecStart").get(0).split(" ")[0];
        assertTrue(Files.isExecutable(root.resolve(exec.substring(1))), exec + " is not staged by install.sh");
    }

    private static Dist.Run verify(Path withUnits) throws IOException {
        return Dist.run(Path.of("/"), Map.of(), "systemd-analyze", "verify", "--root=" + withUnits, UNIT);
    }

    /** systemd-analyze --root looks for sysinit.target and the rest of the default dependencies inside the root. */
    private static void addHostUnits(Path withUnits) throws IOException {
        Path host = Files.isDirectory(Path.of("/usr/lib/systemd/system")) ? Path.of("/usr/lib/systemd/system")
                : Path.of("/lib/systemd/system");
        Path target = Files.createDirectories(withUnits.resolve("usr/lib/systemd"));
        Dist.Run copy = Dist.run(Path.of("/"), Map.of(), "cp", "-a", host.toString(), target.toString());
        assertEquals(0, copy.exitCode(), copy.toString());
    }

    /** Key = values of one section of a unit file (a key may repeat). */
    static Map<String, List<String>> section(Path unit, String name) throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String current = null;
        for (String line : Dist.significantLines(unit)) {
            if (line.startsWith("[")) {
                current = line.substring(1, line.length() - 1);
            } else if (name.equals(current)) {
                int eq = line.indexOf('=');
                keys.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
            }
        }
        return keys;
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        for (String line : Dist.significantLines(file)) {
            int eq = line.indexOf('=');
            p.setProperty(line.substring(0, eq), line.substring(eq + 1));
        }
        return p;
    }
}
