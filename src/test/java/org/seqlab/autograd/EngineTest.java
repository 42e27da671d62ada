package org.seqlab.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.autograd.ops.F.*;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.check.GradCheck;

class EngineTest {

    private static Tensor param(double[] v, long... shape) {
        return Tensor.of(v, shape).requiresGrad(true);
    }

    @Test
    void backwardAccumulatesGradientsIntoLeaves() {
        Tensor x = param(new double[] {1, 2, 3}, 3);
        try (Tape tape = Tape.open()) {
            // L = sum(x * x) + sum(x)  ->  dL/dx = 2x + 1
            Tensor loss = add(sum(mul(x, x)), sum(x));
            tape.backward(loss);
        }
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 5, 7);
    }

    @Test
    void aSecondTapeOnTheSameThreadThrows() {
        try (Tape tape = Tape.open()) {
            assertThatThrownBy(Tape::open).isInstanceOf(SeqLabException.class)
                    .hasMessageContaining("already recording");
        }
        try (Tape again = Tape.open()) {
            assertThat(again.size()).isZero();
        }
    }

    @Test
    void tapesOnDifferentThreadsAreIndependent() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Tape tape = Tape.open()) {
            Future<Integer> other = pool.submit(() -> {
                try (Tape t = Tape.open()) {
                    exp(param(new double[] {1}, 1));
                    return t.size();
                }
            });
            assertThat(other.get()).isEqualTo(1);
            assertThat(tape.size()).isZero();
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void withoutATapeNothingIsRecordedAndOutputsNeedNoGradient() {
        Tensor y = exp(param(new double[] {0.5}, 1));
        assertThat(y.requiresGrad()).isFalse();
    }

    @Test
    void noGradSuspendsRecording() {
        Tensor x = param(new double[] {1, 2}, 2);
        try (Tape tape = Tape.open()) {
            Tensor y;
            try (NoGrad ng = NoGrad.enter()) {
                y = mul(x, 3.0);
            }
            assertThat(y.requiresGrad()).isFalse();
            assertThat(tape.size()).isZero();
            assertThat(tape.trace().size()).isZero();
        }
    }

    @Test
    void traceRecordsForwardThenBackwardEventsWithLabelsValuesAndGradients() {
        Tensor w = param(new double[] {0.5, -1, 2, 0.25}, 2, 2).named("w");
        Tensor x = Tensor.of(new double[] {1, 2}, 1, 2).named("x");
        Trace trace;
        try (Tape tape = Tape.open()) {
            Tensor h;
            try (Scope enc = Scope.push("encoder"); Scope t3 = Scope.push("t3")) {
                try (Scope g = Scope.push("gates")) {
                    h = matmul(x, w);
                }
                try (Scope f = Scope.push("forget_gate")) {
                    h = sigmoid(h);
                }
            }
            Tensor loss = sum(h);
            tape.backward(loss);
            trace = tape.trace();
        }
        assertThat(trace.size()).isEqualTo(6);
        assertThat(trace.events().subList(0, 3)).extracting(TraceEvent::phase).containsOnly(Phase.FORWARD);
        assertThat(trace.events().subList(3, 6)).extracting(TraceEvent::phase).containsOnly(Phase.BACKWARD);
        assertThat(trace.events()).extracting(TraceEvent::op)
                .containsExactly("matmul", "sigmoid", "sum", "sum", "sigmoid", "matmul");
        assertThat(trace.events()).extracting(TraceEvent::index).containsExactly(0, 1, 2, 3, 4, 5);
        TraceEvent mm = trace.get(0);
        assertThat(mm.label()).isEqualTo("encoder/t3/gates");
        assertThat(mm.inputIds()).containsExactly(x.id(), w.id());
        assertThat(mm.inputShapes()).containsExactly(Shape.of(1, 2), Shape.of(2, 2));
        assertThat(mm.outputShape()).isEqualTo(Shape.of(1, 2));
        assertThat(mm.value().toDoubleArray()).containsExactly(4.5, -0.5);
        TraceEvent sig = trace.get(1);
        assertThat(sig.label()).isEqualTo("encoder/t3/forget_gate");
        assertThat(sig.saved()).containsKey("y");
        assertThat(trace.get(2).label()).isEqualTo("sum");
        assertThat(trace.backwardStart()).isEqualTo(3);
        TraceEvent mmBack = trace.get(5);
        assertThat(mmBack.outputId()).isEqualTo(mm.outputId());
        assertThat(mmBack.gradient(0)).as("x needs no gradient").isNull();
        assertThat(mmBack.gradient(1).toDoubleArray()).containsExactly(w.grad().toDoubleArray());
        assertThat(trace.matching("*/forget_gate")).hasSize(2);
        assertThat(trace.matching("encoder/**")).hasSize(4);
    }

    @Test
    void untracedTapeStillComputesGradients() {
        Tensor x = param(new double[] {2}, 1);
        try (Tape tape = Tape.open(TapeOptions.untraced())) {
            tape.backward(sum(pow(x, 3)));
            assertThat(tape.trace().size()).isZero();
        }
        assertThat(x.grad().item()).isCloseTo(12.0, within(1e-12));
    }

    @Test
    void nonFiniteForwardNamesTheOpItsLabelAndTheBadInput() {
        Tensor x = param(new double[] {1, 0, 2}, 3);
        try (Tape tape = Tape.open(TapeOptions.traced().withNonFiniteDetection(true))) {
            Tensor y;
            try (Scope s = Scope.push("head/logits")) {
                y = log(x);
            }
            assertThat(y).isNotNull();
        } catch (NonFiniteException e) {
            assertThat(e.op()).isEqualTo("log");
            assertThat(e.label()).isEqualTo("head/logits");
            assertThat(e.phase()).isEqualTo(Phase.FORWARD);
            assertThat(e.badInput()).isEqualTo(-1);
            assertThat(e.getMessage()).contains("log at head/logits").contains("inputs were finite");
            return;
        }
        throw new AssertionError("log(0) should have stopped the pass");
    }

    @Test
    void nonFiniteForwardPointsAtAnInputThatWasAlreadyBad() {
        Tensor x = Tensor.of(new double[] {1, Double.NaN}, 2).requiresGrad(true).named("bad_input");
        try (Tape tape = Tape.open(TapeOptions.untraced().withNonFiniteDetection(true))) {
            assertThatThrownBy(() -> tanh(x)).isInstanceOfSatisfying(NonFiniteException.class, e -> {
                assertThat(e.badInput()).isZero();
                assertThat(e.getMessage()).contains("'bad_input'").contains("already non-finite");
            });
        }
    }

    @Test
    void nonFiniteBackwardIsCaughtAtTheOpThatProducedIt() {
        // sqrt(0) is finite (0) but its gradient 1/(2 sqrt 0) is infinite.
        Tensor x = param(new double[] {0, 4}, 2);
        try (Tape tape = Tape.open(TapeOptions.untraced().withNonFiniteDetection(true))) {
            Tensor loss = sum(sqrt(x));
            assertThatThrownBy(() -> tape.backward(loss)).isInstanceOfSatisfying(NonFiniteException.class, e -> {
                assertThat(e.op()).isEqualTo("sqrt");
                assertThat(e.phase()).isEqualTo(Phase.BACKWARD);
                assertThat(e.getMessage()).contains("Backward pass stopped: sqrt");
            });
        }
    }

    @Test
    void shapeMismatchNamesOpLabelBothShapesAndTheDifference() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 32, 64);
        Tensor b = Tensor.zeros(DType.FLOAT32, 128, 512);
        try (Scope s = Scope.push("encoder/lstm0/t3/gates")) {
            assertThatThrownBy(() -> matmul(a, b)).isInstanceOf(ShapeException.class)
                    .hasMessage("matmul at encoder/lstm0/t3/gates: (32,64) x (128,512) \u2014 inner dimensions 64 "
                            + "and 128 differ");
        }
        assertThatThrownBy(() -> add(Tensor.zeros(DType.FLOAT64, 3, 4), Tensor.zeros(DType.FLOAT64, 5)))
                .isInstanceOf(ShapeException.class).hasMessageContaining("(3,4) x (5)")
                .hasMessageContaining("do not broadcast");
    }

    @Test
    void mixedDtypesAreRefusedWithTheFix() {
        Tensor a = Tensor.zeros(DType.FLOAT32, 2);
        Tensor b = Tensor.zeros(DType.FLOAT64, 2);
        assertThatThrownBy(() -> add(a, b)).isInstanceOf(DTypeException.class)
                .hasMessageContaining("float32").hasMessageContaining("float64")
                .hasMessageContaining("tensor.to(DType.FLOAT32)");
    }

    @Test
    void indexArgumentsMustBeInt64() {
        Tensor w = Tensor.zeros(DType.FLOAT32, 5, 2);
        assertThatThrownBy(() -> embedding(w, Tensor.zeros(DType.FLOAT32, 3))).isInstanceOf(DTypeException.class)
                .hasMessageContaining("int64");
        assertThatThrownBy(() -> embedding(w, Tensor.indices(new long[] {1, 7}, 2))).isInstanceOf(ShapeException.class)
                .hasMessageContaining("id 7").hasMessageContaining("0..4");
    }

    @Test
    void embeddingPaddingRowReceivesNoGradient() {
        Tensor w = param(new double[] {1, 1, 2, 2, 3, 3}, 3, 2);
        try (Tape tape = Tape.open()) {
            tape.backward(sum(embedding(w, Tensor.indices(new long[] {0, 1, 1, 2}, 4), 1)));
        }
        assertThat(w.grad().toDoubleArray()).containsExactly(1, 1, 0, 0, 1, 1);
    }

    @Test
    void intTensorsCannotRequireAGradient() {
        assertThatThrownBy(() -> Tensor.indices(new long[] {1}, 1).requiresGrad(true))
                .isInstanceOf(DTypeException.class);
    }

    @Test
    void backwardTwiceOnOneTapeIsRefused() {
        Tensor x = param(new double[] {1}, 1);
        try (Tape tape = Tape.open()) {
            Tensor loss = sum(exp(x));
            tape.backward(loss);
            assertThatThrownBy(() -> tape.backward(loss)).hasMessageContaining("already ran");
        }
    }

    @Test
    void backwardFromATensorWithoutGradientHistoryExplainsWhy() {
        try (Tape tape = Tape.open()) {
            Tensor loss = sum(Tensor.of(new double[] {1, 2}, 2));
            assertThatThrownBy(() -> tape.backward(loss)).isInstanceOf(GradientException.class)
                    .hasMessageContaining("requiresGrad(true)");
        }
    }

    @Test
    void scopesMustCloseInnermostFirst() {
        Scope outer = Scope.push("a");
        Scope inner = Scope.push("b");
        assertThat(Scope.current()).isEqualTo("a/b");
        assertThatThrownBy(outer::close).hasMessageContaining("out of order");
        inner.close();
        outer.close();
        assertThat(Scope.current()).isEmpty();
    }

    @Test
    void crossEntropyMatchesAHandComputedValueWithSmoothingAndIgnore() {
        // two rows of 3 classes; row 1 ignored
        Tensor logits = Tensor.of(new double[] {1, 2, 3, 5, 5, 5}, 2, 3);
        Tensor targets = Tensor.indices(new long[] {0, -100}, 2);
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        double nll = lse - 1;
        double smooth = lse - 2;     // -mean_c log p_c = lse - mean(logits)
        double expected = 0.9 * nll + 0.1 * smooth;
        assertThat(crossEntropy(logits, targets, -100, 0.1).item()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void softmaxRowsSumToOneEvenForHugeLogits() {
        Tensor y = softmax(Tensor.of(new double[] {1000, 1001, 1002, -5, 0, 5}, 2, 3), -1);
        double[] v = y.toDoubleArray();
        assertThat(v[0] + v[1] + v[2]).isCloseTo(1.0, within(1e-12));
        assertThat(v[3] + v[4] + v[5]).isCloseTo(1.0, within(1e-12));
        assertThat(y.isFinite()).isTrue();
    }

    @Test
    void dropoutIsReproducibleFromItsSeedAndScalesKeptUnits() {
        Tensor x = Tensor.ones(DType.FLOAT64, 1000);
        double[] a = dropout(x, 0.25, true, 42).toDoubleArray();
        double[] b = dropout(x, 0.25, true, 42).toDoubleArray();
        assertThat(a).containsExactly(b);
        long kept = java.util.Arrays.stream(a).filter(v -> v != 0).count();
        assertThat(kept).isBetween(700L, 800L);
        assertThat(java.util.Arrays.stream(a).filter(v -> v != 0).distinct().toArray())
                .containsExactly(1.0 / 0.75);
        assertThat(dropout(x, 0.25, false, 42)).isSameAs(x);
    }

    @Test
    void gradCheckCatchesAWrongGradient() {
        // A deliberately wrong "op": forward x^2, but the chain is broken by detaching half of it.
        Tensor x = param(new double[] {0.3, -0.7, 1.1}, 3);
        GradCheck.Result r = GradCheck.check("broken", in -> mul(in.get(0), in.get(0).detach()), List.of(x));
        assertThat(r.passed()).isFalse();
        assertThat(r.report()).contains("analytic").contains("numeric");
    }

    @Test
    void gradCheckProjectionModeCoversLargeInputs() {
        Tensor x = Tensor.uniform(DType.FLOAT64, 3, -1, 1, 20, 30).requiresGrad(true);
        GradCheck.Result r = GradCheck.check("tanh large", in -> tanh(in.get(0)), List.of(x));
        assertThat(r.inputs().get(0).mode()).isEqualTo(GradCheck.Mode.PROJECTION);
        assertThat(r.maxRelError()).isLessThan(1e-6);
    }

    @Test
    void float32ComputesInFloat32() {
        Tensor a = Tensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor y = softmax(matmul(a, a), -1);
        assertThat(y.dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void tensorStatsSummariseFiniteValuesAndCountTheRest() {
        TensorStats s = TensorStats.of(new double[] {1, 3, Double.NaN, Double.POSITIVE_INFINITY, -2});
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.nonFinite()).isEqualTo(2);
        assertThat(s.min()).isEqualTo(-2);
        assertThat(s.max()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(2.0 / 3, within(1e-15));
        assertThat(s.norm()).isCloseTo(Math.sqrt(14), within(1e-15));
        assertThat(s.std()).isCloseTo(Math.sqrt(((1 - 2.0 / 3) * (1 - 2.0 / 3) + (3 - 2.0 / 3) * (3 - 2.0 / 3)
                + (-2 - 2.0 / 3) * (-2 - 2.0 / 3)) / 3), within(1e-15));
    }

    @Test
    void emptyTensorsConvertToEmptyArrays() {
        assertThat(Tensor.ofFloats(new float[0], 0, 3).toFloatArray()).isEmpty();
        assertThat(Tensor.of(new double[0], 2, 0).toDoubleArray()).isEmpty();
        assertThat(Tensor.indices(new long[0], 0).toLongArray()).isEmpty();
    }

    /**
     * A tensor read by three ops: its gradient is summed in place, and the trace still shows each reader's own
     * gradient (not the growing sum) and the whole sum as the gradient flowing into its producer.
     */
    @Test
    void aTracedPassSumsInPlaceButShowsEachReadersOwnGradient() {
        Tensor a = Tensor.of(new double[] {0.5, -1.0}, 2).requiresGrad(true);
        Trace trace;
        try (Tape tape = Tape.open()) {
            Tensor y = exp(a);
            Tensor loss = sum(add(add(mul(y, Tensor.scalar(2.0)), mul(y, Tensor.scalar(3.0))), tanh(y)));
            tape.backward(loss);
            trace = tape.trace();
        }
        double[] ey = {Math.exp(0.5), Math.exp(-1.0)};
        List<TraceEvent> back = trace.phase(Phase.BACKWARD);
        List<TraceEvent> muls = back.stream().filter(e -> e.op().equals("mul")).toList();
        assertThat(muls).hasSize(2);
        assertThat(muls.get(0).gradient(0).toDoubleArray()).containsExactly(3.0, 3.0);
        assertThat(muls.get(1).gradient(0).toDoubleArray()).containsExactly(2.0, 2.0);
        TraceEvent sine = back.stream().filter(e -> e.op().equals("tanh")).findFirst().orElseThrow();
        assertThat(sine.gradient(0).toDoubleArray()).containsExactly(dtanh(ey[0]), dtanh(ey[1]));
        TraceEvent ex = back.stream().filter(e -> e.op().equals("exp")).findFirst().orElseThrow();
        double[] flowing = ex.value().toDoubleArray();
        for (int i = 0; i < 2; i++) {
            assertThat(flowing[i]).isCloseTo(5 + dtanh(ey[i]), within(1e-15));
        }
        assertThat(a.grad().toDoubleArray()[0]).isCloseTo((5 + dtanh(ey[0])) * ey[0], within(1e-14));
    }

    private static double dtanh(double y) {
        double t = Math.tanh(y);
        return 1 - t * t;
    }

    /**
     * An op's output keeps the gradient array itself, but a parameter's gradient is its own copy: clipping it in
     * place (here: scaling by 0) must not change what the trace shows, even where add hands its incoming gradient
     * straight to the parameter.
     */
    @Test
    void clippingAParametersGradientLeavesTheTraceAlone() {
        Tensor p = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {3, 4}, 2);
        Trace trace;
        Tensor y;
        try (Tape tape = Tape.open()) {
            y = add(p, x);
            tape.backward(sum(mul(y, y)));
            trace = tape.trace();
        }
        TraceEvent addBackward = trace.phase(Phase.BACKWARD).stream().filter(e -> e.op().equals("add")).findFirst()
                .orElseThrow();
        assertThat(addBackward.value().toDoubleArray()).containsExactly(8, 12);
        assertThat(y.grad().toDoubleArray()).containsExactly(8, 12);
        Updates.scaleGrads(List.of(p), 0);
        assertThat(p.grad().toDoubleArray()).containsExactly(0, 0);
        assertThat(addBackward.value().toDoubleArray()).containsExactly(8, 12);
        assertThat(addBackward.gradient(0).toDoubleArray()).containsExactly(8, 12);
        assertThat(y.grad().toDoubleArray()).containsExactly(8, 12);
    }

    /** A recurrence's weight used at every step, as a leaf and as an op's output, traced and untraced. */
    private static double[][] recurrence(TapeOptions options, boolean computedWeight) {
        Tensor w0 = Tensor.uniform(DType.FLOAT64, 1, -0.5, 0.5, 6, 6).requiresGrad(true);
        Tensor x = Tensor.uniform(DType.FLOAT64, 2, -1, 1, 3, 6).requiresGrad(true);
        try (Tape tape = Tape.open(options)) {
            Tensor w = computedWeight ? mul(w0, Tensor.scalar(DType.FLOAT64, 1.5)) : w0;
            Tensor h = x;
            Tensor total = null;
            for (int t = 0; t < 5; t++) {
                h = tanh(matmulWt(h, w));
                total = total == null ? sum(h) : add(total, sum(mul(h, h)));
            }
            tape.backward(total);
        }
        return new double[][] {w0.grad().toDoubleArray(), x.grad().toDoubleArray()};
    }

    @Test
    void aWeightsSharesOfEveryStepAreAddedInOneProductTracedOrNotWithThePerStepSumsGradient() {
        for (boolean computed : new boolean[] {false, true}) {
            // the non-finite check reads every share, so it keeps one array per step, summed step by step
            double[][] perStep = recurrence(TapeOptions.untraced().withNonFiniteDetection(true), computed);
            double[][] traced = recurrence(TapeOptions.traced(), computed);
            double[][] untraced = recurrence(TapeOptions.untraced(), computed);
            for (int i = 0; i < 2; i++) {
                assertThat(untraced[i]).as("untraced, computed weight %s, gradient %d", computed, i)
                        .containsExactly(perStep[i], within(1e-13));
                assertThat(traced[i]).as("traced, computed weight %s, gradient %d", computed, i)
                        .containsExactly(perStep[i], within(1e-13));
            }
            double error = GradCheck.check("recurrence", in -> {
                Tensor h = in.get(1);
                Tensor total = null;
                for (int t = 0; t < 5; t++) {
                    h = tanh(matmulWt(h, in.get(0)));
                    total = total == null ? sum(h) : add(total, sum(mul(h, h)));
                }
                return total;
            }, List.of(Tensor.uniform(DType.FLOAT64, 1, -0.5, 0.5, 6, 6).requiresGrad(true),
                    Tensor.uniform(DType.FLOAT64, 2, -1, 1, 3, 6).requiresGrad(true))).maxRelError();
            assertThat(error).as("the untraced gradient against the numeric one").isLessThan(1e-7);
        }
    }
}
