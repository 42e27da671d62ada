package org.seqlab;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * SeqLab's own version, as Maven wrote it into {@code org/seqlab/seqlab.properties} at build time
 * (a filtered resource, so it is right both in the jar and when running from {@code target/classes}).
 * The command line's {@code --version} and the app's About box both show it.
 */
public final class SeqLabVersion {

    private static final String RESOURCE = "/org/seqlab/seqlab.properties";

    private SeqLabVersion() {
    }

    /** The version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} if the build did not write it. */
    public static String current() {
        try (InputStream in = SeqLabVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return fromManifest();
            }
            Properties props = new Properties();
            props.load(in);
            String v = props.getProperty("version", "").trim();
            // an unfiltered copy (an IDE that skips Maven filtering) still holds the placeholder
            return v.isEmpty() || v.startsWith("${") ? fromManifest() : v;
        } catch (IOException e) {
            return fromManifest();
        }
    }

    private static String fromManifest() {
        Package p = SeqLabVersion.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /** The Java runtime in one line, e.g. {@code 17.0.15 (Debian, OpenJDK 64-Bit Server VM)}. */
    public static String javaRuntime() {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")";
    }
}
