package org.closedloop.controller.recording;

/**
 * One signal's header fields, as written in the file (text fields without their padding).
 *
 * @param label              e.g. "EEG O1", or "BDF Annotations" for an annotation signal
 * @param transducerType     free text; BdfPlusWriter puts the gain and exact scale here
 * @param physicalDimension  e.g. "uV"
 * @param physicalMinimum    as written (8 characters: not precise enough to rebuild the exact scale)
 * @param physicalMaximum    as written
 * @param digitalMinimum     lowest valid count
 * @param digitalMaximum     highest valid count
 * @param prefiltering       e.g. "HP:DC LP:none"
 * @param samplesPerRecord   samples of this signal in one data record (for an annotation signal: 3-byte units)
 */
public record BdfSignal(String label, String transducerType, String physicalDimension, double physicalMinimum,
                        double physicalMaximum, int digitalMinimum, int digitalMaximum, String prefiltering,
                        int samplesPerRecord) {
}
