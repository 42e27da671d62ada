package org.seqlab.parity;

import static org.seqlab.autograd.ops.F.matmul;
import static org.seqlab.parity.Parity.randn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.seqlab.autograd.DType;

/** matmul against {@code torch.matmul}: chains, batches, and broadcast batch dimensions. */
class MatMulParityTest {

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void chainOfThreeMatrixProductsMatchesPyTorch(DType dtype) {
        // ((A B) C) D: (4,5) x (5,6) x (6,3) x (3,2)
        Parity.of("matmul chain (4,5)(5,6)(6,3)(3,2)")
                .input(randn(dtype, 1, 1.0, 4, 5))
                .input(randn(dtype, 2, 1 / Math.sqrt(5), 5, 6))
                .input(randn(dtype, 3, 1 / Math.sqrt(6), 6, 3))
                .input(randn(dtype, 4, 1 / Math.sqrt(3), 3, 2))
                .check(x -> matmul(matmul(matmul(x[0], x[1]), x[2]), x[3]),
                        t -> t[0].matMul(t[1]).matMul(t[2]).matMul(t[3]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void batched3dTimesSharedWeightMatchesPyTorch(DType dtype) {
        // (B,T,C) x (C,H): the weight broadcasts over the batch and its gradient sums over it
        Parity.of("matmul (2,3,4) x (4,5)")
                .input(randn(dtype, 5, 1.0, 2, 3, 4))
                .input(randn(dtype, 6, 0.5, 4, 5))
                .check(x -> matmul(x[0], x[1]), t -> t[0].matMul(t[1]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void batched3dTimesBatched3dMatchesPyTorch(DType dtype) {
        Parity.of("matmul (2,3,4) x (2,4,5)")
                .input(randn(dtype, 7, 1.0, 2, 3, 4))
                .input(randn(dtype, 8, 0.5, 2, 4, 5))
                .check(x -> matmul(x[0], x[1]), t -> t[0].matMul(t[1]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void batched4dTimesSharedWeightMatchesPyTorch(DType dtype) {
        Parity.of("matmul (2,3,4,5) x (5,6)")
                .input(randn(dtype, 9, 1.0, 2, 3, 4, 5))
                .input(randn(dtype, 10, 1 / Math.sqrt(5), 5, 6))
                .check(x -> matmul(x[0], x[1]), t -> t[0].matMul(t[1]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void batched4dWithBroadcastBatchDimensionsMatchesPyTorch(DType dtype) {
        // batch dims (2,1) and (3) broadcast to (2,3); both gradients sum back over the broadcast
        Parity.of("matmul (2,1,4,5) x (3,5,6)")
                .input(randn(dtype, 11, 1.0, 2, 1, 4, 5))
                .input(randn(dtype, 12, 1 / Math.sqrt(5), 3, 5, 6))
                .check(x -> matmul(x[0], x[1]), t -> t[0].matMul(t[1]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void matrixTimesBatchBroadcastsTheMatrixOverTheBatchLikePyTorch(DType dtype) {
        // (m,k) x (B,k,n): the left operand is shared by every batch entry
        Parity.of("matmul (4,5) x (2,5,6)")
                .input(randn(dtype, 13, 1.0, 4, 5))
                .input(randn(dtype, 14, 1 / Math.sqrt(5), 2, 5, 6))
                .check(x -> matmul(x[0], x[1]), t -> t[0].matMul(t[1]));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void batched4dTimesBatched3dBroadcastsTheMissingLeadingDimensionLikePyTorch(DType dtype) {
        Parity.of("matmul (2,3,4,5) x (3,5,6)")
                .input(randn(dtype, 15, 1.0, 2, 3, 4, 5))
                .input(randn(dtype, 16, 1 / Math.sqrt(5), 3, 5, 6))
                .check(x -> matmul(x[0], x[1]), t -> t[0].matMul(t[1]));
    }
}
