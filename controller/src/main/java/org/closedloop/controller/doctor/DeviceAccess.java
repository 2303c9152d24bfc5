package org.closedloop.controller.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;

/**
 * A device file as {@code ls -l} shows it (symbolic links followed): its type, owner, group and mode, and whether a
 * {@link ProcessIdentity} may open it for reading and writing by the classic owner/group/other rule. ACLs are not
 * read (Raspberry Pi OS gives serial and GPIO devices to groups, not ACLs).
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param path          the file as given
 * @param realPath      the file after following symbolic links, e.g. {@code /dev/ttyUSB0}
 * @param characterDevice true for a character device (a serial port, a GPIO chip)
 * @param owner         owner's name
 * @param group         group's name
 * @param ownerUid      owner's id
 * @param groupId       group's id
 * @param mode          the permission bits, e.g. 0660
 */
public record DeviceAccess(Path path, Path realPath, boolean characterDevice, String owner, String group, int ownerUid,
                           int groupId, int mode) {

    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;

    /** Reads the attributes of an existing file. */
    public static DeviceAccess of(Path path) throws IOException {
        Map<String, Object> unix = Files.readAttributes(path, "unix:mode,uid,gid");
        PosixFileAttributes posix = Files.readAttributes(path, PosixFileAttributes.class);
        int st = (Integer) unix.get("mode");
        return new DeviceAccess(path, path.toRealPath(), (st & S_IFMT) == S_IFCHR, posix.owner().getName(),
                posix.group().getName(), (Integer) unix.get("uid"), (Integer) unix.get("gid"), st & 0777);
    }

    /** True if {@code who} may open the file for reading and writing. */
    public boolean readWritableBy(ProcessIdentity who) {
        if (who.isRoot()) {
            return true;
        }
        int shift;
        if (who.uid() == ownerUid) {
            shift = 6;
        } else if (who.groupIds().contains(groupId)) {
            shift = 3;
        } else {
            shift = 0;
        }
        return ((mode >> shift) & 06) == 06;
    }

    /** Like {@code ls -l}: {@code crw-rw---- root:dialout}. */
    public String describe() {
        return (characterDevice ? "c" : "-") + rwx(mode >> 6) + rwx(mode >> 3) + rwx(mode) + " " + owner + ":" + group;
    }

    private static String rwx(int bits) {
        return ((bits & 4) != 0 ? "r" : "-") + ((bits & 2) != 0 ? "w" : "-") + ((bits & 1) != 0 ? "x" : "-");
    }
}
