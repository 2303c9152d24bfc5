package org.closedloop.distribution;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** System tools the tests use when the machine has them: systemd-analyze, udevadm, unshare. */
final class Tools {

    private Tools() {
    }

    /**
     * Skips the calling test if {@code program} is missing, or fails it when .ci/run demands the unit tools
     * ({@code CLOSEDLOOP_REQUIRE_UNIT_TOOLS=1}).
     */
    static void require(String program, String why) {
        if (Dist.onPath(program)) {
            return;
        }
        String msg = program + " is not installed, so " + why + " was not checked (Debian: apt-get install systemd "
                + "udev; .ci/run installs them)";
        if (Dist.REQUIRE_UNIT_TOOLS) {
            fail(msg);
        }
        Assumptions.abort(msg);
    }

    /**
     * The command prefix that runs a program in new namespaces of the given kinds ({@code -m} mount, {@code -n}
     * network), as root or through a user namespace; null if this machine allows neither.
     */
    static List<String> unsharePrefix(String kinds) throws IOException {
        if (!Dist.onPath("unshare")) {
            return null;
        }
        for (List<String> prefix : List.of(List.of("unshare", kinds), List.of("unshare", "-r", kinds))) {
            if (prefix.size() == 2 && !Dist.isRoot()) {
                continue; // without root only a user namespace may create the others
            }
            String[] probe = concat(prefix, "true");
            if (Dist.run(Path.of("/"), Map.of(), probe).exitCode() == 0) {
                return prefix;
            }
        }
        return null;
    }

    static String[] concat(List<String> prefix, String... rest) {
        String[] all = new String[prefix.size() + rest.length];
        for (int i = 0; i < prefix.size(); i++) {
            all[i] = prefix.get(i);
        }
        System.arraycopy(rest, 0, all, prefix.size(), rest.length);
        return all;
    }
}
