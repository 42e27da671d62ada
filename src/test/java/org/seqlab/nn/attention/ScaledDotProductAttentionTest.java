package org.seqlab.nn.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.nn.ModuleGradCheck;

class ScaledDotProductAttentionTest {
    private static final DType D = DType.FLOAT64;

    private static Tensor input(long seed, long... shape) {
        return Tensor.uniform(D, seed, -1, 1, shape).requiresGrad(true);
    }

    @Test
    void smallCaseMatchesTheFormulaByHand() {
        // q = (1, 0); keys (1, 0) and (0, 1); values (1, 2) and (3, 4); d = 2.
        Tensor q = Tensor.of(new double[] {1, 0}, 1, 2);
        Tensor k = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2);
        Tensor v = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        AttentionResult r = new ScaledDotProductAttention(D).forward(q, k, v, null);
        double a = 1 / (1 + Math.exp(-1 / Math.sqrt(2)));   // softmax(1/sqrt 2, 0)[0]
        assertThat(r.weights().toDoubleArray()).containsExactly(new double[] {a, 1 - a}, within(1e-15));
        assertThat(r.output().toDoubleArray()).containsExactly(new double[] {a + 3 * (1 - a), 2 * a + 4 * (1 - a)},
                within(1e-15));
    }

    @Test
    void passesGradientCheckWithAndWithoutABroadcastMask() {
        ScaledDotProductAttention attn = new ScaledDotProductAttention(D);
        Tensor mask = Tensor.of(new double[] {0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0}, 3, 5);
        List<Tensor> qkv = List.of(input(1, 2, 3, 4), input(2, 2, 5, 4), input(3, 2, 5, 3));
        ModuleGradCheck.assertPasses("sdpa (2,3,4) x (2,5,4) x (2,5,3), no mask", attn, qkv,
                (m, x) -> ((ScaledDotProductAttention) m).forward(x.get(0), x.get(1), x.get(2), null).output());
        ModuleGradCheck.assertPasses("sdpa with a (3,5) mask", attn, qkv,
                (m, x) -> ((ScaledDotProductAttention) m).forward(x.get(0), x.get(1), x.get(2), mask).output());
    }

    @Test
    void dropoutOnTheWeightsActsInTrainingOnlyAndReturnsTheUndroppedWeights() {
        ScaledDotProductAttention attn = new ScaledDotProductAttention(0.5, D, new SplittableRandom(4));
        Tensor q = input(5, 2, 6, 4);
        AttentionResult train = attn.forward(q, q, q, null);
        attn.eval();
        AttentionResult eval = attn.forward(q, q, q, null);
        assertThat(train.weights().toDoubleArray()).containsExactly(eval.weights().toDoubleArray());
        assertThat(train.output().toDoubleArray()).isNotEqualTo(eval.output().toDoubleArray());
    }

    @Test
    void eachStepIsItsOwnLabelledEvent() {
        ScaledDotProductAttention attn = new ScaledDotProductAttention(D);
        attn.labelled("attn");
        try (Tape tape = Tape.open()) {
            attn.forward(input(6, 2, 3, 4), input(7, 2, 3, 4), input(8, 2, 3, 4), F_causal());
            List<String> labels = tape.trace().phase(Phase.FORWARD).stream().map(TraceEvent::label).toList();
            assertThat(labels).containsExactly("attn", "attn/scores", "attn/scaled", "attn/masked", "attn/weights",
                    "attn/context");
        }
    }

    private static Tensor F_causal() {
        return org.seqlab.autograd.ops.F.causalMask(D, 3);
    }

    @Test
    void refusesMismatchedShapesAndFullyMaskedRows() {
        ScaledDotProductAttention attn = new ScaledDotProductAttention(D);
        assertThatThrownBy(() -> attn.forward(input(9, 2, 3, 4), input(10, 2, 5, 3), input(11, 2, 5, 3), null))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("queries and keys must have the same feature size; found q (2,3,4) and k (2,5,3)");
        assertThatThrownBy(() -> attn.forward(input(12, 2, 3, 4), input(13, 2, 5, 4), input(14, 2, 4, 3), null))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("keys and values must come in the same number");
        Tensor rowTwoHidden = Tensor.of(new double[] {0, 0, 0, 0, 1, 0, 1, 1, 1}, 3, 3);
        assertThatThrownBy(() -> attn.forward(input(15, 3, 4), input(16, 3, 4), input(17, 3, 4), rowTwoHidden))
                .isInstanceOf(AttentionMaskException.class)
                .hasMessageContaining("every key is masked for query 2");
    }
}
