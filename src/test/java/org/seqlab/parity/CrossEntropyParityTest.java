package org.seqlab.parity;

import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;

/**
 * Cross-entropy with ignore-index and label smoothing against PyTorch's definition. SeqLab takes classes
 * last, (N,C) or (B,T,C); PyTorch takes (N,C) or (B,C,T), so the PyTorch side permutes (B,T,C) to (B,C,T).
 */
class CrossEntropyParityTest {
    private static final long IGNORE = -100;

    static Stream<Arguments> dtypesAndSmoothing() {
        return Stream.of(DType.FLOAT64, DType.FLOAT32)
                .flatMap(d -> Stream.of(0.1, 0.0).map(s -> Arguments.of(d, s)));
    }

    @ParameterizedTest(name = "{0} smoothing {1}")
    @MethodSource("dtypesAndSmoothing")
    void crossEntropyOnRowsWithIgnoredTargetsAndLabelSmoothingMatchesPyTorch(DType dtype, double smoothing) {
        long[] targets = {2, IGNORE, 0, 4, IGNORE, 1};
        Parity.of("cross_entropy (6,5) ignore_index -100 (2 of 6 ignored) label_smoothing " + smoothing)
                .input(randn(dtype, 31, 2.0, 6, 5))
                .constant(Tensor.indices(targets, 6))
                .check(x -> F.crossEntropy(x[0], x[1], IGNORE, smoothing),
                        t -> pyTorchCrossEntropy(t[0], t[1], IGNORE, smoothing));
    }

    @ParameterizedTest(name = "{0} smoothing {1}")
    @MethodSource("dtypesAndSmoothing")
    void crossEntropyOnSequenceLogitsWithIgnoredTargetsMatchesPyTorch(DType dtype, double smoothing) {
        long[] targets = {1, 3, IGNORE, 0, 4, IGNORE, IGNORE, 2};
        Parity.of("cross_entropy (2,4,5) ignore_index -100 (3 of 8 ignored) label_smoothing " + smoothing)
                .input(randn(dtype, 32, 2.0, 2, 4, 5))
                .constant(Tensor.indices(targets, 2, 4))
                .check(x -> F.crossEntropy(x[0], x[1], IGNORE, smoothing),
                        t -> pyTorchCrossEntropy(t[0].transpose(0, 2, 1), t[1], IGNORE, smoothing));
    }

    @ParameterizedTest(name = "{0} smoothing {1}")
    @MethodSource("dtypesAndSmoothing")
    void crossEntropyIgnoringThePaddingClassMatchesPyTorch(DType dtype, double smoothing) {
        // ignore_index 0 = a padding token id that is also a valid class
        long[] targets = {1, 3, 2, 0, 4, 4, 0, 0};
        Parity.of("cross_entropy (2,4,5) ignore_index 0 (3 of 8 ignored) label_smoothing " + smoothing)
                .input(randn(dtype, 33, 2.0, 2, 4, 5))
                .constant(Tensor.indices(targets, 2, 4))
                .check(x -> F.crossEntropy(x[0], x[1], 0, smoothing),
                        t -> pyTorchCrossEntropy(t[0].transpose(0, 2, 1), t[1], 0, smoothing));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void crossEntropyWithEveryTargetIgnoredGivesPyTorchsNaNLossAndZeroGradient(DType dtype) {
        // the mean over no targets is 0/0: PyTorch returns NaN and a gradient of exactly zero
        Parity.of("cross_entropy (3,5) every target ignored label_smoothing 0.1")
                .input(randn(dtype, 34, 2.0, 3, 5))
                .constant(Tensor.indices(new long[] {IGNORE, IGNORE, IGNORE}, 3))
                .check(x -> F.crossEntropy(x[0], x[1], IGNORE, 0.1),
                        t -> pyTorchCrossEntropy(t[0], t[1], IGNORE, 0.1));
    }

    /**
     * PyTorch's definition of {@code F.cross_entropy(input, target, ignore_index=i, label_smoothing=eps)}
     * with mean reduction and no class weights (ATen {@code cross_entropy_loss_label_smoothing}), composed
     * from PyTorch kernels because DJL exposes no NLL or cross-entropy kernel. Classes in dimension 1:
     * <pre>
     * logp   = log_softmax(input, 1)
     * keep   = target != i
     * nll    = -sum(gather(logp, 1, target)[keep]) / sum(keep)        # nll_loss(logp, target, ignore_index=i)
     * smooth = -sum(sum(logp, 1)[keep]) / sum(keep)                   # smooth_loss, masked_fill(ignored, 0)
     * loss   = (1 - eps) * nll + eps / C * smooth
     * </pre>
     * Ignored targets are replaced by class 0 only so that gather stays in range; their terms are then zeroed.
     */
    static NDArray pyTorchCrossEntropy(NDArray input, NDArray target, long ignoreIndex, double eps) {
        long classes = input.getShape().get(1);
        NDArray logp = input.logSoftmax(1);
        NDArray keep = target.neq(ignoreIndex);
        long kept = keep.toType(DataType.INT64, false).sum().getLong();
        NDArray safeTarget = NDArrays.where(keep, target, target.zerosLike());
        NDArray picked = logp.gather(safeTarget.expandDims(1), 1).squeeze(1);
        NDArray nll = zeroWhereIgnored(keep, picked).sum().neg();
        nll = nll.div(Parity.scalar(nll, kept));
        NDArray smooth = zeroWhereIgnored(keep, logp.sum(new int[] {1})).sum().neg();
        smooth = smooth.div(Parity.scalar(smooth, kept));
        return nll.mul(Parity.scalar(nll, 1 - eps)).add(smooth.mul(Parity.scalar(smooth, eps / classes)));
    }

    /**
     * {@code x.masked_fill(~keep, 0)} as {@code where(keep, x, 0)}: the same value and the same gradient (exactly
     * zero where ignored, even when every target is ignored and the mean divides by zero; multiplying by a 0/1
     * mask would give {@code 0 * inf = NaN} there).
     */
    private static NDArray zeroWhereIgnored(NDArray keep, NDArray x) {
        return NDArrays.where(keep, x, x.zerosLike());
    }
}
