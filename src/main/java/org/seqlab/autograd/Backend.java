package org.seqlab.autograd;

import java.util.Arrays;
import java.util.Properties;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** What compute backend this process runs on: the versions the About box and {@code --version} show. */
public final class Backend {

    /** The facts about the loaded backend. */
    public record Info(String nd4jVersion, String backendName, String blasVendor, String blasKernel, int cores) {
        /** One line, e.g. {@code ND4J 1.0.0-M2.1 (CpuBackend, OPENBLAS SkylakeX, 2 cores)}. */
        public String summary() {
            return "ND4J " + nd4jVersion + " (" + backendName + ", " + blasVendor + " " + blasKernel + ", " + cores
                    + " cores)";
        }
    }

    /**
     * The threads ND4J and OpenBLAS start with ({@code -Dseqlab.threads=N} to change): one, because the models of a
     * lab are small — a step is thousands of small ops and skinny products, and two thread pools on two cores
     * oversubscribe them (measured by {@code seqlab bench}: W1 2.5k tokens/s on two threads, 6.2k on one).
     */
    public static final int DEFAULT_THREADS = 1;

    private static volatile Info info;

    private Backend() {
    }

    /** JavaCPP's switch for its resident-memory check, read once when its {@code Pointer} class loads. */
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    /**
     * Turns off JavaCPP's check of the process's resident memory at every native allocation (unless the user set
     * {@code -Dorg.bytedeco.javacpp.maxPhysicalBytes} themselves). The check reads the operating system's count
     * under a global lock for each of the thousands of small buffers a step makes; training keeps memory in check
     * with step arenas and {@link OffHeap#release()} instead. Also asks OpenBLAS for the kernel that suits this
     * CPU ({@link BlasKernel}). Must run before the first tensor: the launcher calls it first thing.
     */
    public static void configureNative() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
        BlasKernel.request();
    }

    /**
     * How the BLAS kernel was chosen, for a benchmark's header: e.g. {@code OpenBLAS kernel Cooperlake, asked for
     * by SeqLab for this CPU's AVX-512 (in place of OPENBLAS_CORETYPE=Haswell from the environment;
     * -Dseqlab.blasKernel=openblas leaves OpenBLAS's choice)}. Loads the backend.
     */
    public static String blasKernelNote() {
        String kernel = info().blasKernel();
        String asked = BlasKernel.request();
        StringBuilder note = new StringBuilder("OpenBLAS kernel ").append(kernel);
        if (asked != null) {
            note.append(", asked for by SeqLab for this CPU");
            String replaced = BlasKernel.replacedEnvironment();
            if (replaced != null) {
                note.append(" (in place of ").append(BlasKernel.ENV).append('=').append(replaced)
                        .append(" from the environment)");
            }
            note.append("; -D").append(BlasKernel.PROPERTY).append("=openblas leaves OpenBLAS's choice");
        } else if (BlasKernel.requestedTooLate()) {
            note.append(", OpenBLAS's choice (it loaded before SeqLab could ask for one)");
        } else {
            note.append(", OpenBLAS's choice");
        }
        return note.toString();
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
                    BlasKernel.request();       // before ND4J loads OpenBLAS (a no-op if already asked)
                    var backend = Nd4j.getBackend();
                    String blas = Nd4j.factory().blas().getBlasVendor().toString();
                    i = new Info(nd4jVersion(), backend.getClass().getSimpleName(), blas, BlasKernel.loaded(),
                            Runtime.getRuntime().availableProcessors());
                    info = i;
                    applyThreads(Integer.getInteger("seqlab.threads", DEFAULT_THREADS));
                }
            }
        }
        return i;
    }

    /**
     * Sets how many threads (at most the cores) compute: ND4J's op pool, its OpenMP loops and OpenBLAS stay at one
     * (both pools on two threads oversubscribe a two-core machine: measured 2.3x slower than one thread), and the
     * matrix products large enough to share are cut among {@code threads} threads by {@link Gemm} and
     * {@link Workers}.
     */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1; found " + threads);
        }
        info();
        applyThreads(threads);
    }

    private static void applyThreads(int threads) {
        int n = Math.max(1, Math.min(threads, Runtime.getRuntime().availableProcessors()));
        // ND4J's pools stay at one thread: more threads go to the matrix products, cut among them by Gemm
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
        Nd4j.factory().blas().setMaxThreads(1);
        Workers.setWays(n);
    }

    /**
     * The threads ND4J's ops and OpenBLAS may use now and the threads a large matrix product is cut among
     * ({@link Gemm}, {@link Workers}), e.g. {@code ops 2, OpenMP 1, BLAS 1, matrix products 2} (ND4J 1.0.0-M2.1
     * reports its op pool as two even when set to one).
     */
    public static String threads() {
        info();
        return "ops " + Nd4j.getEnvironment().maxThreads() + ", OpenMP " + org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()
                + ", BLAS " + Nd4j.factory().blas().getMaxThreads() + ", matrix products " + Workers.ways();
    }

    /**
     * This machine's float32 matrix-product peak at the current thread settings, in GFLOP/s: the median of
     * {@code runs} products of two {@code n x n} matrices into a preallocated result (after one untimed product),
     * counted as {@code 2 n^3} floating-point operations each.
     */
    public static double matmulPeakGflops(int n, int runs) {
        if (n < 1 || runs < 1) {
            throw new IllegalArgumentException("n and runs must be positive; found " + n + ", " + runs);
        }
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {n, n}, 'f');
        Gemm.into(a, b, c, false, false, 1.0, 0.0);
        double[] gflops = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Gemm.into(a, b, c, false, false, 1.0, 0.0);
            double seconds = (System.nanoTime() - start) / 1e9;
            gflops[i] = 2.0 * n * n * n / seconds / 1e9;
        }
        Arrays.sort(gflops);
        return gflops[runs / 2];
    }
}
