/**
 * Stimulation protocols as protobuf messages: the schema lives in {@code src/main/proto/closedloop/protocol/v1}
 * (generated classes in {@code org.closedloop.protocol.config.v1}); this package reads and writes it strictly
 * ({@link org.closedloop.protocol.config.ProtocolCodec}) and frames daemon messages
 * ({@link org.closedloop.protocol.config.DelimitedFrames}).
 *
 * <p>Three forms of one protocol:
 * <pre>
 *   author.textproto --parse--> StimulationProtocol --toByteArray--> canonical bytes --sha256--> protocol id in store
 *                                                                          |
 *                                                     Ed25519 sign --------+--> SignedProtocol { protocol, signature, key_id }
 * </pre>
 * What is signed, stored and hashed is always the canonical binary form, never the author's text.
 */
package org.closedloop.protocol.config;
