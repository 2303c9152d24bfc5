/**
 * The device simulator: a simulated OpenBCI Cyton ({@code cyton}) on a pseudo-terminal ({@code pty}) streaming
 * synthetic EEG with ground truth ({@code eeg}), and {@link org.closedloop.sim.FirmwareSimMain}, its command line.
 * Depends on the protocol module only, never on the controller.
 */
package org.closedloop.sim;
