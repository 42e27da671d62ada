package org.seqlab.nn;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.autograd.ops.Gelu;

/**
 * The position-wise feed-forward block of the Transformer: {@code linear2(dropout(act(linear1(x))))},
 * named as in PyTorch's {@code TransformerEncoderLayer} ({@code linear1}, {@code linear2}).
 */
public final class FeedForward extends Module {
    /** The activation between the two linear layers. */
    public enum Activation { RELU, GELU, GELU_TANH }

    private final Linear linear1;
    private final Linear linear2;
    private final Dropout dropout;
    private final Activation activation;

    public FeedForward(long dModel, long dFf, Activation activation, double dropout, DType dtype,
                       SplittableRandom rng) {
        this("linear1", "linear2", dModel, dFf, activation, dropout, dtype, rng);
    }

    /** With other child names (nanoGPT's MLP calls them {@code c_fc} and {@code c_proj}). */
    public FeedForward(String firstName, String secondName, long dModel, long dFf, Activation activation,
                       double dropout, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.activation = activation;
        this.linear1 = child(firstName, new Linear(dModel, dFf, true, dtype, rng));
        this.dropout = child("dropout", new Dropout(dropout, rng.nextLong(), dtype));
        this.linear2 = child(secondName, new Linear(dFf, dModel, true, dtype, rng));
    }

    public Tensor forward(Tensor x) {
        try (Scope s = enter()) {
            Tensor h = linear1.forward(x);
            try (Scope a = Scope.push(activation.name().toLowerCase(java.util.Locale.ROOT))) {
                switch (activation) {
                    case RELU: h = F.relu(h); break;
                    case GELU: h = F.gelu(h); break;
                    default: h = F.gelu(h, Gelu.Approximation.TANH); break;
                }
            }
            return linear2.forward(dropout.forward(h));
        }
    }
}
