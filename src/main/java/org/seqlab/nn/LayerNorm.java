package org.seqlab.nn;

import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;

/** PyTorch's {@code nn.LayerNorm(dim)} over the last dimension: {@code weight} ones, {@code bias} zeros. */
public final class LayerNorm extends Module {
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(long dim, double eps, DType dtype) {
        super(dtype);
        this.eps = eps;
        this.weight = parameter("weight", ones(dim));
        this.bias = parameter("bias", zeros(dim));
    }

    public LayerNorm(long dim, DType dtype) {
        this(dim, 1e-5, dtype);
    }

    public Tensor forward(Tensor x) {
        try (Scope s = enter()) {
            return F.layerNorm(x, weight.get(), bias.get(), eps);
        }
    }
}
