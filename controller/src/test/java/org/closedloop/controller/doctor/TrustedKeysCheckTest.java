package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.closedloop.controller.signing.Ed25519Keys;
import org.junit.jupiter.api.Test;

/** The trusted-keys check loads the directory exactly as the daemon does. */
class TrustedKeysCheckTest {

    @Test
    void shouldPassADirectoryWithAKeyAndListItsId() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path dir = Files.createDirectories(host.root.resolve("etc/closedloop/trusted-keys"));
            KeyPair alice = Ed25519Keys.generate();
            Ed25519Keys.write(alice, host.root, "alice");
            Files.move(host.root.resolve("alice.pub"), dir.resolve("alice.pub"));
            CheckResult r = new TrustedKeysCheck(dir, "closedloop").run();
            assertEquals(CheckStatus.OK, r.status(), r.toString());
            assertEquals("1 in " + dir + ": key ids " + Ed25519Keys.keyId(alice.getPublic()), r.detail());
        }
    }

    @Test
    void shouldFailAnEmptyDirectoryBecauseEveryUploadWouldBeRefused() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path dir = Files.createDirectories(host.root.resolve("trusted-keys"));
            CheckResult r = new TrustedKeysCheck(dir, "closedloop").run();
            assertEquals(CheckStatus.FAIL, r.status());
            assertTrue(r.detail().endsWith("every upload will be refused"), r.detail());
            assertTrue(r.fix().contains("sudo install -m 0644 NAME.pub " + dir + "/"), r.fix());
        }
    }

    @Test
    void shouldFailAMissingDirectoryWithTheDaemonsMessage() throws Exception {
        try (FakeHost host = new FakeHost()) {
            CheckResult r = new TrustedKeysCheck(host.root.resolve("nope"), "closedloop").run();
            assertEquals(CheckStatus.FAIL, r.status());
            assertTrue(r.detail().contains("is not a directory"), r.detail());
        }
    }

    @Test
    void shouldFailADirectoryAnyoneMayWriteTo() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path dir = Files.createDirectories(host.root.resolve("trusted-keys"));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            CheckResult r = new TrustedKeysCheck(dir, "closedloop").run();
            assertEquals(CheckStatus.FAIL, r.status());
            assertTrue(r.detail().contains("writable by everyone"), r.detail());
        }
    }
}
