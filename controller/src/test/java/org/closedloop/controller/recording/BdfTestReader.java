package org.closedloop.controller.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal BDF+ reader written from the EDF/EDF+/BDF specifications for the tests; it shares no code with the writer.
 * Reads the header fields, 24-bit little-endian samples and the annotation signal's TALs.
 */
final class BdfTestReader {
    final byte[] raw;
    final String version;
    final String patient;
    final String recording;
    final int headerBytes;
    final String reserved;
    final long records;
    final double recordSeconds;
    final int signals;
    final String[] labels;
    final String[] transducers;
    final double[] physMin;
    final double[] physMax;
    final int[] digMin;
    final int[] digMax;
    final int[] samplesPerRecord;
    final List<String> annotations = new ArrayList<>(); // "onset|duration|text"
    final List<String> timeKeeping = new ArrayList<>();

    BdfTestReader(Path file) throws IOException {
        raw = Files.readAllBytes(file);
        version = (raw[0] & 0xFF) + ":" + ascii(1, 7);
        patient = ascii(8, 80).trim();
        recording = ascii(88, 80).trim();
        headerBytes = Integer.parseInt(ascii(184, 8).trim());
        reserved = ascii(192, 44).trim();
        records = Long.parseLong(ascii(236, 8).trim());
        recordSeconds = Double.parseDouble(ascii(244, 8).trim());
        signals = Integer.parseInt(ascii(252, 4).trim());
        labels = new String[signals];
        transducers = new String[signals];
        physMin = new double[signals];
        physMax = new double[signals];
        digMin = new int[signals];
        digMax = new int[signals];
        samplesPerRecord = new int[signals];
        int o = 256;
        for (int i = 0; i < signals; i++) {
            labels[i] = ascii(o + 16 * i, 16).trim();
        }
        o += 16 * signals;
        for (int i = 0; i < signals; i++) {
            transducers[i] = ascii(o + 80 * i, 80).trim();
        }
        o += 80 * signals + 8 * signals; // transducer, dimension
        for (int i = 0; i < signals; i++) {
            physMin[i] = Double.parseDouble(ascii(o + 8 * i, 8).trim());
        }
        o += 8 * signals;
        for (int i = 0; i < signals; i++) {
            physMax[i] = Double.parseDouble(ascii(o + 8 * i, 8).trim());
        }
        o += 8 * signals;
        for (int i = 0; i < signals; i++) {
            digMin[i] = Integer.parseInt(ascii(o + 8 * i, 8).trim());
        }
        o += 8 * signals;
        for (int i = 0; i < signals; i++) {
            digMax[i] = Integer.parseInt(ascii(o + 8 * i, 8).trim());
        }
        o += 8 * signals + 80 * signals; // digital max, prefiltering
        for (int i = 0; i < signals; i++) {
            samplesPerRecord[i] = Integer.parseInt(ascii(o + 8 * i, 8).trim());
        }
        for (long r = 0; r < records; r++) {
            int annSignal = signals - 1;
            int start = recordOffset(r) + sampleOffset(annSignal, 0);
            parseTals(start, samplesPerRecord[annSignal] * 3);
        }
    }

    int recordBytes() {
        int n = 0;
        for (int s : samplesPerRecord) {
            n += 3 * s;
        }
        return n;
    }

    int recordOffset(long r) {
        return headerBytes + (int) r * recordBytes();
    }

    int sampleOffset(int signal, int sample) {
        int o = 0;
        for (int i = 0; i < signal; i++) {
            o += 3 * samplesPerRecord[i];
        }
        return o + 3 * sample;
    }

    /** Digital value of a sample: 24-bit two's complement, least significant byte first. */
    int digital(long record, int signal, int sample) {
        int o = recordOffset(record) + sampleOffset(signal, sample);
        int v = (raw[o] & 0xFF) | (raw[o + 1] & 0xFF) << 8 | (raw[o + 2] & 0xFF) << 16;
        return v >= 1 << 23 ? v - (1 << 24) : v;
    }

    /** The EDF formula: physical = physMin + (digital - digMin) * (physMax - physMin) / (digMax - digMin). */
    double physical(long record, int signal, int sample) {
        double gain = (physMax[signal] - physMin[signal]) / (digMax[signal] - digMin[signal]);
        return physMin[signal] + (digital(record, signal, sample) - digMin[signal]) * gain;
    }

    private void parseTals(int start, int length) {
        int i = start;
        int end = start + length;
        boolean first = true;
        while (i < end && raw[i] != 0) {
            int j = i;
            while (raw[j] != 0) {
                j++;
            }
            String tal = new String(raw, i, j - i, StandardCharsets.UTF_8);
            String[] parts = tal.split("\u0014", -1);
            String[] onsetDur = parts[0].split("\u0015");
            String onset = onsetDur[0];
            String dur = onsetDur.length > 1 ? onsetDur[1] : "";
            for (int k = 1; k < parts.length; k++) {
                if (!parts[k].isEmpty()) {
                    annotations.add(onset + "|" + dur + "|" + parts[k]);
                }
            }
            if (first) {
                timeKeeping.add(onset);
                first = false;
            }
            i = j + 1;
        }
    }

    private String ascii(int offset, int len) {
        return new String(raw, offset, len, StandardCharsets.US_ASCII);
    }
}
