package org.seqlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.model.graph.Flow;
import org.seqlab.train.TeacherForcing;

class LessonPartsTest {

    @Test
    void batchesSeeEveryExampleOncePerEpochAndDependOnlyOnSeedAndStep() {
        int n = 10;
        int[] seen = new int[n];
        for (long step = 1; step <= 5; step++) {          // 5 steps of 4 = 2 epochs
            for (int i : LessonData.pick(n, 4, 3, step)) {
                seen[i]++;
            }
        }
        assertThat(seen).containsOnly(2);
        assertThat(LessonData.pick(n, 4, 3, 7)).containsExactly(LessonData.pick(n, 4, 3, 7));
        assertThat(LessonData.pick(1000, 8, 3, 1)).isNotEqualTo(LessonData.pick(1000, 8, 4, 1));
        assertThatThrownBy(() -> LessonData.pick(0, 4, 1, 1)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("no training examples");
    }

    @Test
    void paddingGivesIdsAMaskAndIgnoredTargets() {
        List<int[]> seqs = List.of(new int[] {5, 6, 7}, new int[] {8});
        Flow f = LessonData.tokens(seqs, new int[] {0, 1}, 0, DType.FLOAT32);
        assertThat(f.value().toLongArray()).containsExactly(5, 6, 7, 8, 0, 0);
        assertThat(f.mask().toDoubleArray()).containsExactly(1, 1, 1, 1, 0, 0);
        assertThat(LessonData.targets(seqs, new int[] {1, 0}).value().toLongArray())
                .containsExactly(8, -100, -100, 5, 6, 7);
        // equal lengths: no mask, so the fast unmasked paths run
        assertThat(LessonData.tokens(seqs, new int[] {0, 0}, 0, DType.FLOAT32).mask()).isNull();
    }

    @Test
    void variantsParseOverTheDefaultsAndNameTheirMistakes() {
        Map<String, String> settings = Map.of("cell", "rnn (rnn, lstm or gru)", "length", "16 (bits)");
        Variant v = Variant.parse("01", "length=20", settings);
        assertThat(v.choice("cell", "rnn", "lstm", "gru")).isEqualTo("rnn");
        assertThat(v.integer("length", 1, 100)).isEqualTo(20);
        assertThatThrownBy(() -> Variant.parse("01", "size=3", settings)).hasMessageContaining("no setting 'size'")
                .hasMessageContaining("cell (default rnn");
        assertThatThrownBy(() -> Variant.parse("01", "length", settings)).hasMessageContaining("not key=value");
        assertThatThrownBy(() -> Variant.parse("01", "length=x", settings).integer("length", 1, 100))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> Variant.parse("01", "cell=tcn", settings).choice("cell", "rnn", "lstm"))
                .hasMessageContaining("one of rnn, lstm");
    }

    @Test
    void scheduledSamplingFallsToOneHalfAtTheEndOfTheRun() {
        for (String kind : List.of("linear", "exponential", "inverse_sigmoid")) {
            TeacherForcing t = Seq2Seq.forcing(kind, 1, 3000);
            assertThat(t.ratio(1)).as(kind).isGreaterThan(0.95);
            assertThat(t.ratio(3000)).as(kind).isBetween(0.45, 0.55);
        }
        assertThat(Seq2Seq.forcing("none", 0.8, 3000).ratio(10)).isEqualTo(0.8);
    }

    @Test
    void everyExperimentSpeaksBothLanguagesAndFindsByShortId() {
        assertThat(Experiments.all()).hasSize(9);
        for (Experiment e : Experiments.all()) {
            assertThat(e.title().in(Locale.ENGLISH)).isNotBlank();
            assertThat(e.title().in(Locale.SIMPLIFIED_CHINESE)).isNotBlank().isNotEqualTo(e.title().en());
            assertThat(e.lesson().in(Locale.CHINA)).isNotEqualTo(e.lesson().en());
            assertThat(e.panels()).isNotEmpty();
        }
        assertThat(Experiments.get("5").id()).isEqualTo("05");
        assertThatThrownBy(() -> Experiments.get("10")).hasMessageContaining("seqlab experiments");
    }

    @Test
    void theCopyTaskDecodesTheSymbolsItReadsAndRefusesOthers() {
        Seq2Seq.SymbolIds ids = new Seq2Seq.SymbolIds(List.of("<pad>", "<s>", "2", "3", "4", "5", "6", "7", "8", "9",
                "10"));
        assertThat(ids.encode(" 3 10  2 ")).containsExactly(3, 10, 2);
        assertThat(ids.decode(new int[] {1, 3, 10, 0})).isEqualTo("3 10");
        assertThatThrownBy(() -> ids.encode("3 11")).hasMessageContaining("'11' at position 2");
        assertThat(Arrays.stream(ids.encode("")).count()).isZero();
    }
}
