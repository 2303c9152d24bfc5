package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version Maven filtered into {@code closedloop-version.properties}. Thread safety: stateless. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    /** The software version, e.g. {@code 0.1.0-SNAPSHOT}, or "unknown" when run from an unfiltered class path. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/closedloop-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"closedloop " + version()};
    }
}
