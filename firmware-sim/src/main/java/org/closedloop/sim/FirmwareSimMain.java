package org.closedloop.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.SimulatedCytonBoard;

/**
 * Command line: starts a simulated Cyton board, prints the path to open, then reads fault commands from standard
 * input, one per line ({@code drop 3}, {@code unplug 2s}, ... see {@code FaultInjector.apply}); {@code quit} or
 * Ctrl-C stops. At the end of input it keeps running until interrupted, so it can also run in the background.
 *
 * <p><b>Thread safety:</b> the main thread only (plus a shutdown hook that closes the board).
 */
public final class FirmwareSimMain {
    private static final String USAGE = "usage: firmware-sim [--link PATH] [--seed N] [--alpha-hz F] [--line-hz N]"
            + " [--rate HZ] [--channels N]\n"
            + "  then type faults, one per line: garbage 40 | corrupt 2 | drop 3 | badstop 1 | stall 500ms"
            + " | unplug 3s | quit";

    private FirmwareSimMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        CytonSimConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SimulatedCytonBoard board = SimulatedCytonBoard.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            board.close();
            stopped.countDown();
        }, "firmware-sim-shutdown"));
        PrintStream out = System.out;
        out.println("simulated Cyton (SYNTHETIC DATA) at " + board.devicePath());
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.strip();
            if (command.isEmpty()) {
                continue;
            }
            if (command.equalsIgnoreCase("quit")) {
                board.close();
                return;
            }
            try {
                board.faults().apply(command);
                out.println("ok: " + command);
            } catch (IllegalArgumentException e) {
                out.println(e.getMessage());
            }
            out.flush();
        }
        stopped.await(); // end of input: run until interrupted
    }

    static CytonSimConfig parse(String[] args) {
        CytonSimConfig.Builder b = CytonSimConfig.builder();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + ": missing value");
            }
            String value = args[++i];
            try {
                switch (name) {
                    case "--link" -> b.linkPath(Path.of(value));
                    case "--seed" -> b.seed(Long.parseLong(value));
                    case "--alpha-hz" -> b.alphaHz(Double.parseDouble(value));
                    case "--line-hz" -> b.lineNoiseHz(Integer.parseInt(value));
                    case "--rate" -> b.sampleRateHz(Integer.parseInt(value));
                    case "--channels" -> b.channels(Integer.parseInt(value));
                    default -> throw new IllegalArgumentException(name + ": unknown option");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + "=" + value + ": not a number");
            }
        }
        return b.build();
    }
}
