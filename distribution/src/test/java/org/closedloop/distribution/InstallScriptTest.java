package org.closedloop.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** install.sh, staged with --destdir (never a real install: that needs root and changes the machine). */
class InstallScriptTest {

    private Path root;

    @BeforeEach
    void dir() throws Exception {
        root = Files.createTempDirectory(Path.of("/tmp"), "cl-root");
    }

    @AfterEach
    void cleanUp() {
        Dist.deleteTree(root);
    }

    @Test
    void shouldStageTheSoftwareTheConfigurationTheUnitAndTheRules() throws Exception {
        Dist.Run install = stage();
        assertEquals(0, install.exitCode(), install.toString());
        Path home = Dist.home();
        String v = "closedloop-" + Dist.VERSION;
        assertEquals(Path.of(v), Files.readSymbolicLink(root.resolve("opt/closedloop")));
        assertEquals(Path.of("/opt/closedloop/bin/closedloop"), Files.readSymbolicLink(root.resolve("usr/local/bin/closedloop")));
        assertSame(home.resolve("conf/closedloop.env"), root.resolve("etc/closedloop/closedloop.env"));
        assertSame(home.resolve("conf/tinylog.properties"), root.resolve("etc/closedloop/tinylog.properties"));
        assertSame(home.resolve("systemd/closedloop-daemon.service"),
                root.resolve("etc/systemd/system/closedloop-daemon.service"));
        assertSame(home.resolve("udev/99-closedloop.rules"), root.resolve("etc/udev/rules.d/99-closedloop.rules"));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("etc/closedloop/trusted-keys"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("etc/closedloop/closedloop.env"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("opt/" + v + "/bin/closedloop"))));
        // nothing outside /etc, /opt and /usr/local/bin
        try (Stream<Path> top = Files.list(root)) {
            assertEquals(Set.of("etc", "opt", "usr"), top.map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        // the staged copy runs
        Dist.Run version = Dist.run(root, Map.of(), root.resolve("opt/closedloop/bin/closedloop").toString(),
                "--version");
        assertEquals("closedloop " + Dist.VERSION + "\n", version.out(), version.toString());
    }

    @Test
    void shouldKeepConfigurationTheLabChangedAndWriteTheNewOneBeside() throws Exception {
        assertEquals(0, stage().exitCode());
        Path rules = root.resolve("etc/udev/rules.d/99-closedloop.rules");
        Path unit = root.resolve("etc/systemd/system/closedloop-daemon.service");
        String edited = Files.readString(rules, StandardCharsets.UTF_8).replace("SET-STIMULATOR-SERIAL", "STIM0042");
        Files.writeString(rules, edited, StandardCharsets.UTF_8);
        Files.writeString(unit, "# edited\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Dist.Run again = stage();
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(edited, Files.readString(rules, StandardCharsets.UTF_8), "the lab's serial number was lost");
        assertSame(Dist.home().resolve("udev/99-closedloop.rules"), rules.resolveSibling("99-closedloop.rules.dist"));
        assertTrue(again.err().contains("kept your " + rules), again.err());
        // the unit is the software's own: replaced (local changes belong in a drop-in)
        assertSame(Dist.home().resolve("systemd/closedloop-daemon.service"), unit);
        // an unchanged file gets no .dist
        assertFalse(Files.exists(root.resolve("etc/closedloop/closedloop.env.dist"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shouldPrintItsUsageForHelpAndRefuseAnUnknownOption() throws Exception {
        Dist.Run help = Dist.run(Dist.home(), Map.of(), "sh", "install.sh", "--help");
        assertEquals(2, help.exitCode());
        assertTrue(help.err().contains("./install.sh --destdir DIR"), help.err());
        Dist.Run unknown = Dist.run(Dist.home(), Map.of(), "sh", "install.sh", "--prefix", "/usr");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown option '--prefix'"), unknown.err());
    }

    @Test
    void shouldRefuseARealInstallWithoutRoot() throws Exception {
        Assumptions.assumeFalse(Dist.isRoot(), "as root this would really install: not tried");
        Dist.Run r = Dist.run(Dist.home(), Map.of(), "sh", "install.sh");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("run it as root"), r.err());
    }

    private Dist.Run stage() throws Exception {
        return Dist.run(Dist.home(), Map.of(), "sh", "install.sh", "--destdir", root.toString());
    }

    private static void assertSame(Path expected, Path actual) throws Exception {
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), Files.readString(actual, StandardCharsets.UTF_8),
                actual + " differs from " + expected);
    }
}
