/**
 * The append-only audit log of arming, faults, resets and uploads, hash-chained so that tampering is detectable.
 *
 * <pre>
 *  one entry per line, UTF-8, fields separated by TAB (TAB, LF and backslash inside a field escaped as \t \n \\):
 *
 *  seq  time (UTC, ISO-8601)          kind              actor   detail                         prev (hex)  hash (hex)
 *  1    2026-11-24T14:03:12.123456Z   protocol.upload   alice   ok sha256=ab12... signer=...   000...000   9f3c...
 *  2    ...                                                                                   9f3c...     41d0...
 *
 *  hash = SHA-256 over the UTF-8 bytes of the line's first six fields joined by TAB (everything before the last TAB)
 *  prev = the previous entry's hash; the first entry's prev is 64 zeros
 * </pre>
 *
 * Changing, removing, inserting or reordering any entry breaks the chain at that line. Cutting entries off the
 * end cannot be seen from the log alone: each session manifest records the head hash at its end, which anchors the
 * log up to that point.
 */
package org.closedloop.controller.audit;
