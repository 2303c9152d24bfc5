package org.closedloop.controller.signing;

import com.google.protobuf.ByteString;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import org.closedloop.protocol.config.v1.SignedProtocol;

/**
 * Signs and verifies the canonical bytes of a protocol with Ed25519. The signature covers exactly
 * {@link SignedProtocol#getProtocol()}: the binary serialization that is stored and hashed.
 *
 * <p>Thread safety: stateless; thread safe.
 */
public final class ProtocolSignatures {

    private ProtocolSignatures() {
    }

    /** The signed form of {@code protocolBytes}, naming the signer by {@link Ed25519Keys#keyId}. */
    public static SignedProtocol sign(byte[] protocolBytes, KeyPair signer) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(signer.getPrivate());
            s.update(protocolBytes);
            return SignedProtocol.newBuilder()
                    .setProtocol(ByteString.copyFrom(protocolBytes))
                    .setSignature(ByteString.copyFrom(s.sign()))
                    .setKeyId(Ed25519Keys.keyId(signer.getPublic()))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed with a valid key", e);
        }
    }

    /** Whether {@code signed}'s signature over its protocol bytes verifies with {@code key}. Never throws. */
    public static boolean verify(SignedProtocol signed, PublicKey key) {
        try {
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(key);
            v.update(signed.getProtocol().asReadOnlyByteBuffer());
            return v.verify(signed.getSignature().toByteArray());
        } catch (GeneralSecurityException e) {
            // a malformed signature (wrong length) is a signature that does not verify
            return false;
        }
    }
}
