package org.closedloop.controller.audit;

/**
 * The outcome of checking a log's hash chain.
 *
 * @param intact           every complete entry chains correctly
 * @param entries          complete entries read
 * @param headHash         hash of the last entry that chains correctly (64 zeros if none)
 * @param firstBadLine     1-based line of the first broken entry, or 0
 * @param problem          what is wrong at that line, or empty
 * @param incompleteTailBytes bytes after the last newline: an entry whose write was cut off (a crash), not tampering
 */
public record AuditVerification(boolean intact, long entries, String headHash, long firstBadLine, String problem,
                                long incompleteTailBytes) {
}
