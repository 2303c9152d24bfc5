/**
 * The safety lines on the Raspberry Pi's GPIO through pi4j: emergency stop (active low, pressed at the first edge,
 * debounced release), stimulator-enable relay (high only while stimulating and never after a press the loop has not
 * seen), status LED. Wiring and pins: {@code hardware-docs/gpio-wiring.md}. Without GPIO only the simulator may be
 * driven, with a software emergency stop ({@link org.closedloop.controller.gpio.SafetyLinesFactory}).
 */
package org.closedloop.controller.gpio;
