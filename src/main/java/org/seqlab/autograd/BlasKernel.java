package org.seqlab.autograd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which of OpenBLAS's CPU kernels the matrix products run on. OpenBLAS picks one when its library loads, from the
 * CPU it detects or from the environment variable {@code OPENBLAS_CORETYPE}, which a machine may set for all its
 * programs: the machines this lab is benchmarked on (AMD EPYC, Zen 5, with AVX-512) set it to {@code Haswell},
 * the AVX2 kernel, which reaches ~100 GFLOP/s on one core where the AVX-512 kernel OpenBLAS itself detects
 * (Cooperlake) reaches ~190. So before ND4J loads OpenBLAS, SeqLab reads the CPU's instruction sets and, where the
 * CPU has the AVX-512 sets the SkylakeX kernel uses (F, CD, BW, DQ, VL, as the operating system reports them),
 * asks OpenBLAS for that kernel (Cooperlake when the CPU also has AVX-512 BF16: OpenBLAS's own rule), in place of
 * a value of {@code OPENBLAS_CORETYPE} it finds. A CPU without them keeps OpenBLAS's choice.
 * {@code -Dseqlab.blasKernel=openblas} leaves the choice to OpenBLAS (its environment variable, else its
 * detection); {@code -Dseqlab.blasKernel=NAME} asks for the kernel NAME. The kernel changes the float32 rounding
 * of a product, never its meaning; {@link Backend.Info#summary()} and {@code seqlab bench} name it.
 *
 * <p>The instruction sets come from {@code /proc/cpuinfo} (Linux, where the kernel lists only the sets the
 * operating system has enabled); elsewhere OpenBLAS's choice stays.
 */
final class BlasKernel {
    /** OpenBLAS's environment variable naming the kernel to use, read once when its library loads. */
    static final String ENV = "OPENBLAS_CORETYPE";
    /** The system property that overrides SeqLab's choice: a kernel name, or {@code openblas} to leave it. */
    static final String PROPERTY = "seqlab.blasKernel";

    private static final Set<String> SKYLAKEX_SETS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    private static volatile String requested;
    private static volatile boolean tooLate;
    private static volatile String replaced;

    private BlasKernel() {
    }

    /**
     * The kernel SeqLab asks OpenBLAS for on a CPU with these instruction-set flags (as {@code /proc/cpuinfo}
     * names them), or null to leave OpenBLAS's own choice.
     */
    static String forFlags(Set<String> flags) {
        if (!flags.containsAll(SKYLAKEX_SETS)) {
            return null;
        }
        return flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX";
    }

    /** The instruction-set flags of the first processor in a {@code /proc/cpuinfo} text (empty if none). */
    static Set<String> flagsOf(String cpuinfo) {
        for (String line : cpuinfo.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                return Arrays.stream(line.substring(colon + 1).trim().split("\\s+"))
                        .filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
            }
        }
        return Set.of();
    }

    /**
     * What to ask OpenBLAS for, given the property, the environment variable and the CPU's flags: null to leave
     * its choice (nothing to change, or the user asked to leave it).
     */
    static String decide(String property, String environment, Set<String> flags) {
        String kernel;
        if (property != null && !property.isBlank()) {
            kernel = property.trim().equalsIgnoreCase("openblas") ? null : property.trim();
        } else {
            kernel = forFlags(flags);
        }
        return kernel != null && kernel.equalsIgnoreCase(environment == null ? "" : environment.trim()) ? null : kernel;
    }

    /** The value of {@code OPENBLAS_CORETYPE} SeqLab replaced at {@link #request()}, or null if none. */
    static String replacedEnvironment() {
        return replaced;
    }

    /**
     * Asks OpenBLAS for the kernel {@link #decide} gives on this machine, by setting {@code OPENBLAS_CORETYPE} in
     * this process's environment (OpenBLAS reads it when its library loads, so this must run before ND4J's
     * first array; later calls do nothing). Returns the kernel asked for, or null. Child processes inherit it.
     */
    static synchronized String request() {
        if (requested != null) {
            return requested.isEmpty() ? null : requested;
        }
        String environment = System.getenv(ENV);
        String kernel = decide(System.getProperty(PROPERTY), environment, cpuFlags());
        if (kernel != null && openBlasLoaded()) {
            tooLate = true;             // OpenBLAS has read its environment already: nothing to ask now
            kernel = null;
        }
        if (kernel != null && !setEnvironment(ENV, kernel)) {
            kernel = null;
        }
        if (kernel != null && environment != null && !environment.isBlank()) {
            replaced = environment;
        }
        requested = kernel == null ? "" : kernel;
        return kernel;
    }

    /** Whether a kernel would have been asked for but OpenBLAS had loaded before {@link #request()} ran. */
    static boolean requestedTooLate() {
        return tooLate;
    }

    /** Whether an OpenBLAS library is mapped into this process already (Linux; false where it cannot tell). */
    static boolean openBlasLoaded() {
        try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.anyMatch(l -> l.contains("libopenblas"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Set<String> cpuFlags() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Set.of();
        }
        try {
            return flagsOf(Files.readString(cpuinfo));
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /** The C library's {@code setenv}, through JNA (Java itself cannot change its process's environment). */
    interface LibC extends com.sun.jna.Library {
        int setenv(String name, String value, int overwrite);
    }

    private static boolean setEnvironment(String name, String value) {
        try {
            LibC c = com.sun.jna.Native.load("c", LibC.class);
            return c.setenv(name, value, 1) == 0;
        } catch (LinkageError | RuntimeException e) {
            return false;               // no C library to call: OpenBLAS keeps its own choice
        }
    }

    /**
     * The kernel the loaded OpenBLAS runs on, as it names it (e.g. {@code SkylakeX}), or {@code "unknown"} if
     * it cannot say. Loads ND4J's BLAS if it is not loaded yet.
     */
    static String loaded() {
        try {
            String path = org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
            if (path == null) {
                return "unknown";
            }
            com.sun.jna.Function f = com.sun.jna.NativeLibrary.getInstance(path).getFunction("openblas_get_corename");
            String name = (String) f.invoke(String.class, new Object[0]);
            return name == null || name.isBlank() ? "unknown" : name.trim();
        } catch (LinkageError | RuntimeException e) {
            return "unknown";
        }
    }
}
