package org.closedloop.controller.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.ProtocolParseException;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.tinylog.Logger;

/**
 * The daemon's content-addressed protocol store: {@code <store>/protocols/<sha256>.signed.binpb}, one file per
 * protocol, named by the sha256 of its protocol bytes and holding the {@link SignedProtocol} exactly as verified.
 *
 * <p>Writes are atomic: the bytes go to {@code .upload-*.tmp} in the same directory, are forced to the disk, and the
 * file is renamed into place with {@code ATOMIC_MOVE} (then the directory is forced too). A reader therefore sees
 * either no file or the whole verified file. A crash leaves at most a temp file, which {@link #open} deletes; a
 * failed write deletes its own temp file. Nothing here verifies signatures or validates: the caller stores only what
 * passed both.
 *
 * <p>Files in the directory that do not parse, or whose content does not hash to their name, are logged and left
 * out of the index (never deleted: they are evidence).
 *
 * <p>Thread safety: thread safe; every public method is synchronized on the store.
 */
public final class ProtocolStore {

    /** Prefix of temp files; anything with it is an interrupted upload. */
    static final String TEMP_PREFIX = ".upload-";
    static final String TEMP_SUFFIX = ".tmp";
    static final String SUFFIX = ".signed.binpb";
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}" + Pattern.quote(SUFFIX));

    /** Called during a write after half of the bytes are written; lets a test simulate a crash there. */
    interface WriteHook {
        WriteHook NONE = tempFile -> { };

        void afterHalfWritten(Path tempFile) throws IOException;
    }

    /** Outcome of {@link #put}. */
    public enum PutOutcome {
        STORED, ALREADY_STORED, VERSION_CONFLICT
    }

    /** Result of {@link #put}: the outcome and the entry concerned (for a conflict, the one already stored). */
    public record PutResult(PutOutcome outcome, StoredProtocol entry) {
    }

    private final Path dir;
    private final WriteHook hook;
    private final Map<String, StoredProtocol> bySha = new TreeMap<>();

    private ProtocolStore(Path dir, WriteHook hook) {
        this.dir = dir;
        this.hook = hook;
    }

    /** Opens (creating if needed) the store under {@code storeDir}, deleting temp files of interrupted uploads. */
    public static ProtocolStore open(Path storeDir) throws IOException {
        return open(storeDir, WriteHook.NONE);
    }

    static ProtocolStore open(Path storeDir, WriteHook hook) throws IOException {
        Path dir = storeDir.resolve("protocols");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        }
        ProtocolStore store = new ProtocolStore(dir, hook);
        store.load();
        return store;
    }

    private void load() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    Files.deleteIfExists(f);
                    Logger.warn("store: deleted {}, left by an upload that was interrupted (crash or kill)", f);
                } else if (NAME.matcher(name).matches()) {
                    index(f);
                } else {
                    Logger.warn("store: ignoring {}: not a stored protocol file", f);
                }
            }
        }
    }

    private void index(Path f) throws IOException {
        String sha = f.getFileName().toString().substring(0, 64);
        try {
            SignedProtocol s = ProtocolCodec.parseSigned(Files.readAllBytes(f));
            byte[] bytes = s.getProtocol().toByteArray();
            if (!ProtocolCodec.sha256Hex(bytes).equals(sha)) {
                Logger.error("store: ignoring {}: its content does not match its sha256 name (corrupt or altered)", f);
                return;
            }
            StimulationProtocol p = ProtocolCodec.parseBinary(bytes);
            bySha.put(sha, entry(sha, p, s, Files.getLastModifiedTime(f).toMillis()));
        } catch (ProtocolParseException e) {
            Logger.error("store: ignoring {}: {}", f, e.getMessage());
        }
    }

    private static StoredProtocol entry(String sha, StimulationProtocol p, SignedProtocol s, long uploadedMs) {
        return new StoredProtocol(sha, p.getId(), p.getVersion(), p.getTitle(), s.getKeyId(), uploadedMs,
                s.getProtocol().size());
    }

    /**
     * Stores a verified, validated protocol. Idempotent: the same protocol bytes again are {@code ALREADY_STORED}
     * (the first signature is kept); different bytes with an id and version already stored are refused as
     * {@code VERSION_CONFLICT}. On an I/O error nothing is stored and no temp file remains.
     *
     * @param signed   the signed protocol, signature already verified
     * @param protocol its parsed protocol bytes, already validated
     */
    public synchronized PutResult put(SignedProtocol signed, StimulationProtocol protocol) throws IOException {
        String sha = ProtocolCodec.sha256Hex(signed.getProtocol().toByteArray());
        StoredProtocol existing = bySha.get(sha);
        if (existing != null) {
            return new PutResult(PutOutcome.ALREADY_STORED, existing);
        }
        for (StoredProtocol e : bySha.values()) {
            if (e.id().equals(protocol.getId()) && e.version() == protocol.getVersion()) {
                return new PutResult(PutOutcome.VERSION_CONFLICT, e);
            }
        }
        Path target = dir.resolve(sha + SUFFIX);
        writeAtomically(target, signed.toByteArray());
        StoredProtocol stored = entry(sha, protocol, signed, Files.getLastModifiedTime(target).toMillis());
        bySha.put(sha, stored);
        return new PutResult(PutOutcome.STORED, stored);
    }

    private void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path temp = Files.createTempFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                int half = bytes.length / 2;
                writeFully(ch, ByteBuffer.wrap(bytes, 0, half));
                hook.afterHalfWritten(temp);
                writeFully(ch, ByteBuffer.wrap(bytes, half, bytes.length - half));
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            // the rename itself must reach the disk too, or a power cut could forget the new name
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** Every stored protocol, by id, then version, then sha256. */
    public synchronized List<StoredProtocol> list() {
        List<StoredProtocol> all = new ArrayList<>(bySha.values());
        all.sort(Comparator.comparing(StoredProtocol::id).thenComparingInt(StoredProtocol::version)
                .thenComparing(StoredProtocol::sha256));
        return all;
    }

    /**
     * Reads a stored protocol back, checking that its bytes still hash to its name.
     *
     * @throws IOException if the file is gone, unreadable or no longer matches its sha256
     */
    public synchronized SignedProtocol read(String sha256) throws IOException {
        Path f = dir.resolve(sha256 + SUFFIX);
        try {
            SignedProtocol s = ProtocolCodec.parseSigned(Files.readAllBytes(f));
            if (!ProtocolCodec.sha256Hex(s.getProtocol().toByteArray()).equals(sha256)) {
                throw new IOException("stored protocol " + f + " no longer matches its sha256: the store is corrupt");
            }
            return s;
        } catch (ProtocolParseException e) {
            throw new IOException("stored protocol " + f + " does not parse: " + e.getMessage(), e);
        }
    }

    /** The store's root directory (holding {@code protocols/} and the audit log). */
    public Path root() {
        return dir.getParent();
    }

    public Path dir() {
        return dir;
    }
}
