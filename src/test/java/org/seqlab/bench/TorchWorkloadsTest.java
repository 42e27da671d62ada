package org.seqlab.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The PyTorch side of the side-by-side benchmark trains: two Adam steps on one batch lower its loss. */
class TorchWorkloadsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"W1, 65", "W2, 65", "W3, 1000"})
    void twoAdamStepsOnOneBatchLowerTheLossFromAboutLnVocabulary(String id, int vocab) {
        try (TorchWorkloads.Run w = TorchWorkloads.create(id, 7, true)) {
            double before = w.step();
            double after = w.step();

            assertThat(w.id()).isEqualTo(id);
            assertThat(before).as("%s initial loss, about ln %d", id, vocab).isFinite()
                    .isCloseTo(Math.log(vocab), within(1.5));
            assertThat(after).as("%s loss after one Adam step on the same batch", id).isFinite().isLessThan(before);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"W1, 2048", "W2, 768", "W3, 640"})
    void freshBatchesTrainWithFiniteLossAndCountTheirTokens(String id, long tokens) {
        try (TorchWorkloads.Run w = TorchWorkloads.create(id, 7)) {
            double first = w.step();
            double second = w.step();

            assertThat(w.tokensPerStep()).isEqualTo(tokens);
            assertThat(first).isFinite();
            assertThat(second).isFinite().isNotEqualTo(first);
        }
    }
}
