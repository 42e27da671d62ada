package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.PositionEncodings.Encoding;
import org.seqlab.debug.PositionEncodings.Kind;
import org.seqlab.model.graph.Flow;

class PositionEncodingsTest {

    private static final int T = 9;

    private static Recording record(String template) {
        Map<String, Flow> inputs = Map.of(Models.compile(template).graph().inputs().get(0).name(),
                Flow.of(Tensor.indices(Models.ids(T), 1, T)));
        return Recorder.record(Models.compile(template), inputs, false);
    }

    @Test
    void theTransformersSourceAndTargetEncodingsAreVaswanisSinusoid() {
        Recording r = record("transformer-seq2seq");
        PositionEncodings pe = PositionEncodings.of(r);
        assertThat(pe.encodings()).extracting(Encoding::name).containsExactly("src_positions", "tgt_positions");
        Encoding src = pe.encodings().get(0);
        assertThat(src.kind()).isEqualTo(Kind.SINUSOIDAL);
        assertThat(src.parameter()).isNull();
        assertThat(src.dim()).isEqualTo(32);
        assertThat(src.used()).isEqualTo(T);
        assertThat(src.positions()).isEqualTo(Math.min(src.maxLength(), PositionEncodings.MAX_POSITIONS));
        // PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...)
        assertThat(src.value(3, 4)).isCloseTo(Math.sin(3 / Math.pow(10000, 4.0 / 32)), within(1e-15));
        assertThat(src.value(3, 5)).isCloseTo(Math.cos(3 / Math.pow(10000, 4.0 / 32)), within(1e-15));
        assertThat(src.value(0, 1)).isEqualTo(1.0);
        TraceEvent event = Models.first(r.trace(), Phase.FORWARD, "src_positions/pe");
        double[] recorded = event.value().toDoubleArray();
        for (int i = 0; i < recorded.length; i++) {
            assertThat(src.value(i / 32, i % 32)).isCloseTo(recorded[i], within(1e-12));
        }
        assertThat(src.eventIndex()).isEqualTo(event.index());
    }

    @Test
    void gptAndBertPositionsAreTheirLearnedTables() {
        Recording gpt = record("gpt-mini");
        Encoding wpe = PositionEncodings.of(gpt).encodings().get(0);
        assertThat(wpe.name()).isEqualTo("transformer/wpe");
        assertThat(wpe.kind()).isEqualTo(Kind.LEARNED);
        assertThat(wpe.parameter()).isEqualTo("transformer.wpe.weight");
        double[] weight = gpt.parameters().get("transformer.wpe.weight").toDoubleArray();
        assertThat(wpe.positions()).isEqualTo(32);
        for (int i = 0; i < wpe.positions() * wpe.dim(); i++) {
            assertThat(wpe.table()[i]).isEqualTo(weight[i]);
        }
        Encoding bert = PositionEncodings.of(record("bert-mini")).encodings().get(0);
        assertThat(bert.parameter()).isEqualTo("bert.embeddings.position_embeddings.weight");
        assertThat(bert.kind()).isEqualTo(Kind.LEARNED);
    }

    @Test
    void theSimilarityIsTheCosineOfTwoPositions() {
        Encoding src = PositionEncodings.of(record("transformer-seq2seq")).encodings().get(0);
        for (int i : new int[] {0, 5, 40}) {
            assertThat(src.similarity(i, i)).isCloseTo(1, within(1e-12));
        }
        double dot = 0;
        double n2 = 0;
        double n7 = 0;
        for (int d = 0; d < src.dim(); d++) {
            dot += src.value(2, d) * src.value(7, d);
            n2 += src.value(2, d) * src.value(2, d);
            n7 += src.value(7, d) * src.value(7, d);
        }
        assertThat(src.similarity(2, 7)).isCloseTo(dot / Math.sqrt(n2 * n7), within(1e-12));
        assertThat(src.similarity(7, 2)).isEqualTo(src.similarity(2, 7));
        assertThat(src.similarity(10, 11)).as("nearby positions are more alike than far ones")
                .isGreaterThan(src.similarity(10, 60));
        double[] zeros = PositionEncodings.cosineSimilarity(new double[] {0, 0, 1, 0}, 2, 2);
        assertThat(zeros).containsExactly(0, 0, 0, 1);
    }

    @Test
    void recurrentModelsHaveNone() {
        assertThat(PositionEncodings.of(Models.lstm(4)).isEmpty()).isTrue();
    }
}
