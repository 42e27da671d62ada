package org.seqlab.data.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.SeqLabException;
import org.seqlab.data.corpus.Conll;
import org.seqlab.data.corpus.LabelledExample;
import org.seqlab.data.corpus.LabelledText;
import org.seqlab.data.corpus.ParallelText;
import org.seqlab.data.corpus.TagScheme;
import org.seqlab.data.corpus.TaggedSentence;
import org.seqlab.data.corpus.TextPair;

class SyntheticTasksTest {
    @TempDir
    Path dir;

    static Stream<SyntheticTask<?>> tasks() {
        return Stream.of(SymbolTask.copy(3, 8), SymbolTask.reverse(3, 8), SymbolTask.sort(3, 8),
                new AdditionTask(1, 4), new ParityTask(4, 12), new AddingProblem(20), BracketsTask.round(4, 12),
                new BracketsTask("()[]{}", 2, 10), ToyTranslation.standard(), ToySentiment.standard(), new ToyNer());
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void sameSeedGivesSameDataAndAnotherSeedOtherData(SyntheticTask<?> task) {
        assertThat(task.generate(50, 42)).isEqualTo(task.generate(50, 42)).hasSize(50)
                .isNotEqualTo(task.generate(50, 43));
    }

    @Test
    void copyReverseAndSortTargetsAreRight() {
        for (TextPair p : SymbolTask.copy(1, 6).generate(100, 1)) {
            assertThat(p.target()).isEqualTo(p.source());
        }
        for (TextPair p : SymbolTask.reverse(1, 6).generate(100, 1)) {
            assertThat(new StringBuilder(p.target()).reverse().toString()).isEqualTo(p.source());
        }
        SymbolTask sort = new SymbolTask(SymbolTask.Kind.SORT, "zyx", 2, 6);
        assertThat(sort.target("xzyz")).isEqualTo("zzyx");   // alphabet order, not char order
        for (TextPair p : SymbolTask.sort(1, 6).generate(100, 1)) {
            assertThat(p.target().chars().sorted().toArray()).isEqualTo(p.source().chars().sorted().toArray());
            assertThat(p.target().chars().toArray()).isSorted();
        }
    }

    @Test
    void symbolLengthsStayInTheRequestedRange() {
        List<TextPair> pairs = SymbolTask.copy(3, 5).generate(300, 9);
        assertThat(pairs).allSatisfy(p -> assertThat(p.source().length()).isBetween(3, 5));
        assertThat(pairs.stream().mapToInt(p -> p.source().length()).distinct()).containsExactlyInAnyOrder(3, 4, 5);
    }

    @Test
    void additionTargetIsTheSum() {
        for (TextPair p : new AdditionTask(1, 3).generate(200, 5)) {
            String[] ab = p.source().split("\\+");
            assertThat(ab).hasSize(2);
            assertThat(ab).allSatisfy(n -> assertThat(n).matches("0|[1-9][0-9]{0,2}"));
            assertThat(Integer.parseInt(p.target())).isEqualTo(Integer.parseInt(ab[0]) + Integer.parseInt(ab[1]));
        }
    }

    @Test
    void parityLabelCountsOnes() {
        assertThat(ParityTask.parity("10110")).isEqualTo(1);
        assertThat(ParityTask.parity("0000")).isZero();
        for (LabelledExample e : new ParityTask(1, 10).generate(200, 3)) {
            assertThat(e.text()).matches("[01]{1,10}");
            assertThat(e.label()).isEqualTo(e.text().replace("0", "").length() % 2);
        }
    }

    @Test
    void addingProblemTargetIsTheSumOfTheTwoMarkedValuesOneInEachHalf() {
        for (AddingProblem.Example e : new AddingProblem(10).generate(100, 8)) {
            int[] m = e.markers();
            double[] v = e.values();
            double sum = 0;
            int firstHalf = 0;
            int secondHalf = 0;
            for (int i = 0; i < 10; i++) {
                assertThat(v[i]).isBetween(0.0, 1.0);
                sum += m[i] * v[i];
                firstHalf += i < 5 ? m[i] : 0;
                secondHalf += i >= 5 ? m[i] : 0;
            }
            assertThat(firstHalf).isEqualTo(1);
            assertThat(secondHalf).isEqualTo(1);
            assertThat(e.target()).isEqualTo(sum);
        }
    }

    @Test
    void addingProblemFileReadsBackExactly() {
        AddingProblem task = new AddingProblem(7);
        List<AddingProblem.Example> ex = task.generate(5, 1);
        Path f = dir.resolve("adding.tsv");
        task.write(f, ex);
        assertThat(AddingProblem.read(f)).isEqualTo(ex);
    }

    @Test
    void bracketLabelsMatchAnIndependentCheckAndBothClassesOccurAtEvenLengths() {
        assertThat(BracketsTask.isBalanced("([]{})", "()[]{}")).isTrue();
        assertThat(BracketsTask.isBalanced("([)]", "()[]")).isFalse();
        assertThat(BracketsTask.isBalanced("((", "()")).isFalse();
        List<LabelledExample> ex = new BracketsTask("()[]", 2, 12).generate(400, 11);
        for (LabelledExample e : ex) {
            assertThat(e.text().length() % 2).isZero();
            assertThat(e.text().length()).isBetween(2, 12);
            assertThat(e.label()).isEqualTo(depthCheck(e.text()) ? 1 : 0);
        }
        long balanced = ex.stream().filter(e -> e.label() == 1).count();
        assertThat(balanced).isBetween(150L, 250L);
    }

    /** A second balance check (counters per kind plus a stack of kinds), independent of the task's. */
    private static boolean depthCheck(String s) {
        StringBuilder stack = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(' || c == '[') {
                stack.append(c);
            } else {
                char want = c == ')' ? '(' : '[';
                if (stack.length() == 0 || stack.charAt(stack.length() - 1) != want) {
                    return false;
                }
                stack.setLength(stack.length() - 1);
            }
        }
        return stack.length() == 0;
    }

    @Test
    void toyTranslationMovesAdjectivesAndAgrees() {
        assertThat(ToyTranslation.translate("the small cat sees a house")).isEqualTo("le chat petit voit une maison");
        assertThat(ToyTranslation.translate("some green birds like the pretty flowers"))
                .isEqualTo("des oiseaux verts aiment les fleurs jolies");
        assertThat(ToyTranslation.translate("the big house follows some dogs"))
                .isEqualTo("la maison grande suit des chiens");
        assertThatThrownBy(() -> ToyTranslation.translate("the cats sees a dog")).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("plural subject");
        List<TextPair> pairs = ToyTranslation.standard().generate(200, 4);
        assertThat(pairs).allSatisfy(p -> assertThat(p.target()).isEqualTo(ToyTranslation.translate(p.source())));
        assertThat(pairs.stream().map(TextPair::source).distinct().count()).isGreaterThan(150);
    }

    @Test
    void toySentimentLabelIsPolarityFlippedByNegation() {
        for (LabelledExample e : ToySentiment.standard().generate(300, 6)) {
            List<String> words = List.of(e.text().split(" "));
            boolean positive = words.stream().anyMatch(w -> ToySentiment.POSITIVE.contains(w)
                    || ToySentiment.POSITIVE_VERBS.contains(w)
                    || ToySentiment.POSITIVE_VERBS.stream().map(ToySentiment::past).anyMatch(w::equals));
            boolean negated = words.contains("not");
            assertThat(e.label()).as(e.text()).isEqualTo(positive != negated ? 1 : 0);
        }
    }

    @Test
    void toyNerTagsMarkExactlyTheListedNames() {
        for (TaggedSentence s : new ToyNer().generate(200, 2)) {
            List<TagScheme.Chunk> chunks = TagScheme.BIO.chunks(s.tags());
            for (TagScheme.Chunk c : chunks) {
                String name = String.join(" ", s.tokens().subList(c.start(), c.end()));
                assertThat(ToyNer.NAMES.get(c.type())).as(s.toString()).contains(name);
            }
            assertThat(chunks).isNotEmpty();
        }
    }

    @Test
    void writtenFilesReadBackThroughTheLoaders() {
        List<TextPair> pairs = new AdditionTask(1, 3).generate(20, 1);
        Path p = dir.resolve("add.tsv");
        new AdditionTask(1, 3).write(p, pairs);
        assertThat(ParallelText.read(p).pairs()).isEqualTo(pairs);

        List<LabelledExample> sentiment = ToySentiment.standard().generate(20, 1);
        Path s = dir.resolve("sentiment.tsv");
        ToySentiment.standard().write(s, sentiment);
        assertThat(LabelledText.reader().optLabels(ToySentiment.LABELS).read(s).examples()).isEqualTo(sentiment);

        List<TaggedSentence> ner = new ToyNer().generate(20, 1);
        Path n = dir.resolve("ner.txt");
        new ToyNer().generateTo(n, 20, 1);
        assertThat(Conll.read(n).sentences()).isEqualTo(ner);
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> SymbolTask.copy(5, 3)).hasMessageContaining("minimum length");
        assertThatThrownBy(() -> new AddingProblem(1)).isInstanceOf(SeqLabException.class);
        assertThatThrownBy(() -> new BracketsTask("(", 2, 4)).isInstanceOf(SeqLabException.class);
        assertThatThrownBy(() -> BracketsTask.round(3, 3)).hasMessageContaining("even length");
        assertThatThrownBy(() -> new ParityTask(1, 2).generate(-1, 0)).hasMessageContaining("negative");
    }
}
