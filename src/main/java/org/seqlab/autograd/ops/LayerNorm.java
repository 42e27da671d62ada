package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/**
 * Layer normalisation over the last dimension, {@code (x - mean) / sqrt(var + eps) * weight + bias}
 * (biased variance, as PyTorch). Inputs: x, or x, weight, bias.
 *
 * <p>NOTE: the backward is fused (one formula instead of the chain of mean, sub, pow, sqrt, div): it is
 * what llm.c and PyTorch use, needs only {@code xhat} and {@code rstd}, and is numerically steadier.
 */
public final class LayerNorm extends Op {
    private final double eps;
    private INDArray xhat;
    private INDArray rstd;
    private INDArray weight;
    private long c;

    public LayerNorm(double eps) {
        super("layer_norm");
        this.eps = eps;
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        INDArray x = in[0];
        if (x.rank() == 0) {
            throw shapeError("layer norm needs at least one dimension to normalise over");
        }
        if (in.length != 1 && in.length != 3) {
            throw new IllegalArgumentException("layer_norm takes x, or x, weight and bias");
        }
        c = x.size(-1);
        if (in.length == 3) {
            for (int i = 1; i < 3; i++) {
                if (in[i].rank() != 1 || in[i].size(0) != c) {
                    throw shapeError((i == 1 ? "weight" : "bias") + " must have shape (" + c
                            + ") to match the last dimension of x; found " + Shape.of(in[i].shape()));
                }
            }
            weight = in[1];
        }
        // on the (N, C) rows of x with broadcast row/column ops: no statistic is copied out to the full shape
        long[] kept = Nd.keptLast(x.shape());
        INDArray x2 = Nd.rows(x);
        INDArray mean = x2.mean(true, 1);                                           // (N, 1)
        save("mean", Nd.unrows(mean, kept));
        INDArray centered = x2.subColumnVector(mean);
        INDArray var = centered.mul(centered).mean(true, 1);
        rstd = Transforms.pow(var.addi(eps), -0.5, false);                         // (N, 1)
        save("rstd", Nd.unrows(rstd, kept));
        INDArray xhat2 = centered.muliColumnVector(rstd);
        xhat = save("xhat", Nd.unrows(xhat2, x.shape()));
        if (weight == null) {
            return xhat.dup();
        }
        return Nd.unrows(xhat2.mulRowVector(weight.reshape(1, c)).addiRowVector(in[2].reshape(1, c)), x.shape());
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        long[] shape = xhat.shape();
        INDArray g2 = Nd.rows(g);
        INDArray xhat2 = Nd.rows(xhat);
        INDArray gx = null;
        INDArray gw = null;
        INDArray gb = null;
        INDArray gxhat = weight == null ? g2 : g2.mulRowVector(weight.reshape(1, c));
        if (needsGrad(0)) {
            // dx = rstd * (gxhat - mean(gxhat) - xhat * mean(gxhat * xhat))
            INDArray m1 = gxhat.mean(true, 1);
            INDArray m2 = gxhat.mul(xhat2).mean(true, 1);
            gx = Nd.unrows(gxhat.subColumnVector(m1).subi(xhat2.mulColumnVector(m2)).muliColumnVector(rstd), shape);
        }
        if (weight != null) {
            gw = needsGrad(1) ? g2.mul(xhat2).sum(0).reshape('c', new long[] {c}) : null;
            gb = needsGrad(2) ? g2.sum(0).reshape('c', new long[] {c}) : null;
        }
        return weight == null ? new INDArray[] {gx} : new INDArray[] {gx, gw, gb};
    }
}
