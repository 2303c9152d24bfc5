package org.closedloop.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** What is in closedloop-VERSION-bin.tar.gz, and that it runs as unpacked, with Java alone. */
class DistributionContentsTest {

    @Test
    void shouldHoldEverythingUnderOneTopDirectory() throws Exception {
        Dist.Run list = Dist.run(Path.of("."), Map.of(), "tar", "-tzf", Dist.ARCHIVE.toString());
        assertEquals(0, list.exitCode(), list.toString());
        String top = "closedloop-" + Dist.VERSION + "/";
        List<String> outside = list.out().lines().filter(e -> !e.startsWith(top)).toList();
        assertEquals(List.of(), outside);
    }

    @Test
    void shouldContainTheLauncherInstallerConfigurationUnitRulesExamplesAndDocs() throws Exception {
        Path home = Dist.home();
        for (String f : List.of("VERSION", "README.txt", "install.sh", "bin/closedloop", "conf/closedloop.env",
                "conf/tinylog.properties", "systemd/closedloop-daemon.service", "udev/99-closedloop.rules",
                "examples/open-loop-10hz.textproto", "examples/closed-loop-alpha-phase.textproto",
                "docs/README.md", "docs/install.md", "docs/operating.md", "docs/bench-checkout.md", "docs/wiring.md",
                "docs/bill-of-materials.md", "docs/gpio-wiring.md", "docs/safety-case.md")) {
            assertTrue(Files.isRegularFile(home.resolve(f)), f + " missing from the archive");
        }
        assertEquals(Dist.VERSION, Files.readString(home.resolve("VERSION"), StandardCharsets.UTF_8).strip());
        // every example of the source tree, and the docs index's pages
        try (Stream<Path> examples = Files.list(Path.of("..", "examples"))) {
            for (Path e : examples.filter(p -> p.toString().endsWith(".textproto")).toList()) {
                assertTrue(Files.isRegularFile(home.resolve("examples").resolve(e.getFileName())), e + " not shipped");
            }
        }
    }

    @Test
    void shouldShipTheHardwareDocsWithAnIndexOfEveryPageAndNoBrokenLink() throws Exception {
        Path docs = Dist.home().resolve("docs");
        Set<String> pages;
        try (Stream<Path> s = Files.list(docs)) {
            pages = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md") && !n.equals("README.md"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        String index = Files.readString(docs.resolve("README.md"), StandardCharsets.UTF_8);
        for (String page : pages) {
            assertTrue(index.contains("| [" + page + "](" + page + ") |"), page + " is not in the docs index");
        }
        Pattern link = Pattern.compile("\\]\\(([A-Za-z0-9_.-]+\\.md)(#[^)]*)?\\)");
        for (String page : pages) {
            Matcher m = link.matcher(Files.readString(docs.resolve(page), StandardCharsets.UTF_8));
            while (m.find()) {
                assertTrue(Files.isRegularFile(docs.resolve(m.group(1))), page + " links to a missing " + m.group(1));
            }
        }
    }

    @Test
    void shouldShipTheRuntimeJarsAndNothingForTests() throws Exception {
        Set<String> jars = jars();
        for (String prefix : List.of("controller-", "safety-", "protocol-", "firmware-sim-", "jssc-2.10.2",
                "pi4j-core-", "pi4j-plugin-raspberrypi-", "pi4j-plugin-gpiod-", "pi4j-library-gpiod-", "picocli-",
                "protobuf-java-", "tinylog-api-", "tinylog-impl-", "slf4j-tinylog-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(prefix)), prefix + "*.jar missing from lib/: " + jars);
        }
        // pi4j's mock provider would win its auto-detection on a Pi (PLATFORM.md): it must never ship
        for (String banned : List.of("pi4j-plugin-mock", "junit", "opentest4j", "jmh", "benchmarks")) {
            assertFalse(jars.stream().anyMatch(j -> j.contains(banned)), banned + " must not ship: " + jars);
        }
        assertFalse(jars.contains("closedloop.jar"), "the shaded jar would duplicate every class");
    }

    /** ELF header: class (1 = 32-bit, 2 = 64-bit), e_machine (0x28 ARM, 0xB7 AArch64), e_flags. */
    record Elf(int elfClass, int machine, long flags) {
        static final int ARM = 0x28;
        static final int AARCH64 = 0xB7;
        /** EF_ARM_ABI_FLOAT_HARD: the armhf calling convention. */
        static final long ARM_HARD_FLOAT = 0x400;
    }

    @Test
    void shouldCarryTheSerialAndGpioNativeLibrariesForArm64AndArmhf() throws Exception {
        Path lib = Dist.home().resolve("lib");
        Path jssc = onlyJar(lib, "jssc-");
        assertEquals(new Elf(2, Elf.AARCH64, 0), elf(jssc, "natives/linux_arm64/libjssc.so", false));
        Elf jsscArm = elf(jssc, "natives/linux_arm/libjssc.so", true);
        assertEquals(1, jsscArm.elfClass());
        assertEquals(Elf.ARM, jsscArm.machine());
        assertEquals(Elf.ARM_HARD_FLOAT, jsscArm.flags() & Elf.ARM_HARD_FLOAT, "jssc's ARM library is not armhf");
        Path gpiod = onlyJar(lib, "pi4j-library-gpiod-");
        for (String so : List.of("libpi4j-gpiod.so", "libgpiod.so")) {
            assertEquals(new Elf(2, Elf.AARCH64, 0), elf(gpiod, "lib/aarch64/pi4j-gpiod/" + so, false));
            Elf arm = elf(gpiod, "lib/armhf/pi4j-gpiod/" + so, true);
            assertEquals(Elf.ARM, arm.machine());
            assertEquals(Elf.ARM_HARD_FLOAT, arm.flags() & Elf.ARM_HARD_FLOAT, so + " for armhf is not hard-float");
        }
    }

    @Test
    void shouldMakeOnlyTheLauncherAndTheInstallerExecutable() throws Exception {
        Path home = Dist.home();
        Set<Path> executables = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE)) {
                    executables.add(home.relativize(p));
                }
            }
        }
        assertEquals(Set.of(Path.of("bin/closedloop"), Path.of("install.sh")), executables);
        Dist.Run syntax = Dist.run(home, Map.of(), "sh", "-n", "bin/closedloop");
        assertEquals(0, syntax.exitCode(), syntax.toString());
        syntax = Dist.run(home, Map.of(), "sh", "-n", "install.sh");
        assertEquals(0, syntax.exitCode(), syntax.toString());
    }

    @Test
    void shouldRunFromTheUnpackedArchiveWithJavaAlone() throws Exception {
        Path home = Dist.home();
        // the launcher runs nothing but java (JAVA_HOME: this JVM's, whatever PATH holds)
        Map<String, String> javaOnly = Map.of("JAVA_HOME", System.getProperty("java.home"));
        Dist.Run version = Dist.run(home, javaOnly, "bin/closedloop", "--version");
        assertEquals(0, version.exitCode(), version.toString());
        assertEquals("closedloop " + Dist.VERSION + "\n", version.out());
        Dist.Run validate = Dist.run(home, javaOnly, "bin/closedloop", "protocol", "validate",
                "examples/open-loop-10hz.textproto");
        assertEquals(0, validate.exitCode(), validate.toString());
        assertTrue(validate.out().contains(": valid: id=open-loop-10hz"), validate.out());
        // through a symlink, as /usr/local/bin/closedloop runs it
        Path link = Files.createTempDirectory(Path.of("/tmp"), "cl-bin").resolve("closedloop");
        try {
            Files.createSymbolicLink(link, home.resolve("bin/closedloop"));
            Dist.Run viaLink = Dist.run(Path.of("/"), javaOnly, link.toString(), "--version");
            assertEquals(0, viaLink.exitCode(), viaLink.toString());
        } finally {
            Dist.deleteTree(link.getParent());
        }
    }

    @Test
    void shouldRunTheDoctorAndExitOneWhenThePortsAreMissing() throws Exception {
        Path home = Dist.home();
        Dist.Run doctor = Dist.run(home, Map.of(), "bin/closedloop", "doctor", "--eeg-port", "/nonexistent/eeg",
                "--stim-port", "/nonexistent/stim", "--trusted-keys", "/nonexistent/keys", "--recordings", "/tmp");
        assertEquals(1, doctor.exitCode(), doctor.toString());
        assertTrue(doctor.out().contains("FAIL  eeg port "), doctor.out());
        assertTrue(doctor.out().contains("OK    java "), doctor.out());
    }

    @Test
    void shouldTakeTheDaemonsPathsFromTheEnvironmentFileUnlessSetAlready() throws Exception {
        Path home = Dist.home();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "cl-env");
        try {
            Path envFile = Files.writeString(dir.resolve("closedloop.env"), "# a comment\n\n"
                    + "CLOSEDLOOP_TRUSTED_KEYS=" + dir.resolve("from-file") + "\nNOT_OURS=1\n"
                    + "CLOSEDLOOP_STORE=" + dir.resolve("store"), StandardCharsets.UTF_8); // no final newline
            String[] doctor = {"bin/closedloop", "doctor", "--eeg-port", "/nonexistent/eeg", "--stim-port",
                "/nonexistent/stim"};
            Dist.Run fromFile = Dist.run(home, Map.of("CLOSEDLOOP_ENV_FILE", envFile.toString()), doctor);
            assertTrue(fromFile.out().contains("trusted-keys=" + dir.resolve("from-file") + " is not a directory"),
                    fromFile.toString());
            assertTrue(fromFile.out().contains(dir.resolve("store/recordings") + " (not created yet"), fromFile.out());
            Dist.Run fromEnv = Dist.run(home, Map.of("CLOSEDLOOP_ENV_FILE", envFile.toString(),
                    "CLOSEDLOOP_TRUSTED_KEYS", dir.resolve("from-env").toString()), doctor);
            assertTrue(fromEnv.out().contains("trusted-keys=" + dir.resolve("from-env") + " is not a directory"),
                    fromEnv.toString());
        } finally {
            Dist.deleteTree(dir);
        }
    }

    private static Set<String> jars() throws IOException {
        try (Stream<Path> s = Files.list(Dist.home().resolve("lib"))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Path onlyJar(Path lib, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(lib)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertEquals(1, found.size(), prefix + ": " + found);
            return found.get(0);
        }
    }

    private static Elf elf(Path jar, String entry, boolean withFlags) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry e = zip.getEntry(entry);
            assertNotNull(e, entry + " missing from " + jar.getFileName());
            try (InputStream in = zip.getInputStream(e)) {
                byte[] h = in.readNBytes(52);
                assertEquals(0x7F454C46, ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8)
                        | (h[3] & 0xFF), entry + " is not an ELF file");
                assertEquals(1, h[5], entry + ": not little-endian");
                int machine = (h[18] & 0xFF) | ((h[19] & 0xFF) << 8);
                // e_flags: offset 36 in a 32-bit header, 48 in a 64-bit one (little-endian)
                int off = h[4] == 1 ? 36 : 48;
                long flags = (h[off] & 0xFFL) | ((h[off + 1] & 0xFFL) << 8) | ((h[off + 2] & 0xFFL) << 16)
                        | ((h[off + 3] & 0xFFL) << 24);
                return new Elf(h[4], machine, withFlags ? flags : 0);
            }
        }
    }
}
