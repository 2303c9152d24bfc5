/**
 * {@code closedloop doctor}: checks that a Raspberry Pi is ready to run the controller, each check with a status
 * ({@link org.closedloop.controller.doctor.CheckStatus}), what it found and how to fix a problem. The checks only read:
 * they never open a serial port (opening one can reset a board), write a GPIO line or change a setting.
 *
 * <p>Every place a check reads from the system ({@code /sys}, {@code /dev}, {@code /proc}, {@code /run}) comes
 * from {@link org.closedloop.controller.doctor.HostRoots}, and the identity whose permissions are judged from
 * {@link org.closedloop.controller.doctor.ProcessIdentity}, so the tests run every check against a fake tree.
 */
package org.closedloop.controller.doctor;
