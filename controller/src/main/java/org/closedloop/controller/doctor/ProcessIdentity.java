package org.closedloop.controller.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The user and groups whose permissions the checks judge: read from {@code /proc/self/status} (effective user id,
 * effective group id and supplementary groups), so the answer is the kernel's view of this very process: a user
 * added to {@code dialout} is not in it until they log in again, and the doctor says so.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param userName for messages, e.g. {@code closedloop}
 * @param uid      effective user id; 0 (root) may read and write any device
 * @param groupIds effective group id and supplementary groups
 */
public record ProcessIdentity(String userName, int uid, Set<Integer> groupIds) {

    public ProcessIdentity {
        groupIds = Set.copyOf(groupIds);
    }

    /**
     * Parses {@code <proc>/self/status}.
     *
     * @throws IOException if the file cannot be read or lacks its {@code Uid:}/{@code Gid:} lines
     */
    public static ProcessIdentity read(Path procRoot, String userName) throws IOException {
        Path status = procRoot.resolve("self/status");
        Integer uid = null;
        Set<Integer> groups = new TreeSet<>();
        boolean gidSeen = false;
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            switch (f[0]) {
                case "Uid:" -> uid = effective(status, f);
                case "Gid:" -> {
                    groups.add(effective(status, f));
                    gidSeen = true;
                }
                case "Groups:" -> {
                    for (int i = 1; i < f.length; i++) {
                        groups.add(parse(status, f[i]));
                    }
                }
                default -> {
                }
            }
        }
        if (uid == null || !gidSeen) {
            throw new IOException(status + ": no Uid: or Gid: line; is this a Linux /proc?");
        }
        return new ProcessIdentity(userName, uid, groups);
    }

    /** True for root, who may open any device whatever its mode. */
    public boolean isRoot() {
        return uid == 0;
    }

    private static int effective(Path status, String[] f) throws IOException {
        // "Uid:  real  effective  saved  filesystem"
        if (f.length < 3) {
            throw new IOException(status + ": '" + String.join(" ", f) + "' has no effective id");
        }
        return parse(status, f[2]);
    }

    private static int parse(Path status, String number) throws IOException {
        try {
            return Integer.parseInt(number);
        } catch (NumberFormatException e) {
            throw new IOException(status + ": '" + number + "' is not a user or group id", e);
        }
    }
}
