package org.seqlab.train.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.train.metrics.EntityF1.Chunk;

class MetricsTest {

    @Test
    void accuracyLeavesIgnoredTargetsOutAndPerplexityIsExpOfMeanNll() {
        assertThat(Accuracy.of(new long[] {1, 2, 3, 4}, new long[] {1, 0, 3, -100}, -100)).isCloseTo(2.0 / 3,
                within(1e-15));
        assertThat(Accuracy.of(new long[] {1}, new long[] {-100}, -100)).isNaN();
        assertThat(Accuracy.perplexity(Math.log(4) * 10, 10)).isCloseTo(4, within(1e-12));
    }

    @Test
    void seqevalsReadmeExampleScoresF1OneHalf() {
        List<List<String>> gold = List.of(List.of("O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"),
                List.of("B-PER", "I-PER", "O"));
        List<List<String>> pred = List.of(List.of("O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O"),
                List.of("B-PER", "I-PER", "O"));
        EntityF1.Result r = EntityF1.score(gold, pred);
        assertThat(r.overall().f1()).isCloseTo(0.5, within(1e-15));
        assertThat(r.overall().precision()).isCloseTo(0.5, within(1e-15));
        assertThat(r.byType().get("PER").f1()).isEqualTo(1.0);
        assertThat(r.byType().get("MISC").f1()).isZero();
    }

    @Test
    void chunksAreReadAsConllevalReadsThem() {
        // an I- after O starts a chunk; a type change starts one; B- after I- of the same type starts one
        assertThat(EntityF1.chunks(List.of("O", "I-PER", "I-PER", "I-LOC", "B-LOC", "O"))).containsExactly(
                new Chunk("PER", 1, 3), new Chunk("LOC", 3, 4), new Chunk("LOC", 4, 5));
        // IOBES singletons and ends
        assertThat(EntityF1.chunks(List.of("S-ORG", "B-PER", "E-PER", "S-PER"))).containsExactly(
                new Chunk("ORG", 0, 1), new Chunk("PER", 1, 3), new Chunk("PER", 3, 4));
        // IOB1: I- throughout, B- between two chunks of one type
        assertThat(EntityF1.chunks(List.of("I-LOC", "I-LOC", "B-LOC", "O"))).containsExactly(
                new Chunk("LOC", 0, 2), new Chunk("LOC", 2, 3));
        EntityF1.Result none = EntityF1.score(List.of(List.of("B-PER")), List.of(List.of("O")));
        assertThat(none.overall().f1()).isZero();
        assertThat(none.overall().recall()).isZero();
        EntityF1.Result wrongType = EntityF1.score(List.of(List.of("B-PER", "I-PER")), List.of(List.of("B-ORG",
                "I-ORG")));
        assertThat(wrongType.overall().correct()).isZero();
        assertThat(wrongType.overall().predicted()).isEqualTo(1);
    }

    @Test
    void bleuMatchesSacrebleusReadmeExample() {
        List<String> sys = List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
        List<List<String>> refs = List.of(
                List.of("The dog bit the man.", "It was not unexpected.", "The man bit him first."),
                List.of("The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."));
        Bleu.Score s = Bleu.corpus(sys, refs);
        assertThat(s.toString()).isEqualTo(
                "BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17 ref_len = 18)");
    }

    @Test
    void bleuOfIdenticalTextIsOneHundredAndSmoothingAndBrevityWork() {
        assertThat(Bleu.corpus(List.of("a b c d e"), List.of(List.of("a b c d e"))).score()).isCloseTo(100,
                within(1e-9));
        // no 3- or 4-gram match: exp smoothing gives 100/(2·3) and 100/(4·2)
        Bleu.Score s = Bleu.corpus(List.of("a b x c d"), List.of(List.of("a b y c d")));
        assertThat(s.precisions()[2]).isCloseTo(100.0 / (2 * 3), within(1e-12));
        assertThat(s.precisions()[3]).isCloseTo(100.0 / (4 * 2), within(1e-12));
        Bleu.Score shortHyp = Bleu.corpus(List.of("a b c"), List.of(List.of("a b c d e f")));
        assertThat(shortHyp.brevityPenalty()).isCloseTo(Math.exp(1 - 6.0 / 3), within(1e-12));
        // the apostrophe (0x27) is outside 13a's punctuation ranges, so "It's" stays one token
        assertThat(Bleu.tokenize13a("Hello, world! It's 3.5-4.")).isEqualTo("Hello , world ! It's 3.5 - 4 .");
    }
}
