package org.closedloop.controller.daemon;

import org.closedloop.protocol.config.v1.ProtocolEntry;

/**
 * One protocol in the store, as listed.
 *
 * <p>Thread safety: immutable.
 *
 * @param sha256         sha256 of the protocol bytes, 64 lower-case hex digits: the protocol's identity
 * @param id             the protocol's id
 * @param version        the protocol's version
 * @param title          the protocol's title
 * @param signerKeyId    key id of the signature that was verified when it was stored
 * @param uploadedUnixMs when it was stored (the file's modification time), ms since the epoch
 * @param sizeBytes      size of the protocol bytes
 */
public record StoredProtocol(String sha256, String id, int version, String title, String signerKeyId,
                             long uploadedUnixMs, int sizeBytes) {

    /** As a daemon message. */
    public ProtocolEntry toEntry() {
        return ProtocolEntry.newBuilder().setSha256(sha256).setId(id).setVersion(version).setTitle(title)
                .setSignerKeyId(signerKeyId).setUploadedUnixMs(uploadedUnixMs).setSizeBytes(sizeBytes).build();
    }
}
