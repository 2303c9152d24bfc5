/**
 * Ed25519 signing of protocols with the JDK's provider: key files ({@link org.closedloop.controller.signing.Ed25519Keys}),
 * signatures over the canonical protocol bytes ({@link org.closedloop.controller.signing.ProtocolSignatures}) and the
 * daemon's trust set ({@link org.closedloop.controller.signing.TrustedKeys}).
 */
package org.closedloop.controller.signing;
