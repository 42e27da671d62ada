package org.seqlab.ui.panels.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.AttentionMaps.AttentionMap;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.PanelFixture;
import org.seqlab.ui.panels.attention.AttentionViewModel.BreakdownRow;
import org.seqlab.ui.panels.attention.AttentionViewModel.Figure;
import org.seqlab.ui.panels.attention.AttentionViewModel.View;
import org.seqlab.ui.viz.HeatmapData;

class AttentionViewModelTest {

    private final PanelFixture fixture = new PanelFixture(new SameThreadTaskExecutor());
    private final AttentionViewModel vm = new AttentionViewModel(fixture.context);

    @Test
    void beforeARecordingAndOnAModelWithoutAttentionItSaysSo() {
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).isEqualTo("Record a model to see its attention.");
        assertThat(vm.csv()).isEmpty();
        fixture.record("char-lstm-lm", "hello");
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).startsWith("The model char-lstm-lm has no attention.");
        assertThat(vm.figureProperty().get()).isNull();
    }

    @Test
    void aTransformerShowsEveryModuleWithTokenLabelsAndItsKind() {
        fixture.record("transformer-seq2seq", "hello");
        assertThat(vm.availableProperty().get()).isTrue();
        assertThat(vm.maps()).hasSize(6);
        assertThat(vm.mapText(vm.maps().get(2))).isEqualTo("decoder/0/self_attn · causal, 2 heads");
        assertThat(vm.views()).containsExactly(View.head(0), View.head(1), new View(View.Kind.MEAN, -1),
                new View(View.Kind.ROLLOUT, -1));
        Figure f = vm.figureProperty().get();
        assertThat(f.name()).isEqualTo("transformer/encoder/layers/0/self_attn/attn");
        assertThat(f.heatmap().rowLabel(0)).isEqualTo("h");
        assertThat(f.heatmap().columnLabel(4)).isEqualTo("o");
        assertThat(f.kindText()).startsWith("Self-attention");

        vm.selectedMapProperty().set(vm.maps().get(2));
        f = vm.figureProperty().get();
        assertThat(f.kindText()).startsWith("Causal self-attention");
        assertThat(f.heatmap().hasMask()).isTrue();
        assertThat(f.heatmap().isMasked(0, 1)).isTrue();
        assertThat(f.heatmap().isMasked(1, 0)).isFalse();
        // the decoder's queries are its input: <bos> then the target (a copy of the input) shifted right
        assertThat(f.heatmap().rowLabel(1)).isEqualTo("h");
        assertThat(f.heatmap().rowLabel(0)).isNotEqualTo("h");

        vm.selectedMapProperty().set(vm.maps().get(3));
        f = vm.figureProperty().get();
        assertThat(f.kindText()).startsWith("Cross-attention");
        assertThat(f.heatmap().rowLabel(1)).isEqualTo("h");
        assertThat(f.heatmap().columnLabel(0)).isEqualTo("h");
        assertThat(vm.views()).as("no rollout across two sequences").doesNotContain(new View(View.Kind.ROLLOUT, -1));
    }

    @Test
    void theHeatmapIsTheChosenHeadAndTheBreakdownItsStages() {
        fixture.record("gpt-mini", "hello world");
        fixture.seek(Phase.BACKWARD, "transformer/h/0/attn/heads/weights");   // the whole forward pass has run
        vm.selectedMapProperty().set("transformer/h/0/attn/heads");
        AttentionMap m = vm.map().orElseThrow();
        vm.selectedViewProperty().set(View.head(1));
        vm.selectedQueryProperty().set(3);
        HeatmapData d = vm.figureProperty().get().heatmap();
        double[][] head = m.head(1);
        for (int t = 0; t < m.queries(); t++) {
            double sum = 0;
            for (int s = 0; s < m.keys(); s++) {
                assertThat(d.value(t, s)).isEqualTo(head[t][s]);
                sum += d.value(t, s);
            }
            assertThat(sum).isCloseTo(1, within(1e-6));
        }
        List<BreakdownRow> rows = vm.breakdownProperty().get();
        assertThat(rows).hasSize(11);
        assertThat(rows.get(2).token()).isEqualTo("l");
        assertThat(rows.get(2).masked()).isFalse();
        assertThat(rows.get(4).masked()).as("a key after query 3").isTrue();
        assertThat(rows.get(4).maskedScore()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(rows.get(4).weight()).isZero();
        assertThat(rows.get(2).scaled()).isCloseTo(rows.get(2).score() / Math.sqrt(16), within(1e-5));
        assertThat(rows.get(2).weight()).isEqualTo(m.weight(1, 3, 2));
        assertThat(vm.breakdownTitleProperty().get()).isEqualTo(
                "Query “l” (position 3), head 1: softmax(q·k / √d + mask)");
        assertThat(vm.hasScaledStage()).isTrue();
        assertThat(vm.hasMaskedStage()).isTrue();

        vm.selectedViewProperty().set(new View(View.Kind.MEAN, -1));
        assertThat(vm.breakdownProperty().get()).isEmpty();
        assertThat(vm.breakdownTitleProperty().get()).startsWith("The breakdown is per head");
        double[][] mean = m.meanOverHeads();
        assertThat(vm.figureProperty().get().heatmap().value(5, 2)).isEqualTo(mean[5][2]);
    }

    @Test
    void itFillsInAsTheCursorReachesEachModuleAndOpensTheModuleTheCursorIsIn() {
        fixture.record("transformer-seq2seq", "hello");
        assertThat(vm.figureProperty().get().visibleRows()).as("at event 0 nothing is computed").isZero();
        assertThat(vm.thumbnailsProperty().get()).hasSize(6);
        assertThat(vm.thumbnailsProperty().get().get(0).thumbnails()).hasSize(3);
        assertThat(vm.thumbnailsProperty().get().get(0).thumbnails().get(0).visibleRows()).isZero();

        TraceEvent scores = fixture.seek("transformer/decoder/layers/0/self_attn/attn/scores");
        assertThat(vm.selectedMapProperty().get()).isEqualTo("transformer/decoder/layers/0/self_attn/attn");
        assertThat(vm.figureProperty().get().visibleRows()).isZero();
        assertThat(vm.kindLine(vm.figureProperty().get())).contains("0 of 5 query rows");
        assertThat(vm.breakdownTitleProperty().get()).contains("not computed yet");
        assertThat(vm.thumbnailsProperty().get().get(0).thumbnails().get(0).visibleRows())
                .as("the encoder ran before").isEqualTo(-1);

        fixture.seek("transformer/decoder/layers/0/self_attn/attn/weights");
        assertThat(vm.figureProperty().get().visibleRows()).isEqualTo(-1);
        assertThat(vm.breakdownProperty().get()).hasSize(5);
        assertThat(scores.index()).isLessThan(fixture.session.get().cursor().position());

        fixture.seek(Phase.BACKWARD, "transformer/decoder/layers/0/self_attn/attn/weights");
        assertThat(vm.figureProperty().get().visibleRows()).isEqualTo(-1);
    }

    @Test
    void aRecurrentDecoderFillsInOneQueryRowPerStep() {
        fixture.record("seq2seq-gru-additive", "hello");
        fixture.seek("decoder/t2/attention/weights");
        assertThat(vm.selectedMapProperty().get()).isEqualTo("decoder/attention");
        assertThat(vm.figureProperty().get().visibleRows()).isEqualTo(3);
        assertThat(vm.scoreHeading()).isEqualTo("v·tanh(W q + U k)");
        assertThat(vm.hasScaledStage()).isFalse();
        vm.selectedQueryProperty().set(4);
        assertThat(vm.breakdownProperty().get()).isEmpty();
        vm.selectedQueryProperty().set(2);
        assertThat(vm.breakdownProperty().get()).hasSize(5);
        assertThat(vm.breakdownTitleProperty().get()).contains("softmax(v·tanh(W q + U k) + mask)");
    }

    @Test
    void theCsvHoldsEveryModuleHeadQueryAndKey() {
        fixture.record("transformer-seq2seq", "abc");
        String[] lines = vm.csv().split("\n");
        assertThat(lines[0]).isEqualTo(
                "module,kind,head,query,query_token,key,key_token,score,scaled,masked_score,masked,weight");
        assertThat(lines).hasSize(1 + 6 * 2 * 3 * 3);
        assertThat(lines[1]).startsWith("transformer/encoder/layers/0/self_attn/attn,self,0,0,a,0,a,");
        assertThat(vm.csv()).contains("transformer/decoder/layers/0/self_attn/attn,causal,0,0,");
        assertThat(vm.csv()).contains(",-Infinity,true,0");
    }

    @Test
    void itSpeaksChinese() {
        fixture.record("transformer-seq2seq", "abc");
        fixture.i18n.languageProperty().set(Language.SIMPLIFIED_CHINESE);
        assertThat(vm.figureProperty().get().kindText()).startsWith("自注意力");
        assertThat(vm.viewText(View.head(1))).isEqualTo("头 1");
    }
}
