package org.seqlab.autograd;

import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** What compute backend this process runs on: the versions the About box and {@code --version} show. */
public final class Backend {

    /** The facts about the loaded backend. */
    public record Info(String nd4jVersion, String backendName, String blasVendor, int cores) {
        /** One line, e.g. {@code ND4J 1.0.0-M2.1 (CpuBackend, OpenBLAS, 2 cores)}. */
        public String summary() {
            return "ND4J " + nd4jVersion + " (" + backendName + ", " + blasVendor + ", " + cores + " cores)";
        }
    }

    private static volatile Info info;

    private Backend() {
    }

    /** The ND4J version from its jar, without loading the native backend. */
    public static String nd4jVersion() {
        Package p = Nd4j.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        if (v == null) {
            v = versionFromPom();
        }
        return v == null ? "unknown" : v;
    }

    private static String versionFromPom() {
        try (var in = Nd4j.class.getResourceAsStream("/META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in == null) {
                return null;
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * Loads the native backend (the first call costs about a second, more on a fresh machine:
     * call it off the UI thread) and describes it.
     */
    public static Info info() {
        Info i = info;
        if (i == null) {
            synchronized (Backend.class) {
                i = info;
                if (i == null) {
                    var backend = Nd4j.getBackend();
                    String blas = Nd4j.factory().blas().getBlasVendor().toString();
                    i = new Info(nd4jVersion(), backend.getClass().getSimpleName(), blas,
                            Runtime.getRuntime().availableProcessors());
                    info = i;
                }
            }
        }
        return i;
    }
}
