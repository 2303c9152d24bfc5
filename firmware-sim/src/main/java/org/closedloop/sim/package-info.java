/**
 * The device simulator: a simulated OpenBCI Cyton ({@code cyton}) on a pseudo-terminal ({@code pty}) streaming
 * synthetic EEG with ground truth ({@code eeg}); its command line is {@code closedloop sim} in the controller module.
 * A simulated tACS stimulator ({@code stim}) on its own pseudo-terminal; {@code bench} couples the two, feeding the
 * stimulator's delivered current into the EEG's brain model; {@code truth} holds the storage both ground-truth
 * records share. Depends on the protocol module only, never on the controller.
 */
package org.closedloop.sim;
