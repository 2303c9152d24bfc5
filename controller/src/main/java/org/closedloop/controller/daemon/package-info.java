/**
 * The controller daemon: the protocol store and its Unix-domain-socket service.
 *
 * <pre>
 *  closedloop protocol upload|list|show            closedloop daemon
 *  (DaemonClient)                                  (ProtocolDaemon: acceptor + 4 workers)
 *        |  connect(socket, 0660 owner+group)            |
 *        |--- varint length | DaemonRequest  ----------->|  length &gt; 1 MiB: TOO_LARGE, payload never read
 *        |                                               |  RequestHandler: session guard, size, signature,
 *        |                                               |  trusted key, strict parse, validation (safety plan check)
 *        |                                               |  ProtocolStore: temp file, fsync, atomic rename
 *        |&lt;-- varint length | DaemonResponse ------------|  ok / refused(reason, message, problems)
 * </pre>
 *
 * Store layout: {@code <store>/protocols/<sha256 of the protocol bytes>.signed.binpb}; interrupted uploads leave only
 * {@code .upload-*.tmp} files, deleted when the daemon starts.
 */
package org.closedloop.controller.daemon;
