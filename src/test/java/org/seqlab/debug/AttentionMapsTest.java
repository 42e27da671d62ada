package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.AttentionMaps.AttentionMap;
import org.seqlab.debug.AttentionMaps.Kind;
import org.seqlab.debug.AttentionMaps.Score;
import org.seqlab.debug.AttentionMaps.Side;
import org.seqlab.model.graph.Flow;

class AttentionMapsTest {

    private static final int T = 7;

    private static Recording record(String template) {
        Map<String, Flow> inputs = Map.of(Models.compile(template).graph().inputs().get(0).name(),
                Flow.of(Tensor.indices(Models.ids(T), 1, T)));
        return Recorder.record(Models.compile(template), inputs, false);
    }

    private static void assertRowsSumToOne(AttentionMap m) {
        for (int h = 0; h < m.heads(); h++) {
            for (int t = 0; t < m.queries(); t++) {
                double sum = 0;
                for (int s = 0; s < m.keys(); s++) {
                    sum += m.weight(h, t, s);
                }
                assertThat(sum).as("%s head %d row %d", m.name(), h, t).isCloseTo(1.0, within(1e-12));
            }
        }
    }

    /** Every weight of {@code m} is batch item 0 of the recorded softmax, in (B, H, T, S) order. */
    private static void assertWeightsAreTheEvent(AttentionMap m, TraceEvent softmax) {
        double[] recorded = softmax.value().toDoubleArray();
        for (int h = 0; h < m.heads(); h++) {
            for (int t = 0; t < m.queries(); t++) {
                for (int s = 0; s < m.keys(); s++) {
                    assertThat(m.weight(h, t, s)).isEqualTo(recorded[(h * m.queries() + t) * m.keys() + s]);
                }
            }
        }
    }

    @Test
    void transformerSeq2seqHasEncoderSelfDecoderCausalAndCrossAttention() {
        Recording r = record("transformer-seq2seq");
        AttentionMaps maps = AttentionMaps.of(r.trace());
        assertThat(maps.maps()).extracting(AttentionMap::name).containsExactly(
                "transformer/encoder/layers/0/self_attn/attn",
                "transformer/encoder/layers/1/self_attn/attn",
                "transformer/decoder/layers/0/self_attn/attn",
                "transformer/decoder/layers/0/multihead_attn/attn",
                "transformer/decoder/layers/1/self_attn/attn",
                "transformer/decoder/layers/1/multihead_attn/attn");
        assertThat(maps.maps()).extracting(AttentionMap::kind).containsExactly(
                Kind.SELF, Kind.SELF, Kind.CAUSAL, Kind.CROSS, Kind.CAUSAL, Kind.CROSS);
        assertThat(maps.maps()).extracting(AttentionMap::querySide).containsExactly(
                Side.SOURCE, Side.SOURCE, Side.TARGET, Side.TARGET, Side.TARGET, Side.TARGET);
        assertThat(maps.maps()).extracting(AttentionMap::keySide).containsExactly(
                Side.SOURCE, Side.SOURCE, Side.TARGET, Side.SOURCE, Side.TARGET, Side.SOURCE);
        for (AttentionMap m : maps.maps()) {
            assertThat(m.heads()).isEqualTo(2);
            assertThat(m.queries()).isEqualTo(T);
            assertThat(m.keys()).isEqualTo(T);
            assertThat(m.score()).isEqualTo(Score.DOT);
            assertThat(m.scaled()).as(m.name()).isNotNull();
            assertRowsSumToOne(m);
            TraceEvent softmax = Models.first(r.trace(), Phase.FORWARD, m.name() + "/weights");
            assertWeightsAreTheEvent(m, softmax);
            assertThat(m.rowIndex()).containsOnly(softmax.index());
            assertThat(m.firstIndex()).containsOnly(Models.first(r.trace(), Phase.FORWARD, m.name() + "/scores")
                    .index());
        }
        AttentionMap causal = maps.maps().get(2);
        assertThat(causal.hasMask()).isTrue();
        for (int h = 0; h < 2; h++) {
            for (int t = 0; t < T; t++) {
                for (int s = 0; s < T; s++) {
                    assertThat(causal.isMasked(h, t, s)).as("(%d, %d)", t, s).isEqualTo(s > t);
                    if (s > t) {
                        assertThat(causal.weight(h, t, s)).isZero();
                    }
                }
            }
        }
        assertThat(maps.maps().get(0).hasMask()).as("no padding, no mask on the encoder").isFalse();
    }

    @Test
    void theScaledStageIsTheScoresOverRootD() {
        Recording r = record("transformer-seq2seq");
        AttentionMap m = AttentionMaps.of(r.trace()).maps().get(0);
        double dk = 32 / 2;
        double[] scores = m.scores();
        double[] scaled = m.scaled();
        for (int i = 0; i < scores.length; i++) {
            assertThat(scaled[i]).isCloseTo(scores[i] / Math.sqrt(dk), within(1e-12));
        }
        double[][] head1 = m.head(1);
        double[][] scaled1 = m.stage(scaled, 1);
        for (int t = 0; t < T; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : scaled1[t]) {
                max = Math.max(max, v);
            }
            double z = 0;
            for (double v : scaled1[t]) {
                z += Math.exp(v - max);
            }
            for (int s = 0; s < T; s++) {
                assertThat(head1[t][s]).isCloseTo(Math.exp(scaled1[t][s] - max) / z, within(1e-12));
            }
        }
    }

    @Test
    void gptHeadsAreCausal() {
        Recording r = record("gpt-mini");
        AttentionMaps maps = AttentionMaps.of(r.trace());
        assertThat(maps.maps()).extracting(AttentionMap::name)
                .containsExactly("transformer/h/0/attn/heads", "transformer/h/1/attn/heads");
        for (AttentionMap m : maps.maps()) {
            assertThat(m.kind()).isEqualTo(Kind.CAUSAL);
            assertThat(m.querySide()).isEqualTo(Side.SOURCE);
            assertRowsSumToOne(m);
            assertWeightsAreTheEvent(m, Models.first(r.trace(), Phase.FORWARD, m.name() + "/weights"));
        }
    }

    @Test
    void aRecurrentDecodersStepsAreOneModuleWithARowPerStep() {
        Recording r = record("seq2seq-gru-additive");
        AttentionMaps maps = AttentionMaps.of(r.trace());
        assertThat(maps.maps()).hasSize(1);
        AttentionMap m = maps.maps().get(0);
        assertThat(m.name()).isEqualTo("decoder/attention");
        assertThat(m.kind()).isEqualTo(Kind.CROSS);
        assertThat(m.score()).isEqualTo(Score.ADDITIVE);
        assertThat(m.querySide()).isEqualTo(Side.TARGET);
        assertThat(m.keySide()).isEqualTo(Side.SOURCE);
        assertThat(m.heads()).isEqualTo(1);
        assertThat(m.queries()).isEqualTo(T);
        assertThat(m.keys()).isEqualTo(T);
        assertThat(m.scaled()).isNull();
        assertThat(m.hasMask()).isFalse();
        assertRowsSumToOne(m);
        Trace trace = r.trace();
        for (int t = 0; t < T; t++) {
            TraceEvent softmax = Models.first(trace, Phase.FORWARD, "decoder/t" + t + "/attention/weights");
            assertThat(m.rowIndex()[t]).isEqualTo(softmax.index());
            double[] row = softmax.value().toDoubleArray();
            for (int s = 0; s < T; s++) {
                assertThat(m.weight(0, t, s)).isEqualTo(row[s]);
            }
            List<TraceEvent> scores = Models.all(trace, Phase.FORWARD, "decoder/t" + t + "/attention/scores");
            double[] score = scores.get(scores.size() - 1).value().toDoubleArray();
            assertThat(m.score(0, t, 0)).isEqualTo(score[0]);
            assertThat(m.firstIndex()[t]).isLessThan(scores.get(0).index() + 1);
            assertThat(m.rowsComputedAt(softmax.index())).isEqualTo(t + 1);
            assertThat(m.rowsComputedAt(softmax.index() - 1)).isEqualTo(t);
        }
        assertThat(maps.rollout(m)).as("no rollout across two sequences").isEmpty();
    }

    @Test
    void luongDotAttentionIsADotScore() {
        AttentionMap m = AttentionMaps.of(record("seq2seq-lstm-dot").trace()).maps().get(0);
        assertThat(m.score()).isEqualTo(Score.DOT);
        assertThat(m.kind()).isEqualTo(Kind.CROSS);
        assertRowsSumToOne(m);
    }

    @Test
    void recurrentModelsHaveNoAttention() {
        assertThat(AttentionMaps.of(Models.lstm(5).trace()).isEmpty()).isTrue();
    }

    @Test
    void meanAndRolloutFollowTheirDefinitions() {
        AttentionMaps maps = AttentionMaps.of(record("transformer-seq2seq").trace());
        AttentionMap l0 = maps.maps().get(0);
        AttentionMap l1 = maps.maps().get(1);
        double[][] mean = l0.meanOverHeads();
        for (int t = 0; t < T; t++) {
            for (int s = 0; s < T; s++) {
                assertThat(mean[t][s]).isCloseTo((l0.weight(0, t, s) + l0.weight(1, t, s)) / 2, within(1e-15));
            }
        }
        assertThat(maps.rolloutChain(l1)).containsExactly(l0, l1);
        assertThat(AttentionMaps.stack(l1.name())).isEqualTo("transformer/encoder/layers/*/self_attn/attn");
        assertThat(AttentionMaps.layerNumber(l1.name())).isEqualTo(1);
        double[][] r0 = maps.rollout(l0).orElseThrow();
        double[][] r1 = maps.rollout(l1).orElseThrow();
        double[][] a1 = l1.meanOverHeads();
        for (int i = 0; i < T; i++) {
            double sum = 0;
            for (int j = 0; j < T; j++) {
                assertThat(r0[i][j]).isCloseTo(0.5 * mean[i][j] + (i == j ? 0.5 : 0), within(1e-15));
                double expected = 0;
                for (int k = 0; k < T; k++) {
                    expected += (0.5 * a1[i][k] + (i == k ? 0.5 : 0)) * r0[k][j];
                }
                assertThat(r1[i][j]).isCloseTo(expected, within(1e-14));
                sum += r1[i][j];
            }
            assertThat(sum).isCloseTo(1.0, within(1e-12));
        }
        AttentionMap cross = maps.maps().get(3);
        assertThat(maps.rollout(cross)).isEmpty();
        AttentionMap decoderSelf1 = maps.maps().get(4);
        assertThat(maps.rolloutChain(decoderSelf1)).containsExactly(maps.maps().get(2), decoderSelf1);
    }
}
