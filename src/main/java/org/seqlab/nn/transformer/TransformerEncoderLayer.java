package org.seqlab.nn.transformer;

import static org.seqlab.autograd.ops.F.add;

import java.util.Locale;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.autograd.ops.Gelu;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.FeedForward;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Linear;
import org.seqlab.nn.Module;
import org.seqlab.nn.attention.AttentionMask;
import org.seqlab.nn.attention.MultiheadAttention;

/**
 * One encoder layer, as PyTorch's {@code nn.TransformerEncoderLayer(batch_first=True)}: self-attention then a
 * position-wise feed-forward block, each wrapped in a residual connection and a LayerNorm.
 * <pre>
 *   post-norm (the paper):  x = norm1(x + sa(x));        x = norm2(x + ff(x))
 *   pre-norm (norm_first):  x = x + sa(norm1(x));        x = x + ff(norm2(x))
 *   sa(x) = dropout1(self_attn(x, x, x));  ff(x) = dropout2(linear2(dropout(act(linear1(x)))))
 * </pre>
 * Parameters: {@code self_attn.*}, {@code linear1.*}, {@code linear2.*}, {@code norm1.*}, {@code norm2.*}.
 * Trace labels under the layer's scope: {@code self_attn/...}, {@code residual1}, {@code norm1},
 * {@code linear1}, {@code relu}/{@code gelu}, {@code linear2}, {@code residual2}, {@code norm2}.
 */
public final class TransformerEncoderLayer extends Module {
    private final TransformerConfig config;
    private final MultiheadAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout dropout1;
    private final Dropout dropout2;

    public TransformerEncoderLayer(TransformerConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.config = config;
        long e = config.dModel();
        this.selfAttn = child("self_attn", new MultiheadAttention(e, config.nHead(), config.dropout(), dtype, rng));
        this.linear1 = child("linear1", new Linear(e, config.dimFeedforward(), true, dtype, rng));
        this.dropout = child("dropout", new Dropout(config.dropout(), rng.nextLong(), dtype));
        this.linear2 = child("linear2", new Linear(config.dimFeedforward(), e, true, dtype, rng));
        this.norm1 = child("norm1", new LayerNorm(e, config.layerNormEps(), dtype));
        this.norm2 = child("norm2", new LayerNorm(e, config.layerNormEps(), dtype));
        this.dropout1 = child("dropout1", new Dropout(config.dropout(), rng.nextLong(), dtype));
        this.dropout2 = child("dropout2", new Dropout(config.dropout(), rng.nextLong(), dtype));
    }

    public TransformerConfig config() {
        return config;
    }

    public MultiheadAttention selfAttention() {
        return selfAttn;
    }

    /** {@code src (B, S, E)} to {@code (B, S, E)}; {@code mask}: causal, key padding and user masks of the self-attention. */
    public Tensor forward(Tensor src, AttentionMask mask) {
        try (Scope s = enter()) {
            Tensor x = src;
            if (config.normFirst()) {
                x = residual("residual1", x, selfAttentionBlock(norm1.forward(x), mask));
                x = residual("residual2", x, feedForwardBlock(norm2.forward(x)));
            } else {
                x = norm1.forward(residual("residual1", x, selfAttentionBlock(x, mask)));
                x = norm2.forward(residual("residual2", x, feedForwardBlock(x)));
            }
            return x;
        }
    }

    public Tensor forward(Tensor src) {
        return forward(src, AttentionMask.none());
    }

    private Tensor selfAttentionBlock(Tensor x, AttentionMask mask) {
        return dropout1.forward(selfAttn.forward(x, mask).output());
    }

    private Tensor feedForwardBlock(Tensor x) {
        Tensor h = activate(linear1.forward(x), config.activation());
        return dropout2.forward(linear2.forward(dropout.forward(h)));
    }

    static Tensor residual(String label, Tensor x, Tensor fx) {
        try (Scope s = Scope.push(label)) {
            return add(x, fx);
        }
    }

    static Tensor activate(Tensor h, FeedForward.Activation activation) {
        try (Scope s = Scope.push(activation.name().toLowerCase(Locale.ROOT))) {
            switch (activation) {
                case RELU: return F.relu(h);
                case GELU: return F.gelu(h);
                default: return F.gelu(h, Gelu.Approximation.TANH);
            }
        }
    }
}
