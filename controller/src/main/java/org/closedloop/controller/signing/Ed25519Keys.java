package org.closedloop.controller.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * Ed25519 key pairs for signing protocols, with the JDK's own provider: generation, PEM files (private key PKCS#8,
 * created with permissions 0600; public key X.509 SubjectPublicKeyInfo) and the key id.
 *
 * <p>The key id is the first 16 hex digits of the sha256 of the public key's X.509 encoding; it is computed from the
 * key, never taken from a file name.
 *
 * <p>Thread safety: stateless; thread safe.
 */
public final class Ed25519Keys {

    /** File name ending of a private key. */
    public static final String PRIVATE_SUFFIX = ".key";
    /** File name ending of a public key. */
    public static final String PUBLIC_SUFFIX = ".pub";

    private static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE_PEM = "PRIVATE KEY";
    private static final String PUBLIC_PEM = "PUBLIC KEY";
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private Ed25519Keys() {
    }

    /** A new random key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ platform", e);
        }
    }

    /** The key id: the first 16 hex digits of sha256(X.509 encoding of the public key). */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Writes {@code DIR/NAME.key} (created with permissions 0600 before any byte is written) and {@code DIR/NAME.pub}.
     *
     * @throws FileAlreadyExistsException if either file exists: keys are never overwritten
     */
    public static void write(KeyPair pair, Path dir, String name) throws IOException {
        Path priv = dir.resolve(name + PRIVATE_SUFFIX);
        Path pub = dir.resolve(name + PUBLIC_SUFFIX);
        if (Files.exists(pub)) {
            throw new FileAlreadyExistsException(pub.toString(), null, "a key with this name exists; keys are never overwritten");
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // created 0600 atomically: no moment at which the private key is readable by others
        Files.createFile(priv, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
        Files.writeString(priv, pem(PRIVATE_PEM, pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        Files.writeString(pub, pem(PUBLIC_PEM, pair.getPublic().getEncoded()), StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Reads a private key; refuses a file that its group or others may read or write, as ssh does.
     *
     * @throws KeyFileException if the file is not an Ed25519 PKCS#8 PEM private key or is too open
     */
    public static PrivateKey readPrivate(Path file) throws IOException, KeyFileException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (!p.name().startsWith("OWNER_")) {
                throw new KeyFileException("key=" + file + " has permissions " + PosixFilePermissions.toString(perms)
                        + ": a private key must be accessible by its owner only; run: chmod 600 " + file);
            }
        }
        byte[] der = unpem(file, PRIVATE_PEM);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new KeyFileException("key=" + file + " is not an Ed25519 private key: " + e.getMessage());
        }
    }

    /**
     * Reads a public key.
     *
     * @throws KeyFileException if the file is not an Ed25519 X.509 PEM public key
     */
    public static PublicKey readPublic(Path file) throws IOException, KeyFileException {
        byte[] der = unpem(file, PUBLIC_PEM);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new KeyFileException("key=" + file + " is not an Ed25519 public key: " + e.getMessage());
        }
    }

    /**
     * Reads the pair {@code NAME.key} + {@code NAME.pub} (same directory) and checks that they belong together.
     */
    public static KeyPair readPair(Path privateKeyFile) throws IOException, KeyFileException {
        String name = privateKeyFile.getFileName().toString();
        if (!name.endsWith(PRIVATE_SUFFIX)) {
            throw new KeyFileException("key=" + privateKeyFile + ": give the private key file, NAME" + PRIVATE_SUFFIX
                    + " (its public key NAME" + PUBLIC_SUFFIX + " must be next to it)");
        }
        Path pub = privateKeyFile.resolveSibling(name.substring(0, name.length() - PRIVATE_SUFFIX.length()) + PUBLIC_SUFFIX);
        if (!Files.exists(pub)) {
            throw new KeyFileException("key=" + privateKeyFile + ": its public key " + pub
                    + " is missing; the signature names the signer by the public key's id");
        }
        KeyPair pair = new KeyPair(readPublic(pub), readPrivate(privateKeyFile));
        if (!matches(pair)) {
            throw new KeyFileException("key=" + privateKeyFile + " and " + pub + " are not a pair");
        }
        return pair;
    }

    private static boolean matches(KeyPair pair) {
        try {
            byte[] probe = "closedloop key pair check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(pair.getPrivate());
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(ALGORITHM);
            v.initVerify(pair.getPublic());
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(Path file, String type) throws IOException, KeyFileException {
        if (Files.size(file) > 16 * 1024) {
            throw new KeyFileException("key=" + file + " is too large to be a key file");
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        if (!text.startsWith(begin) || !text.endsWith(end)) {
            throw new KeyFileException("key=" + file + " is not a PEM " + type.toLowerCase(java.util.Locale.ROOT)
                    + " (expected a block starting with " + begin + ")");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(begin.length(), text.length() - end.length()));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException("key=" + file + " has invalid base64: " + e.getMessage());
        }
    }
}
