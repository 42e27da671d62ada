package org.seqlab.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.autograd.check.GradCheck;
import org.seqlab.autograd.ops.CrossEntropy;
import org.seqlab.nn.ModuleGradCheck;
import org.seqlab.nn.crf.LinearChainCrf;

class LossesTest {
    private static final DType D = DType.FLOAT64;
    private static final long X = MaskedLmLoss.IGNORE_INDEX;

    /** B=2, T=3, V=4; masked: (0,1) label 2, (1,0) label 0, (1,2) label 3; the rest junk. */
    private static Tensor mlmLogits(double junk) {
        double l1 = 0;
        double l2 = Math.log(2);
        double l3 = Math.log(3);
        double l4 = Math.log(4);
        return Tensor.of(D, new double[] {
            junk, -junk, 3, 7,          // (0,0) not masked
            0, 0, 0, 0,                 // (0,1) uniform: p[2] = 1/4
            junk, 1, -junk, 2,          // (0,2) not masked
            l1, l2, l3, l4,             // (1,0) p = 1/10, 2/10, 3/10, 4/10: p[0] = 1/10
            -junk, junk, 0, junk,       // (1,1) not masked
            l1, l1, l2, l4}, 2, 3, 4);  // (1,2) p = 1/8, 1/8, 2/8, 4/8: p[3] = 1/2
    }

    private static final Tensor MLM_LABELS = Tensor.indices(new long[] {X, 2, X, 0, X, 3}, 2, 3);

    @Test
    void maskedLmLossAveragesCrossEntropyOverTheMaskedPositionsOnly() {
        // (-log 1/4 - log 1/10 - log 1/2) / 3 = log(80) / 3
        double expected = Math.log(80) / 3;
        assertThat(MaskedLmLoss.apply(mlmLogits(5), MLM_LABELS).item()).isCloseTo(expected, within(1e-12));
        assertThat(MaskedLmLoss.apply(mlmLogits(-40), MLM_LABELS).item()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void maskedLmLossSendsNoGradientToUnmaskedPositions() {
        Tensor logits = mlmLogits(5).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(MaskedLmLoss.apply(logits, MLM_LABELS));
        }
        double[] g = logits.grad().toDoubleArray();
        // (0,1): (softmax - onehot(2)) / 3 = (1/4, 1/4, -3/4, 1/4) / 3
        assertThat(g[4]).isCloseTo(0.25 / 3, within(1e-12));
        assertThat(g[6]).isCloseTo(-0.75 / 3, within(1e-12));
        for (int row : new int[] {0, 2, 4}) {
            for (int v = 0; v < 4; v++) {
                assertThat(g[row * 4 + v]).as("unmasked row %d", row).isEqualTo(0.0);
            }
        }
        GradCheck.Result r = GradCheck.check("mlm loss", x -> MaskedLmLoss.apply(x.get(0), MLM_LABELS),
                List.of(Tensor.uniform(D, 3, -2, 2, 2, 3, 4).requiresGrad(true)));
        assertThat(r.maxRelError()).as(r.report()).isLessThan(1e-6);
    }

    @Test
    void maskedLmLossRefusesWrongShapesUnknownIdsAndBatchesWithNothingMasked() {
        Tensor logits = mlmLogits(1);
        assertThatThrownBy(() -> MaskedLmLoss.apply(Tensor.zeros(D, 6, 4), MLM_LABELS))
                .isInstanceOf(ShapeException.class).hasMessageContaining("(B, T, V)").hasMessageContaining("found (6,4)");
        assertThatThrownBy(() -> MaskedLmLoss.apply(logits, Tensor.indices(new long[] {X, 2, X, 0}, 2, 2)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("(B, T) = (2, 3)")
                .hasMessageContaining("found (2,2)");
        assertThatThrownBy(() -> MaskedLmLoss.apply(logits, Tensor.indices(new long[] {X, 2, X, 0, X, 4}, 2, 3)))
                .isInstanceOf(SeqLabException.class)
                .hasMessageContaining("target 4 at position (1, 2) is not a class index 0..3");
        assertThatThrownBy(() -> MaskedLmLoss.apply(logits, Tensor.indices(new long[] {X, X, X, X, X, X}, 2, 3)))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("no position")
                .hasMessageContaining("Mask at least one token");
    }

    @Test
    void crossEntropyLossWithIgnoreIndexAndLabelSmoothingFollowsTheFormula() {
        Tensor logits = Tensor.uniform(D, 7, -2, 2, 4, 5);
        Tensor targets = Tensor.indices(new long[] {3, -1, 0, 4}, 4);
        double eps = 0.1;
        double[] z = logits.toDoubleArray();
        double total = 0;
        int counted = 0;
        for (int i = 0; i < 4; i++) {
            if (i == 1) {
                continue;   // ignored
            }
            double lse = 0;
            for (int c = 0; c < 5; c++) {
                lse += Math.exp(z[i * 5 + c]);
            }
            lse = Math.log(lse);
            double smooth = 0;
            for (int c = 0; c < 5; c++) {
                smooth += (lse - z[i * 5 + c]) / 5;
            }
            long t = targets.toLongArray()[i];
            total += (1 - eps) * (lse - z[(int) (i * 5 + t)]) + eps * smooth;
            counted++;
        }
        CrossEntropyLoss loss = CrossEntropyLoss.standard().withIgnoreIndex(-1).withLabelSmoothing(eps);
        assertThat(loss.apply(logits, targets).item()).isCloseTo(total / counted, within(1e-12));
        assertThat(loss.withReduction(CrossEntropy.Reduction.SUM).apply(logits, targets).item())
                .isCloseTo(total, within(1e-12));
        GradCheck.Result r = GradCheck.check("cross-entropy loss", x -> loss.apply(x.get(0), targets),
                List.of(logits.copy().requiresGrad(true)));
        assertThat(r.maxRelError()).as(r.report()).isLessThan(1e-6);
    }

    @Test
    void crossEntropyLossDefaultsArePytorchsAndItsOpsAreLabelledLoss() {
        CrossEntropyLoss loss = CrossEntropyLoss.standard();
        assertThat(loss.ignoreIndex()).isEqualTo(-100);
        assertThat(loss.labelSmoothing()).isZero();
        assertThat(loss.reduction()).isEqualTo(CrossEntropy.Reduction.MEAN);
        Tensor logits = Tensor.uniform(D, 8, -1, 1, 2, 3, 4).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(loss.apply(logits, Tensor.indices(new long[] {0, 1, -100, 3, 2, 1}, 2, 3)));
            assertThat(tape.trace().events().stream().map(TraceEvent::label)).contains("loss");
        }
    }

    @Test
    void crossEntropyLossRefusesBadConfigAndMismatchedTargets() {
        assertThatThrownBy(() -> CrossEntropyLoss.standard().withLabelSmoothing(1.5))
                .isInstanceOf(SeqLabException.class).hasMessageContaining("[0, 1]; found 1.5");
        assertThatThrownBy(() -> CrossEntropyLoss.standard().withReduction(null))
                .isInstanceOf(SeqLabException.class);
        Tensor logits = Tensor.zeros(D, 2, 3, 4);
        assertThatThrownBy(() -> CrossEntropyLoss.standard().apply(logits, Tensor.indices(new long[6], 3, 2)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("(2, 3) for logits (2,3,4)")
                .hasMessageContaining("found (3,2)");
        assertThatThrownBy(() -> CrossEntropyLoss.standard().apply(logits, Tensor.zeros(D, 2, 3)))
                .hasMessageContaining("int64");
        assertThatThrownBy(() -> CrossEntropyLoss.standard()
                .apply(logits, Tensor.indices(new long[] {0, 1, 2, 3, -5, 0}, 2, 3)))
                .hasMessageContaining("target -5 at position (1, 1)");
    }

    @Test
    void crfNllLossDelegatesToTheCrfAndTrainsItsParameters() {
        LinearChainCrf crf = new LinearChainCrf(3, D, new SplittableRandom(5));
        Tensor emissions = Tensor.uniform(D, 9, -2, 2, 2, 4, 3).requiresGrad(true);
        Tensor tags = Tensor.indices(new long[] {0, 2, 1, 1, 2, 0, 0, 0}, 2, 4);
        long[] lengths = {4, 2};
        CrfNllLoss loss = new CrfNllLoss(crf, LinearChainCrf.Reduction.MEAN);
        assertThat(loss.apply(emissions, tags, lengths).item())
                .isEqualTo(crf.nll(emissions, tags, lengths, LinearChainCrf.Reduction.MEAN).item());
        Tensor mask = Tensor.of(D, new double[] {1, 1, 1, 1, 1, 1, 0, 0}, 2, 4);
        assertThat(loss.apply(emissions, tags, mask).item()).isEqualTo(loss.apply(emissions, tags, lengths).item());
        ModuleGradCheck.assertPasses("crf nll loss", crf, List.of(emissions),
                (m, x) -> new CrfNllLoss((LinearChainCrf) m, LinearChainCrf.Reduction.TOKEN_MEAN)
                        .apply(x.get(0), tags, lengths));
        assertThatThrownBy(() -> new CrfNllLoss(crf, null)).isInstanceOf(SeqLabException.class);
    }
}
