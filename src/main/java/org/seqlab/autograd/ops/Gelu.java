package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;

/**
 * GELU, exact ({@code x Φ(x)} with the error function) or the tanh approximation of GPT-2/BERT,
 * matching PyTorch's {@code gelu(x, approximate='none' | 'tanh')}.
 */
public final class Gelu extends Op {
    /** Which GELU formula. */
    public enum Approximation { NONE, TANH }

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double K = 0.044715;

    private final Approximation approximation;
    private INDArray x;
    private INDArray cdf;   // exact: Φ(x); tanh: tanh(u)

    public Gelu(Approximation approximation) {
        super(approximation == Approximation.TANH ? "gelu_tanh" : "gelu");
        this.approximation = approximation;
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        x = in[0];
        if (approximation == Approximation.NONE) {
            // Φ(x) = 0.5 (1 + erf(x / sqrt 2))
            INDArray erf = Nd4j.getExecutioner().exec(new Erf(x.mul(INV_SQRT_2)));
            cdf = save("cdf", erf.addi(1).muli(0.5));
            return x.mul(cdf);
        }
        // u = sqrt(2/pi) (x + 0.044715 x^3); y = 0.5 x (1 + tanh u)
        INDArray u = x.mul(x).muli(K).addi(1).muli(x).muli(SQRT_2_OVER_PI);
        cdf = save("tanh_u", Transforms.tanh(u, false));
        return cdf.add(1).muli(x).muli(0.5);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        INDArray d;
        if (approximation == Approximation.NONE) {
            // d/dx = Φ(x) + x φ(x),  φ(x) = exp(-x^2/2) / sqrt(2 pi)
            INDArray pdf = Transforms.exp(x.mul(x).muli(-0.5), false).muli(INV_SQRT_2PI);
            d = pdf.muli(x).addi(cdf);
        } else {
            // d/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 + 3k x^2)
            INDArray t = cdf;
            INDArray du = x.mul(x).muli(3 * K).addi(1).muli(SQRT_2_OVER_PI);
            INDArray sech2 = t.mul(t).rsubi(1);
            d = sech2.muli(du).muli(x).muli(0.5).addi(t.add(1).muli(0.5));
        }
        return new INDArray[] {g.mul(d)};
    }
}
