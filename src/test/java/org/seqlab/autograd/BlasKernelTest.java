package org.seqlab.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlasKernelTest {

    private static final String ZEN5 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            model\t\t: 2
            model name\t: AMD EPYC
            flags\t\t: fpu vme sse sse2 avx avx2 fma avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl \
            avx512_bf16 avx512vbmi
            bugs\t\t: sysret_ss_attrs

            processor\t: 1
            flags\t\t: fpu
            """;

    @Test
    void readsTheFirstProcessorsFlagsFromCpuinfoWithCrlfToo() {
        assertThat(BlasKernel.flagsOf(ZEN5)).contains("avx512f", "avx512_bf16", "fpu").doesNotContain("sysret_ss_attrs");
        assertThat(BlasKernel.flagsOf(ZEN5.replace("\n", "\r\n"))).isEqualTo(BlasKernel.flagsOf(ZEN5));
        assertThat(BlasKernel.flagsOf("processor : 0\nvendor_id : x\n")).isEmpty();
    }

    @Test
    void asksForTheAvx512KernelOnlyWhenTheCpuHasEverySetItUses() {
        Set<String> skx = Set.of("avx2", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
        assertThat(BlasKernel.forFlags(skx)).isEqualTo("SkylakeX");
        assertThat(BlasKernel.forFlags(BlasKernel.flagsOf(ZEN5))).isEqualTo("Cooperlake");
        assertThat(BlasKernel.forFlags(Set.of("avx2", "fma"))).isNull();                   // Haswell-class: OpenBLAS's
        assertThat(BlasKernel.forFlags(Set.of("avx2", "avx512f", "avx512cd"))).isNull();   // Knights Landing lacks BW
        assertThat(BlasKernel.forFlags(Set.of())).isNull();                                 // no /proc/cpuinfo
    }

    @Test
    void theUsersChoiceWinsOverTheCpus() {
        Set<String> zen5 = BlasKernel.flagsOf(ZEN5);
        assertThat(BlasKernel.decide(null, null, zen5)).isEqualTo("Cooperlake");
        assertThat(BlasKernel.decide("openblas", null, zen5)).isNull();
        assertThat(BlasKernel.decide(" OpenBLAS ", null, zen5)).isNull();
        assertThat(BlasKernel.decide("Haswell", null, zen5)).isEqualTo("Haswell");
        assertThat(BlasKernel.decide("", "Haswell", zen5)).isEqualTo("Cooperlake");   // the machine's AVX2 pin
        assertThat(BlasKernel.decide("", "cooperlake", zen5)).isNull();              // already what it needs
        assertThat(BlasKernel.decide("openblas", "Haswell", zen5)).isNull();          // left to OpenBLAS
        assertThat(BlasKernel.decide("SkylakeX", "Zen", zen5)).isEqualTo("SkylakeX");
        assertThat(BlasKernel.decide(null, "Haswell", Set.of("avx2"))).isNull();      // no AVX-512: OpenBLAS's
    }

    @Test
    void theLoadedKernelIsNamedAndTheBackendSummaryShowsIt() {
        Backend.Info info = Backend.info();
        assertThat(info.blasKernel()).isNotBlank().isNotEqualTo("unknown");
        assertThat(info.summary()).contains(info.blasKernel());
        String asked = BlasKernel.request();
        if (asked != null) {            // this machine has AVX-512: OpenBLAS runs the kernel SeqLab asked for
            assertThat(info.blasKernel()).isEqualToIgnoringCase(asked);
        }
        assertThat(BlasKernel.openBlasLoaded()).isTrue();
    }

    @Test
    void aKernelAskedForInAFreshProcessIsTheOneOpenBlasRuns() throws Exception {
        // In this test JVM another test may have loaded ND4J before the request: a fresh process shows the launch
        // path (Backend.configureNative first, as SeqLab.main does), with the kernel named by the property
        // (Nehalem: SSE4.2, which every x86-64 CPU ND4J runs on has).
        assumeTrue(Set.of("amd64", "x86_64").contains(System.getProperty("os.arch")), "OpenBLAS's x86 kernels");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-D" + BlasKernel.PROPERTY + "=Nehalem", Probe.class.getName()).redirectErrorStream(true);
        builder.environment().put(BlasKernel.ENV, "Haswell");          // a machine-wide pin, replaced
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).as(out).contains("kernel Nehalem", "tooLate false", "replaced Haswell");
    }

    /** The fresh process of the test above. */
    static final class Probe {
        public static void main(String[] args) {
            Backend.configureNative();
            System.out.println("kernel " + Backend.info().blasKernel() + " tooLate " + BlasKernel.requestedTooLate()
                    + " replaced " + BlasKernel.replacedEnvironment());
        }
    }
}
