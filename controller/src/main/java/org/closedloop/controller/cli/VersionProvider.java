package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version Maven filtered into {@code closedloop-version.properties}. Thread safety: stateless. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    /** The software version, e.g. {@code 0.1.0-SNAPSHOT}, or "unknown" when run from an unfiltered class path. */
    public static String version() {
        return properties().getProperty("version", "unknown");
    }

    /**
     * When this release was made (the build's reproducible time stamp, {@code project.build.outputTimestamp}), or
     * null when run from an unfiltered class path.
     */
    public static Instant releasedAt() {
        try {
            return Instant.parse(properties().getProperty("released", ""));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/closedloop-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unreadable: every value is "unknown"
        }
        return p;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"closedloop " + version()};
    }
}
