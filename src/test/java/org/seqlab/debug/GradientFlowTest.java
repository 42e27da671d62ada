package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.GradientFlow.Series;
import org.seqlab.debug.GradientFlow.Step;
import org.seqlab.debug.GradientFlow.Verdict;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;

class GradientFlowTest {

    /** char-rnn-lm over {@code length} tokens with a loss on the last position only (-100 elsewhere). */
    private static Recording rnnWithLossAtTheEnd(int length) {
        long[] targets = new long[length];
        Arrays.fill(targets, -100);
        targets[length - 1] = 12;
        return Recorder.record(Models.compile("char-rnn-lm"), Models.tokensAndTargets(Models.ids(length), targets),
                false);
    }

    @Test
    void hiddenStateGradientsVanishTowardTheStartOfALongTanhRnnSequence() {
        GradientFlow flow = GradientFlow.of(rnnWithLossAtTheEnd(40));
        assertThat(flow.series()).extracting(Series::name).containsExactly("rnn/l0");
        Series s = flow.series().get(0);
        assertThat(s.steps()).extracting(Step::t).isEqualTo(java.util.stream.IntStream.range(0, 40).boxed().toList());
        for (int t = 0; t < 39; t++) {
            assertThat(s.norm(t)).as("|dL/dh_%d| < |dL/dh_%d|", t, t + 1).isLessThan(s.norm(t + 1));
        }
        assertThat(s.norm(0) / s.norm(39)).isLessThan(1e-6);

        GradientFlow.Reading r = flow.reading();
        assertThat(r.verdict()).isEqualTo(Verdict.VANISHING);
        assertThat(r.series()).isEqualTo("rnn/l0");
        assertThat(r.firstT()).isZero();
        assertThat(r.lastT()).isEqualTo(39);
        assertThat(r.ratio()).isEqualTo(s.norm(0) / s.norm(39));
        assertThat(r.text()).isEqualTo("rnn/l0: gradient at t=0 is " + Numbers.format(r.ratio(), 2)
                + " of t=39: vanishing").matches(".* is \\d\\.\\de-\\d\\d of .*");
    }

    @Test
    void eachStepsNormIsTheGradientOfHtSummedOverEveryUseOfIt() {
        Recording rec = Models.lstm(5);
        Trace trace = rec.trace();
        Series s = GradientFlow.of(rec).series("rnn/l0").orElseThrow();
        assertThat(s.steps()).hasSize(5);
        for (Step step : s.steps()) {
            TraceEvent producer = trace.get(step.forwardIndex());
            assertThat(producer.label()).isEqualTo("rnn/l0/t" + step.t() + "/hidden");
            assertThat(producer.op()).as("h = o * tanh(c)").isEqualTo("mul");
            TraceEvent backward = trace.get(step.backwardIndex());
            assertThat(backward.phase()).isEqualTo(Phase.BACKWARD);
            assertThat(backward.outputId()).isEqualTo(producer.outputId());

            // dL/dh_t by hand: the sum of the gradients h_t's consumers produced for it
            double[] sum = new double[(int) producer.outputShape().numel()];
            int consumers = 0;
            for (TraceEvent e : trace.phase(Phase.BACKWARD)) {
                for (int i = 0; i < e.inputIds().size(); i++) {
                    if (e.inputIds().get(i) == producer.outputId() && e.gradient(i) != null) {
                        double[] g = e.gradient(i).toDoubleArray();
                        for (int k = 0; k < sum.length; k++) {
                            sum[k] += g[k];
                        }
                        consumers++;
                    }
                }
            }
            assertThat(consumers).as("t=%d: the output stack, and the next step's projection", step.t())
                    .isEqualTo(step.t() < 4 ? 2 : 1);
            assertThat(step.norm()).isCloseTo(Models.l2(Tensor.of(sum, sum.length)), within(1e-12));
        }
    }

    @Test
    void withATargetAtEveryPositionTheGradientReadsHealthyAndTheUnpredictedLastStepHasNone() {
        GradientFlow flow = GradientFlow.of(Recorder.record(Models.compile("char-rnn-lm"),
                Models.tokens(Models.ids(12)), false));
        Series s = flow.series().get(0);
        assertThat(s.norm(11)).as("the last position has no next token: no loss, no gradient").isZero();
        assertThat(flow.reading().verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(flow.reading().lastT()).as("the last step that received a gradient").isEqualTo(10);
        assertThat(flow.reading().text()).startsWith("rnn/l0: gradient at t=0 is ").endsWith(" of t=10: healthy");
    }

    @Test
    void theReverseDirectionOfABidirectionalLayerRunsFromTheLastPosition() {
        GradientFlow flow = GradientFlow.of(Recorder.record(Models.compile("bilstm-classifier"),
                Models.tokens(Models.ids(6)), false));
        assertThat(flow.series()).extracting(Series::name).containsExactly("lstm/l0", "lstm/l0_reverse");
        assertThat(flow.series("lstm/l0").orElseThrow().inRunOrder()).extracting(Step::t)
                .containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(flow.series("lstm/l0_reverse").orElseThrow().inRunOrder()).extracting(Step::t)
                .containsExactly(5, 4, 3, 2, 1, 0);
        assertThat(flow.series("lstm/l0_reverse").orElseThrow().steps()).extracting(Step::t)
                .as("steps are listed by time").containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aCellInsideADecoderStepIsASeriesNamedWithoutItsTimeStep() {
        GradientFlow flow = GradientFlow.of(Recorder.record(Models.compile("seq2seq-gru-additive"),
                Map.of("src", Flow.of(Tensor.indices(Models.ids(4), 1, 4))), false));
        assertThat(flow.series()).extracting(Series::name).containsExactly("encoder/l0", "decoder/cell");
        assertThat(flow.series("decoder/cell").orElseThrow().steps()).hasSize(4)
                .allMatch(s -> s.backwardIndex() >= 0 && s.norm() > 0);
    }

    @Test
    void theReadingsThresholdsAreAHundredfoldEitherWay() {
        assertThat(GradientFlow.read(series("a", 0.9e-3, 1)).verdict()).isEqualTo(Verdict.VANISHING);
        assertThat(GradientFlow.read(series("a", 1e-2, 1)).verdict()).as("exactly 1e-2").isEqualTo(Verdict.HEALTHY);
        assertThat(GradientFlow.read(series("a", 0.5, 1)).verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(GradientFlow.read(series("a", 1e2, 1)).verdict()).as("exactly 1e2").isEqualTo(Verdict.HEALTHY);
        assertThat(GradientFlow.read(series("a", 3e4, 2, 1)).text()).isEqualTo("a: gradient at t=0 is 3e+04 of t=2: exploding");
        assertThat(GradientFlow.read(series("a", 0, 1)).verdict()).as("nothing arrived").isEqualTo(Verdict.VANISHING);
        assertThat(GradientFlow.read(series("a", 1, Double.NaN, 1)).text())
                .isEqualTo("a: dL/dh at t=1 holds NaN or Inf: non-finite");
        assertThat(GradientFlow.read(series("a", 0, 0)).verdict()).isEqualTo(Verdict.NO_GRADIENT);
        assertThat(GradientFlow.read(series("a", 1)).verdict()).isEqualTo(Verdict.NO_RECURRENCE);
        assertThat(GradientFlow.read(List.<Series>of()).verdict()).isEqualTo(Verdict.NO_RECURRENCE);
    }

    @Test
    void withSeveralSeriesTheReadingNamesTheOneFurthestFromHealthy() {
        Series healthy = series("rnn/l0", 0.5, 1);
        Series vanishing = series("rnn/l1", 1e-5, 1);
        Series exploding = series("rnn/l2", 1e3, 1);
        assertThat(GradientFlow.read(List.of(healthy, vanishing, exploding)).series()).isEqualTo("rnn/l1");
        assertThat(GradientFlow.read(List.of(healthy, exploding)).series()).isEqualTo("rnn/l2");
        assertThat(GradientFlow.read(List.of(healthy, series("rnn/l3", 1, Double.POSITIVE_INFINITY), vanishing))
                .verdict()).isEqualTo(Verdict.NON_FINITE);
        assertThat(GradientFlow.read(List.of(series("x", 0, 0), healthy)).series()).isEqualTo("rnn/l0");
    }

    /** A series whose step t ran t-th and has norm {@code norms[t]}. */
    private static Series series(String name, double... norms) {
        List<Step> steps = new ArrayList<>();
        for (int t = 0; t < norms.length; t++) {
            steps.add(new Step(t, norms[t], 10 * t, 100 - t));
        }
        return new Series(name, steps);
    }

    @Test
    void parameterNormsAndClippingEqualAHandComputation() {
        GraphModel model = Models.compile("char-lstm-lm");
        Recording rec = Recorder.record(model, Models.tokens(Models.ids(6)), false);
        GradientFlow flow = GradientFlow.of(rec);

        double sumSq = 0;
        for (Map.Entry<String, Tensor> p : model.stateDict().entrySet()) {
            double n = Models.l2(p.getValue().grad());
            assertThat(flow.parameters()).filteredOn(q -> q.name().equals(p.getKey())).singleElement()
                    .satisfies(q -> assertThat(q.norm()).isCloseTo(n, within(1e-12)));
            sumSq += n * n;
        }
        double global = Math.sqrt(sumSq);
        assertThat(flow.globalNorm()).isCloseTo(global, within(1e-12));

        double[] before = model.stateDict().get("rnn.weight_hh_l0").grad().toDoubleArray();
        double threshold = global / 4;
        GradientFlow.Clipping clip = flow.clip(threshold);
        double scale = threshold / (global + 1e-6);              // torch.nn.utils.clip_grad_norm_
        assertThat(clip.clipped()).isTrue();
        assertThat(clip.maxNorm()).isEqualTo(threshold);
        assertThat(clip.preNorm()).isCloseTo(global, within(1e-12));
        assertThat(clip.scale()).isCloseTo(scale, within(1e-12));
        assertThat(clip.postNorm()).isCloseTo(global * scale, within(1e-12)).isCloseTo(threshold, within(1e-6));
        assertThat(clip.parameters()).hasSize(model.stateDict().size()).allSatisfy(c -> {
            double pre = Models.l2(model.stateDict().get(c.name()).grad());
            assertThat(c.pre()).isCloseTo(pre, within(1e-12));
            assertThat(c.post()).isCloseTo(pre * scale, within(1e-12));
        });
        assertThat(model.stateDict().get("rnn.weight_hh_l0").grad().toDoubleArray())
                .as("clipping only computes").containsExactly(before);

        GradientFlow.Clipping loose = flow.clip(global * 2);
        assertThat(loose.clipped()).isFalse();
        assertThat(loose.scale()).isEqualTo(1.0);
        assertThat(loose.postNorm()).isEqualTo(loose.preNorm());
    }

    @Test
    void aTiedWeightCountsOnceAndAModelWithoutRecurrenceSaysSo() {
        GraphModel gpt = Models.compile("gpt-mini");
        GradientFlow flow = GradientFlow.of(Recorder.record(gpt, Models.tokens(Models.ids(5)), false));
        assertThat(flow.series()).isEmpty();
        assertThat(flow.reading().verdict()).isEqualTo(Verdict.NO_RECURRENCE);
        assertThat(flow.reading().text()).contains("no recurrent hidden state");

        List<String> names = flow.parameters().stream().map(GradientFlow.ParameterNorm::name).toList();
        assertThat(names).contains("transformer.wte.weight").doesNotContain("lm_head.weight");
        assertThat(names).hasSize(gpt.parameters().size());
        Set<Tensor> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        double sumSq = 0;
        for (Tensor p : gpt.stateDict().values()) {
            if (distinct.add(p)) {
                double n = Models.l2(p.grad());
                sumSq += n * n;
            }
        }
        assertThat(flow.globalNorm()).isCloseTo(Math.sqrt(sumSq), within(1e-12));
    }

    @Test
    void aClippingThresholdMustBeAPositiveNorm() {
        GradientFlow flow = GradientFlow.of(Models.lstm(3));
        assertThatThrownBy(() -> flow.clip(0)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("finite norm > 0").hasMessageContaining("found 0.0");
        assertThatThrownBy(() -> flow.clip(Double.POSITIVE_INFINITY)).isInstanceOf(SeqLabException.class);
    }
}
