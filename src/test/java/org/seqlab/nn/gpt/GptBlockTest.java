package org.seqlab.nn.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.ModuleGradCheck;

class GptBlockTest {
    private static final GptConfig TINY = new GptConfig(8, 11, 2, 2, 8, 0.0, true);

    @Test
    void parameterNamesAreNanoGpts() {
        GptBlocks h = new GptBlocks(TINY, DType.FLOAT64, new SplittableRandom(1));
        assertThat(h.namedParameters().keySet()).startsWith("0.ln_1.weight", "0.ln_1.bias", "0.attn.c_attn.weight",
                "0.attn.c_attn.bias", "0.attn.c_proj.weight", "0.attn.c_proj.bias", "0.ln_2.weight", "0.ln_2.bias",
                "0.mlp.c_fc.weight", "0.mlp.c_fc.bias", "0.mlp.c_proj.weight", "0.mlp.c_proj.bias")
                .contains("1.mlp.c_proj.bias").hasSize(24);
        assertThat(h.namedParameters().get("0.attn.c_attn.weight").shape().toArray()).containsExactly(24, 8);
    }

    @Test
    void initialisationFollowsNanoGpt() {
        GptConfig big = new GptConfig(8, 11, 4, 4, 64, 0.0, true);
        GptBlocks h = new GptBlocks(big, DType.FLOAT64, new SplittableRandom(2));
        double[] fc = h.namedParameters().get("0.mlp.c_fc.weight").toDoubleArray();
        double[] proj = h.namedParameters().get("0.mlp.c_proj.weight").toDoubleArray();
        assertThat(std(fc)).isCloseTo(0.02, within(0.001));
        assertThat(std(proj)).isCloseTo(0.02 / Math.sqrt(8), within(0.0005));
        assertThat(h.namedParameters().get("0.attn.c_attn.bias").toDoubleArray()).containsOnly(0.0);
        assertThat(h.namedParameters().get("0.ln_1.weight").toDoubleArray()).containsOnly(1.0);
    }

    private static double std(double[] v) {
        double m = java.util.Arrays.stream(v).average().orElse(0);
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length);
    }

    @Test
    void blockPassesGradientCheckWithAndWithoutPadding() {
        GptBlock block = new GptBlock(TINY, DType.FLOAT64, new SplittableRandom(3));
        Tensor x = Tensor.uniform(DType.FLOAT64, 4, -1, 1, 2, 3, 8).requiresGrad(true);
        ModuleGradCheck.assertPasses("gpt block", block, List.of(x),
                (m, in) -> ((GptBlock) m).forward(in.get(0), null));
        Tensor padding = Tensor.of(new double[] {0, 0, 0, 0, 0, 1}, 2, 3);
        ModuleGradCheck.assertPasses("gpt block padded", block, List.of(x),
                (m, in) -> ((GptBlock) m).forward(in.get(0), padding));
    }

    @Test
    void outputsAtTimeTDoNotDependOnLaterInputs() {
        GptBlocks h = new GptBlocks(TINY, DType.FLOAT64, new SplittableRandom(5));
        double[] a = Tensor.uniform(DType.FLOAT64, 6, -1, 1, 1, 4, 8).toDoubleArray();
        double[] b = a.clone();
        for (int i = 3 * 8; i < 4 * 8; i++) {
            b[i] += 0.5;                                   // change only the last position
        }
        double[] ya = h.forward(Tensor.of(a, 1, 4, 8), null).toDoubleArray();
        double[] yb = h.forward(Tensor.of(b, 1, 4, 8), null).toDoubleArray();
        for (int i = 0; i < 3 * 8; i++) {
            assertThat(yb[i]).isEqualTo(ya[i]);
        }
        assertThat(yb[3 * 8]).isNotEqualTo(ya[3 * 8]);
    }

    @Test
    void attentionWeightsAreOnTheTraceUnderTheirLayer() {
        GptBlocks h = new GptBlocks(TINY, DType.FLOAT64, new SplittableRandom(7));
        try (Tape tape = Tape.open()) {
            tape.backward(F.sum(h.forward(Tensor.uniform(DType.FLOAT64, 8, -1, 1, 1, 3, 8).requiresGrad(true), null)));
            assertThat(tape.trace().events()).extracting(TraceEvent::label)
                    .contains("gptblocks/0/attn/heads/weights", "gptblocks/1/attn/heads/masked",
                            "gptblocks/0/mlp/gelu");
        }
    }
}
