package org.closedloop.controller.doctor;

/**
 * The Java runtime: feature version 17 or newer (the jars are built with {@code --release 17}).
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class JavaRuntimeCheck implements DoctorCheck {
    /** The oldest Java feature release the controller runs on. */
    public static final int MIN_FEATURE_VERSION = 17;

    private final int featureVersion;
    private final String version;
    private final String vendor;
    private final String javaHome;

    /**
     * @param featureVersion e.g. 17
     * @param version        full version for the report, e.g. {@code 17.0.15+6-Debian-1deb12u1}
     * @param vendor         for the report
     * @param javaHome       for the report
     */
    public JavaRuntimeCheck(int featureVersion, String version, String vendor, String javaHome) {
        this.featureVersion = featureVersion;
        this.version = version;
        this.vendor = vendor;
        this.javaHome = javaHome;
    }

    /** The Java running this check. */
    public static JavaRuntimeCheck ofThisJvm() {
        return new JavaRuntimeCheck(Runtime.version().feature(), Runtime.version().toString(),
                System.getProperty("java.vendor", "?"), System.getProperty("java.home", "?"));
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public CheckResult run() {
        String found = "Java " + version + " (" + vendor + ") in " + javaHome;
        if (featureVersion < MIN_FEATURE_VERSION) {
            return CheckResult.fail(name(), found + ": version=" + featureVersion + " is older than "
                    + MIN_FEATURE_VERSION, "sudo apt-get install openjdk-17-jre-headless; if several are installed, "
                    + "choose it: sudo update-alternatives --config java, or set JAVA_HOME");
        }
        return CheckResult.ok(name(), found);
    }
}
