package org.closedloop.controller.signing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PublicKey;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The public keys a daemon trusts: every {@code *.pub} file of one directory, indexed by key id. Loaded once at
 * start-up and immutable afterwards (add a key, then restart the daemon).
 *
 * <p>Refuses a directory or key file that anyone may write to: whoever can add a file there can make the daemon
 * accept any protocol.
 *
 * <p>Thread safety: immutable after {@link #load}; thread safe.
 */
public final class TrustedKeys {

    private final Path dir;
    private final Map<String, PublicKey> byId;

    private TrustedKeys(Path dir, Map<String, PublicKey> byId) {
        this.dir = dir;
        this.byId = Map.copyOf(byId);
    }

    /**
     * Loads every {@code *.pub} file of {@code dir}.
     *
     * @throws KeyFileException if the directory or a key file is world-writable, or a {@code .pub} file is not an
     *                          Ed25519 public key (the daemon must not start with a trust set it cannot read)
     */
    public static TrustedKeys load(Path dir) throws IOException, KeyFileException {
        if (!Files.isDirectory(dir)) {
            throw new KeyFileException("trusted-keys=" + dir + " is not a directory; create it and copy the authors' "
                    + "NAME.pub files into it");
        }
        requireNotWorldWritable(dir);
        Map<String, PublicKey> keys = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + Ed25519Keys.PUBLIC_SUFFIX)) {
            for (Path f : files) {
                requireNotWorldWritable(f);
                PublicKey k = Ed25519Keys.readPublic(f);
                keys.put(Ed25519Keys.keyId(k), k);
            }
        }
        return new TrustedKeys(dir, keys);
    }

    private static void requireNotWorldWritable(Path p) throws IOException, KeyFileException {
        if (Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new KeyFileException("trusted-keys=" + p + " is writable by everyone, so anyone could add a key; "
                    + "run: chmod o-w " + p);
        }
    }

    /** The trusted key with this id, if any. */
    public Optional<PublicKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** The ids of the trusted keys, sorted. */
    public SortedSet<String> keyIds() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byId.keySet()));
    }

    /** Number of trusted keys. */
    public int size() {
        return byId.size();
    }

    /** The directory the keys were loaded from. */
    public Path dir() {
        return dir;
    }
}
