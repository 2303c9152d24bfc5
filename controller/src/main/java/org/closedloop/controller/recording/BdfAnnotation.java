package org.closedloop.controller.recording;

/**
 * One annotation of a BDF+ file (one text of a time-stamped annotation list, EDF+ section 2.2).
 *
 * @param onsetSeconds     from the header's start date and time (may be negative: before the start)
 * @param durationSeconds  the TAL's duration, or NaN if it has none
 * @param text             the annotation text, decoded as UTF-8
 */
public record BdfAnnotation(double onsetSeconds, double durationSeconds, String text) {
}
