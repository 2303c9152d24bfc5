package org.closedloop.controller.acquisition;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * An acquisition process for the host-pause test: opens the simulated board at {@code args[0]} with jssc, drains the
 * ring, prints {@code READY} after one second of samples, and on each {@code report} line from stdin prints
 * {@code REPORT received lost gaps longGaps firstIndex lastIndex collected}; exits on end of input.
 */
public final class AcquisitionChildMain {
    private AcquisitionChildMain() {
    }

    public static void main(String[] args) throws Exception {
        CytonAcquisition acquisition = new CytonAcquisition(AcquisitionConfig.defaults(args[0]), JsscSerialLink::new,
                new AcquisitionListener() { });
        acquisition.start();
        SampleCollector collector = new SampleCollector(acquisition.ring(), 1 << 16);
        if (!collector.awaitCount(250, 30_000)) {
            System.out.println("NO DATA " + acquisition.stats());
            System.exit(2);
        }
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("report")) {
                AcquisitionStats s = acquisition.stats();
                int n = collector.count();
                System.out.println("REPORT " + s.samplesReceived() + " " + s.samplesLost() + " " + s.gaps() + " "
                        + s.longGaps() + " " + collector.sampleIndex[0] + " " + collector.sampleIndex[n - 1] + " " + n);
                System.out.flush();
            }
        }
        collector.close();
        acquisition.close();
    }
}
