package org.closedloop.controller.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A test's child JVM: a main class of the test class path run with assertions on, its stdout and stderr collected
 * line by line as they come, for tests that kill, stop or signal a whole controller process.
 *
 * <p><b>Thread safety:</b> {@link #output()} may be read from any thread (one reader thread appends); the rest is for
 * the test's thread.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Writer stdin;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("read failed: " + e);
            }
        }, "child-output " + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -ea -cp <this test's class path> main args...}. */
    public static ChildJvm start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-ea", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        Collections.addAll(command, args);
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The lines printed so far (a live view). */
    public List<String> output() {
        return output;
    }

    /** Writes one line to the child's stdin. */
    public void send(String line) throws IOException {
        stdin.write(line + "\n");
        stdin.flush();
    }

    /**
     * Sends a signal by name ({@code STOP}, {@code CONT}, ...) with the shell's builtin kill (procps' /bin/kill may be
     * absent on a fresh machine).
     */
    public void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + name + " " + process.pid()).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** SIGKILL; true once the child is gone (within 30 s). */
    public boolean kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Kills the child if it still runs (SIGKILL ends a stopped process too). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
