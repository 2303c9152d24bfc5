package org.closedloop.controller.daemon;

import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.config.Problem;
import org.closedloop.controller.config.ProtocolValidator;
import org.closedloop.controller.signing.ProtocolSignatures;
import org.closedloop.controller.signing.TrustedKeys;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.ProtocolParseException;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.RefusalReason;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.UploadRequest;
import org.tinylog.Logger;

/**
 * Answers one daemon request. An upload is accepted only if, in this order: no session is running, it is within
 * the size cap, it is signed, by a trusted key, the signature verifies, the protocol parses strictly and it passes
 * validation (structure and the safety module's plan check); then it is stored atomically. Every refusal names its
 * reason and says what to do. Every upload outcome is logged with the uploading user.
 *
 * <p>Thread safety: thread safe (stateless apart from the thread-safe store, trust set and guard).
 */
final class RequestHandler {

    private final ProtocolStore store;
    private final TrustedKeys trusted;
    private final SessionGuard guard;
    private final AuditLog audit;

    RequestHandler(ProtocolStore store, TrustedKeys trusted, SessionGuard guard, AuditLog audit) {
        this.store = store;
        this.trusted = trusted;
        this.guard = guard;
        this.audit = audit;
    }

    DaemonResponse handle(DaemonRequest request, String peer) {
        List<String> unknown = ProtocolCodec.unknownContent(request);
        if (!unknown.isEmpty()) {
            return Responses.refused(RefusalReason.REFUSAL_REASON_MALFORMED_REQUEST, "the request has fields this daemon "
                    + "does not know (" + String.join("; ", unknown) + "): is the client newer than the daemon?");
        }
        switch (request.getKindCase()) {
            case UPLOAD:
                DaemonResponse r = upload(request.getUpload());
                String outcome = (r.getStatus() == DaemonResponse.Status.STATUS_OK ? "ok" : "refused " + r.getReason())
                        + " " + r.getMessage() + (r.hasEntry()
                        ? " sha256=" + r.getEntry().getSha256() + " signer=" + r.getEntry().getSignerKeyId() : "");
                Logger.info("upload by user={}: {}", peer, outcome);
                try {
                    audit.append("protocol.upload", peer, outcome);
                } catch (IOException e) {
                    Logger.error(e, "audit log {}: could not record the upload by user={}", audit.file(), peer);
                    return r.toBuilder().setMessage(r.getMessage() + " (WARNING: the audit log could not be written: "
                            + e.getMessage() + "; tell the daemon's operator)").build();
                }
                return r;
            case LIST:
                List<StoredProtocol> all = store.list();
                return Responses.ok(all.size() + " protocols stored")
                        .addAllEntries(all.stream().map(StoredProtocol::toEntry).toList()).build();
            case SHOW:
                return show(request.getShow().getSelector());
            default:
                return Responses.refused(RefusalReason.REFUSAL_REASON_MALFORMED_REQUEST,
                        "the request asks for nothing: send upload, list or show");
        }
    }

    private DaemonResponse upload(UploadRequest u) {
        // first, so that nothing is verified or validated next to a running session's real-time loop
        Optional<String> blocked = guard.uploadBlockedBy();
        if (blocked.isPresent()) {
            return Responses.refused(RefusalReason.REFUSAL_REASON_SESSION_RUNNING, blocked.get()
                    + "; upload again when the session has ended");
        }
        SignedProtocol signed = u.getSignedProtocol();
        int size = signed.getProtocol().size();
        if (size == 0) {
            return Responses.refused(RefusalReason.REFUSAL_REASON_MALFORMED_REQUEST, "the upload carries no protocol");
        }
        if (size > ProtocolCodec.MAX_PROTOCOL_BYTES) {
            return Responses.refused(RefusalReason.REFUSAL_REASON_TOO_LARGE, "protocol size=" + size
                    + " bytes is above the limit of " + ProtocolCodec.MAX_PROTOCOL_BYTES + " bytes");
        }
        if (signed.getSignature().isEmpty() || signed.getKeyId().isEmpty()) {
            return Responses.refused(RefusalReason.REFUSAL_REASON_UNSIGNED, "the protocol is not signed; sign it "
                    + "with: closedloop protocol sign --key YOUR.key FILE");
        }
        Optional<PublicKey> key = trusted.find(signed.getKeyId());
        if (key.isEmpty()) {
            return Responses.refused(RefusalReason.REFUSAL_REASON_UNKNOWN_KEY, "signed by key id=" + signed.getKeyId()
                    + ", which is not one of the " + trusted.size() + " trusted keys in " + trusted.dir()
                    + "; if this author is trusted, an administrator copies their .pub file there and restarts the daemon");
        }
        if (!ProtocolSignatures.verify(signed, key.get())) {
            return Responses.refused(RefusalReason.REFUSAL_REASON_BAD_SIGNATURE, "the signature of key id="
                    + signed.getKeyId() + " does not match the protocol: it was changed after signing (or the "
                    + "signature is damaged); sign the protocol again");
        }
        StimulationProtocol protocol;
        try {
            protocol = ProtocolCodec.parseBinary(signed.getProtocol().toByteArray());
        } catch (ProtocolParseException e) {
            return Responses.refused(RefusalReason.REFUSAL_REASON_PARSE_ERROR, "the signed bytes are not a protocol "
                    + "this controller understands: " + e.getMessage());
        }
        List<Problem> problems = ProtocolValidator.validate(protocol);
        if (!problems.isEmpty()) {
            return Responses.refusedBuilder(RefusalReason.REFUSAL_REASON_INVALID, "protocol id=" + protocol.getId()
                    + " version=" + protocol.getVersion() + " has " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s"))
                    .addAllProblems(problems.stream().map(Problem::toString).toList()).build();
        }
        try {
            ProtocolStore.PutResult put = store.put(signed, protocol);
            switch (put.outcome()) {
                case STORED:
                    return Responses.ok("stored").setEntry(put.entry().toEntry()).build();
                case ALREADY_STORED:
                    return Responses.ok("already stored").setEntry(put.entry().toEntry()).setAlreadyStored(true).build();
                default:
                    return Responses.refusedBuilder(RefusalReason.REFUSAL_REASON_VERSION_CONFLICT, "protocol id="
                            + protocol.getId() + " version=" + protocol.getVersion() + " is already stored with "
                            + "different content (sha256=" + put.entry().sha256() + "); increase the version")
                            .setEntry(put.entry().toEntry()).build();
            }
        } catch (IOException e) {
            Logger.error(e, "store: writing protocol id={} failed; nothing was stored", protocol.getId());
            return Responses.refused(RefusalReason.REFUSAL_REASON_INTERNAL_ERROR, "the daemon could not write the "
                    + "protocol (" + e.getMessage() + "); nothing was stored");
        }
    }

    private DaemonResponse show(String selector) {
        List<StoredProtocol> matches = Selectors.select(store.list(), selector);
        if (matches.isEmpty()) {
            return Responses.refused(RefusalReason.REFUSAL_REASON_NOT_FOUND, "no stored protocol matches \"" + selector
                    + "\"; give a sha256 (or 8+ of its first hex digits), an id, or id@version (see: closedloop protocol list)");
        }
        if (matches.size() > 1) {
            return Responses.refusedBuilder(RefusalReason.REFUSAL_REASON_AMBIGUOUS, "\"" + selector + "\" matches "
                    + matches.size() + " protocols; give more of the sha256")
                    .addAllEntries(matches.stream().map(StoredProtocol::toEntry).toList()).build();
        }
        StoredProtocol e = matches.get(0);
        try {
            SignedProtocol s = store.read(e.sha256());
            String text = ProtocolCodec.toText(ProtocolCodec.parseBinary(s.getProtocol().toByteArray()));
            return Responses.ok("protocol " + e.id() + " version " + e.version()).setEntry(e.toEntry())
                    .setProtocolText(text).build();
        } catch (IOException | ProtocolParseException ex) {
            Logger.error("store: cannot read {}: {}", e.sha256(), ex.getMessage());
            return Responses.refused(RefusalReason.REFUSAL_REASON_INTERNAL_ERROR, "the stored protocol cannot be read: "
                    + ex.getMessage());
        }
    }
}
