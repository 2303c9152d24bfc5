/**
 * Pseudo-terminals through libc (JNA): the simulator's end of a virtual serial port, raw from the start, plus a
 * udev-like stable symlink that follows the device across unplug/replug.
 */
package org.closedloop.sim.pty;
