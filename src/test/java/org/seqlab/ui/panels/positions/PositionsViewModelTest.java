package org.seqlab.ui.panels.positions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.seqlab.debug.PositionEncodings.Encoding;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.PanelFixture;
import org.seqlab.ui.panels.positions.PositionsViewModel.Figure;

class PositionsViewModelTest {

    private final PanelFixture fixture = new PanelFixture(new SameThreadTaskExecutor());
    private final PositionsViewModel vm = new PositionsViewModel(fixture.context);

    @Test
    void aRecurrentModelHasNoPositionalEncodingAndSaysSo() {
        assertThat(vm.messageProperty().get()).isEqualTo("Record a model to see its positional encoding.");
        fixture.record("char-gru-lm", "hello");
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.messageProperty().get()).startsWith("The model char-gru-lm adds no positional encoding");
        assertThat(vm.csv()).isEqualTo("encoding,kind,matrix,row,column,value\n");
    }

    @Test
    void theSeq2seqTransformerShowsItsSourceAndTargetSinusoids() {
        fixture.record("transformer-seq2seq", "hello");
        assertThat(vm.availableProperty().get()).isTrue();
        assertThat(vm.encodings()).containsExactly("src_positions", "tgt_positions");
        assertThat(vm.encodingText("src_positions")).isEqualTo("src_positions · sinusoidal, 128 positions × 32 dims");
        Figure f = vm.figureProperty().get();
        Encoding e = vm.encoding().orElseThrow();
        assertThat(f.table().rows()).isEqualTo(128);
        assertThat(f.table().cols()).isEqualTo(32);
        assertThat(f.table().value(7, 2)).isEqualTo(e.value(7, 2));
        assertThat(f.similarity().value(3, 9)).isEqualTo(e.similarity(3, 9));
        assertThat(f.similarity().colorMap().min()).isEqualTo(-1);
        assertThat(f.reading()).startsWith("Sinusoidal").contains("positions 0 to 4;");
        assertThat(f.used()).isEqualTo(5);

        vm.selectedPositionProperty().set(10);
        int most = 0;
        for (int q = 0; q < 128; q++) {
            if (q != 10 && (most == 10 || e.similarity(10, q) > e.similarity(10, most))) {
                most = q;
            }
        }
        assertThat(vm.positionNoteProperty().get()).startsWith("Position 10 is most like position " + most + " ");
    }

    @Test
    void gptShowsItsLearnedTable() {
        fixture.record("gpt-mini", "hello");
        assertThat(vm.encodings()).containsExactly("transformer/wpe");
        assertThat(vm.figureProperty().get().reading()).startsWith("Learned");
        String[] lines = vm.csv().split("\n");
        assertThat(lines).hasSize(1 + 32 * 32 + 32 * 32);
        assertThat(lines[1]).startsWith("transformer/wpe,learned,table,0,0,");
        fixture.i18n.languageProperty().set(Language.SIMPLIFIED_CHINESE);
        assertThat(vm.figureProperty().get().reading()).startsWith("可学习编码");
    }
}
