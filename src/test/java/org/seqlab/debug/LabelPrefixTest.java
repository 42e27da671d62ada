package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelPrefixTest {

    @ParameterizedTest(name = "{0} -> prefix {1}, parent {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", emptyValue = "", textBlock = """
            rnn/l0/t3/forget_gate                   | rnn/l0/t3              | rnn/l0
            lstm/l0_reverse/t1/hidden               | lstm/l0_reverse/t1     | lstm/l0_reverse
            rnn/l0/input_projection                 | rnn/l0                 | rnn
            rnn/l1/dropout                          | rnn/l1                 | rnn
            transformer/h/0/attn/heads/weights      | transformer/h/0        | transformer
            encoder/layers/1/self_attn/attn/weights | encoder/layers/1       | encoder
            decoder/t2/attention/weights            | decoder/t2             | decoder
            decoder/t2/cell/hidden                  | decoder/t2             | decoder
            crf/t3/logsumexp                        | crf/t3                 | crf
            dec/t2/layers/0/x                       | dec/t2                 | dec
            transformer/ln_f                        | transformer/ln_f       | transformer
            rnn/h_n                                 | rnn/h_n                | rnn
            loss                                    | loss                   | ''
            """)
    void prefixIsCutAfterTheDeepestTimeStepElseLayerPart(String label, String prefix, String parent) {
        assertThat(LabelPrefix.of(label)).isEqualTo(prefix);
        assertThat(LabelPrefix.parent(prefix)).isEqualTo(parent);
    }

    @Test
    void partsThatOnlyLookLikeMarkersAreNotMarkers() {
        assertThat(LabelPrefix.of("encoder/target/x")).as("'target' is not t<digits>").isEqualTo("encoder/target/x");
        assertThat(LabelPrefix.of("model/l0x/y")).isEqualTo("model/l0x/y");
        assertThat(LabelPrefix.of("model/blocks/0/y")).as("only layers/<n> and h/<n> are numbered layers")
                .isEqualTo("model/blocks/0/y");
    }

    @Test
    void underMeansTheSameOrADeeperLabelPartByPart() {
        assertThat(LabelPrefix.isUnder("rnn/l0/t1/hidden", "rnn/l0/t1")).isTrue();
        assertThat(LabelPrefix.isUnder("rnn/l0/t1", "rnn/l0/t1")).isTrue();
        assertThat(LabelPrefix.isUnder("rnn/l0/t10/hidden", "rnn/l0/t1")).as("t10 is not below t1").isFalse();
        assertThat(LabelPrefix.isUnder("rnn/l0", "rnn/l0/t1")).isFalse();
        assertThat(LabelPrefix.isUnder("anything/at/all", "")).as("the root holds every label").isTrue();
    }
}
