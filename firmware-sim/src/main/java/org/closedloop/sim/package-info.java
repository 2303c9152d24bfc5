/**
 * The device simulator: a simulated OpenBCI Cyton ({@code cyton}) on a pseudo-terminal ({@code pty}) streaming
 * synthetic EEG with ground truth ({@code eeg}); its command line is {@code closedloop sim} in the controller module.
 * Depends on the protocol module only, never on the controller.
 */
package org.closedloop.sim;
