/**
 * The daily stimulation ledger: how long each subject code has been stimulated on each calendar day, persisted so
 * that the daily limit survives restarts.
 *
 * <p>The interlock uses it write-ahead: when a run starts, the run's whole time budget is added (and written to disk)
 * before any output is allowed; when the run ends, the unused part is given back. A crash therefore over-counts,
 * never under-counts. A ledger that cannot be read or written refuses stimulation with a message naming the file.
 */
package org.closedloop.safety.ledger;
