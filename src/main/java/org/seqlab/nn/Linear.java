package org.seqlab.nn;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.linear;
import static org.seqlab.autograd.ops.F.matmul;
import static org.seqlab.autograd.ops.F.matmulWt;
import static org.seqlab.autograd.ops.F.transpose;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;

/**
 * {@code y = x W^T + b}, PyTorch's {@code nn.Linear}: {@code weight (out, in)}, {@code bias (out)}, both
 * initialised U(-1/sqrt(in), 1/sqrt(in)) (what kaiming_uniform(a=sqrt 5) amounts to).
 */
public final class Linear extends Module {
    private final long in;
    private final long out;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(long in, long out, boolean bias, DType dtype, SplittableRandom rng) {
        super(dtype);
        if (in <= 0 || out <= 0) {
            throw new IllegalArgumentException("Linear needs positive sizes; found in=" + in + ", out=" + out);
        }
        this.in = in;
        this.out = out;
        double bound = 1.0 / Math.sqrt(in);
        this.weight = parameter("weight", uniform(rng, bound, out, in));
        this.bias = bias ? parameter("bias", uniform(rng, bound, out)) : null;
    }

    public long inFeatures() {
        return in;
    }

    public long outFeatures() {
        return out;
    }

    public Parameter weight() {
        return weight;
    }

    /** {@code x (..., in)} to {@code (..., out)}. */
    public Tensor forward(Tensor x) {
        try (Scope s = enter()) {
            // traced, the debugger shows the transpose and the product; training takes one GEMM with W as stored
            if (!Tape.tracing()) {
                // training: one GEMM with W as stored, started from the bias where there is one
                return bias == null ? matmulWt(x, weight.get()) : linear(x, weight.get(), bias.get());
            }
            // traced, the debugger shows the transpose, the product and the bias
            Tensor y = matmul(x, transpose(weight.get(), 0, 1));
            return bias == null ? y : add(y, bias.get());
        }
    }
}
