package org.seqlab.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A step's arena: arrays made inside come out of one block that the next step reuses; outside() escapes it. */
class StepArenaTest {

    @BeforeEach
    void startWithoutABlock() {
        StepArena.freeThisThread();             // another test on this thread may have left one
    }

    @AfterEach
    void freeArena() {
        StepArena.setEnabled(true);
        StepArena.freeThisThread();
        StepArena.setChecking(false);
    }

    private static long firstArrayAddressOfAStep() {
        try (StepArena arena = StepArena.open()) {
            INDArray a = Tensor.zeros(DType.FLOAT32, 64, 256).array();
            Tensor.zeros(DType.FLOAT32, 32, 1024).array().addi(1);
            assertThat(a.isAttached()).isTrue();
            assertThat(StepArena.inside()).isTrue();
            return a.data().address();
        }
    }

    @Test
    void theStepsAfterTheFirstReuseOneBlock() {
        firstArrayAddressOfAStep();                 // learns the size
        assertThat(StepArena.inside()).isFalse();
        long block = StepArena.blockBytes();
        assertThat(block).isGreaterThanOrEqualTo(4L * (64 * 256 + 32 * 1024));
        long second = firstArrayAddressOfAStep();
        long third = firstArrayAddressOfAStep();
        assertThat(third).isEqualTo(second);
        assertThat(StepArena.blockBytes()).isEqualTo(block);
    }

    @Test
    void aStepThatNeedsMoreSpillsAndTheBlockGrows() {
        firstArrayAddressOfAStep();
        long block = StepArena.blockBytes();
        try (StepArena arena = StepArena.open()) {
            INDArray big = Tensor.zeros(DType.FLOAT32, 512, 1024).array().addi(2);
            assertThat(big.getFloat(511, 1023)).isEqualTo(2f);
        }
        try (StepArena arena = StepArena.open()) {
            Tensor.zeros(DType.FLOAT32, 4).array();
        }
        assertThat(StepArena.blockBytes()).isGreaterThan(block);
    }

    @Test
    void freeingForgetsTheBlockSoTheNextRunLearnsItsOwnSize() {
        try (StepArena arena = StepArena.open()) {
            Tensor.zeros(DType.FLOAT32, 1024, 1024).array().addi(1);
        }
        assertThat(StepArena.blockBytes()).isGreaterThanOrEqualTo(4L << 20);
        StepArena.freeThisThread();
        assertThat(StepArena.blockBytes()).isZero();
        firstArrayAddressOfAStep();
        assertThat(StepArena.blockBytes()).isLessThan(4L << 20);
    }

    @Test
    void outsideMakesArraysThatOutliveTheStep() {
        Tensor kept;
        try (StepArena arena = StepArena.open()) {
            kept = StepArena.outside(() -> Tensor.of(new double[] {1, 2, 3}, 3));
            assertThat(kept.array().isAttached()).isFalse();
            assertThat(StepArena.inside()).isTrue();
        }
        for (int i = 0; i < 3; i++) {
            firstArrayAddressOfAStep();
        }
        assertThat(kept.toDoubleArray()).containsExactly(1, 2, 3);
    }

    @Test
    void arenasDoNotNest() {
        try (StepArena arena = StepArena.open()) {
            assertThatThrownBy(StepArena::open).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already open");
        }
        assertThat(StepArena.inside()).isFalse();
    }

    @Test
    void switchedOffItMakesOrdinaryArrays() {
        StepArena.setEnabled(false);
        try (StepArena arena = StepArena.open()) {
            assertThat(StepArena.inside()).isFalse();
            assertThat(Tensor.zeros(DType.FLOAT32, 8).array().isAttached()).isFalse();
        }
    }

    /** The check the training test relies on: an array kept from an earlier step is refused by the next op. */
    @Test
    void workspaceChecksCatchAnArrayKeptFromAnEarlierStep() {
        firstArrayAddressOfAStep();
        INDArray leaked;
        try (StepArena arena = StepArena.open()) {
            leaked = Tensor.zeros(DType.FLOAT32, 16).array();
        }
        StepArena.setChecking(true);
        try (StepArena arena = StepArena.open()) {
            INDArray fresh = Tensor.zeros(DType.FLOAT32, 16).array();
            assertThatThrownBy(() -> fresh.add(leaked)).hasStackTraceContaining("outdated workspace pointer");
        }
    }
}
