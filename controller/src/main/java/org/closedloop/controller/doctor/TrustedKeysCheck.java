package org.closedloop.controller.doctor;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.closedloop.controller.signing.KeyFileException;
import org.closedloop.controller.signing.TrustedKeys;

/**
 * The daemon's trusted keys load exactly as the daemon loads them ({@link TrustedKeys#load}) and there is at least
 * one: without one every upload is refused.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class TrustedKeysCheck implements DoctorCheck {

    private final Path dir;
    private final String userName;

    public TrustedKeysCheck(Path dir, String userName) {
        this.dir = dir;
        this.userName = userName;
    }

    @Override
    public String name() {
        return "trusted keys";
    }

    @Override
    public CheckResult run() {
        TrustedKeys keys;
        try {
            keys = TrustedKeys.load(dir);
        } catch (KeyFileException e) {
            return CheckResult.fail(name(), e.getMessage(), "fix the directory or the key file named; then restart "
                    + "the daemon: sudo systemctl restart closedloop-daemon");
        } catch (AccessDeniedException e) {
            return CheckResult.fail(name(), "user " + userName + " may not read " + e.getFile(),
                    "run the doctor as the daemon's user: sudo -u closedloop closedloop doctor");
        } catch (IOException e) {
            return CheckResult.fail(name(), "trusted-keys=" + dir + ": " + e, "check the directory: ls -la " + dir);
        }
        if (keys.size() == 0) {
            return CheckResult.fail(name(), "no *.pub file in " + dir + ": every upload will be refused",
                    "copy each author's NAME.pub there: sudo install -m 0644 NAME.pub " + dir + "/ && sudo systemctl "
                    + "restart closedloop-daemon");
        }
        return CheckResult.ok(name(), keys.size() + " in " + dir + ": key ids " + String.join(", ", keys.keyIds()));
    }
}
