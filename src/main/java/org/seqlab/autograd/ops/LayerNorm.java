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
        int last = x.rank() - 1;
        INDArray mean = save("mean", x.mean(true, last));
        INDArray centered = x.sub(Nd.expand(mean, x.shape()));
        INDArray var = centered.mul(centered).mean(true, last);
        rstd = save("rstd", Transforms.pow(var.addi(eps), -0.5, false));
        xhat = save("xhat", centered.muli(Nd.expand(rstd, x.shape())));
        if (weight == null) {
            return xhat.dup();
        }
        return xhat.mul(Nd.expand(weight, x.shape())).addi(Nd.expand(in[2], x.shape()));
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        long[] shape = xhat.shape();
        int last = shape.length - 1;
        INDArray gx = null;
        INDArray gw = null;
        INDArray gb = null;
        INDArray gxhat = weight == null ? g : g.mul(Nd.expand(weight, shape));
        if (needsGrad(0)) {
            // dx = rstd * (gxhat - mean(gxhat) - xhat * mean(gxhat * xhat))
            INDArray m1 = gxhat.mean(true, last);
            INDArray m2 = gxhat.mul(xhat).mean(true, last);
            gx = gxhat.sub(Nd.expand(m1, shape)).subi(xhat.mul(Nd.expand(m2, shape)))
                    .muli(Nd.expand(rstd, shape));
        }
        if (weight != null) {
            int[] lead = Nd.allAxes(last);
            INDArray gw2 = g.mul(xhat);
            gw = needsGrad(1) ? (lead.length == 0 ? gw2 : gw2.sum(lead)).reshape('c', new long[] {c}) : null;
            gb = needsGrad(2) ? (lead.length == 0 ? g.dup() : g.sum(lead)).reshape('c', new long[] {c}) : null;
        }
        return weight == null ? new INDArray[] {gx} : new INDArray[] {gx, gw, gb};
    }
}
