package org.seqlab.nn.transformer;

import static org.seqlab.nn.transformer.TransformerEncoderLayer.activate;
import static org.seqlab.nn.transformer.TransformerEncoderLayer.residual;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Linear;
import org.seqlab.nn.Module;
import org.seqlab.nn.attention.AttentionMask;
import org.seqlab.nn.attention.MultiheadAttention;

/**
 * One decoder layer, as PyTorch's {@code nn.TransformerDecoderLayer(batch_first=True)}: masked self-attention,
 * cross-attention over the encoder's output ({@code memory}), a feed-forward block, each in a residual
 * connection with a LayerNorm.
 * <pre>
 *   post-norm:  x = norm1(x + sa(x));  x = norm2(x + mha(x, memory));  x = norm3(x + ff(x))
 *   pre-norm:   x = x + sa(norm1(x));  x = x + mha(norm2(x), memory);  x = x + ff(norm3(x))
 * </pre>
 * Parameters: {@code self_attn.*}, {@code multihead_attn.*} (the cross-attention), {@code linear1.*},
 * {@code linear2.*}, {@code norm1.*}, {@code norm2.*}, {@code norm3.*}. Trace labels: {@code self_attn/...},
 * {@code residual1}, {@code multihead_attn/...}, {@code residual2}, {@code linear1}, {@code relu}/{@code gelu},
 * {@code linear2}, {@code residual3}, {@code norm1..3}.
 */
public final class TransformerDecoderLayer extends Module {
    private final TransformerConfig config;
    private final MultiheadAttention selfAttn;
    private final MultiheadAttention crossAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final LayerNorm norm3;
    private final Dropout dropout1;
    private final Dropout dropout2;
    private final Dropout dropout3;

    public TransformerDecoderLayer(TransformerConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.config = config;
        long e = config.dModel();
        this.selfAttn = child("self_attn", new MultiheadAttention(e, config.nHead(), config.dropout(), dtype, rng));
        this.crossAttn = child("multihead_attn",
                new MultiheadAttention(e, config.nHead(), config.dropout(), dtype, rng));
        this.linear1 = child("linear1", new Linear(e, config.dimFeedforward(), true, dtype, rng));
        this.dropout = child("dropout", new Dropout(config.dropout(), rng.nextLong(), dtype));
        this.linear2 = child("linear2", new Linear(config.dimFeedforward(), e, true, dtype, rng));
        this.norm1 = child("norm1", new LayerNorm(e, config.layerNormEps(), dtype));
        this.norm2 = child("norm2", new LayerNorm(e, config.layerNormEps(), dtype));
        this.norm3 = child("norm3", new LayerNorm(e, config.layerNormEps(), dtype));
        this.dropout1 = child("dropout1", new Dropout(config.dropout(), rng.nextLong(), dtype));
        this.dropout2 = child("dropout2", new Dropout(config.dropout(), rng.nextLong(), dtype));
        this.dropout3 = child("dropout3", new Dropout(config.dropout(), rng.nextLong(), dtype));
    }

    public TransformerConfig config() {
        return config;
    }

    public MultiheadAttention selfAttention() {
        return selfAttn;
    }

    public MultiheadAttention crossAttention() {
        return crossAttn;
    }

    /**
     * {@code tgt (B, T, E)} attending to itself under {@code tgtMask} (usually causal, with the target's
     * padding) and to {@code memory (B, S, E)} under {@code memoryMask} (usually the source's key padding).
     */
    public Tensor forward(Tensor tgt, Tensor memory, AttentionMask tgtMask, AttentionMask memoryMask) {
        try (Scope s = enter()) {
            Tensor x = tgt;
            if (config.normFirst()) {
                x = residual("residual1", x, selfAttentionBlock(norm1.forward(x), tgtMask));
                x = residual("residual2", x, crossAttentionBlock(norm2.forward(x), memory, memoryMask));
                x = residual("residual3", x, feedForwardBlock(norm3.forward(x)));
            } else {
                x = norm1.forward(residual("residual1", x, selfAttentionBlock(x, tgtMask)));
                x = norm2.forward(residual("residual2", x, crossAttentionBlock(x, memory, memoryMask)));
                x = norm3.forward(residual("residual3", x, feedForwardBlock(x)));
            }
            return x;
        }
    }

    private Tensor selfAttentionBlock(Tensor x, AttentionMask mask) {
        return dropout1.forward(selfAttn.forward(x, mask).output());
    }

    private Tensor crossAttentionBlock(Tensor x, Tensor memory, AttentionMask mask) {
        return dropout2.forward(crossAttn.forward(x, memory, memory, mask).output());
    }

    private Tensor feedForwardBlock(Tensor x) {
        Tensor h = activate(linear1.forward(x), config.activation());
        return dropout3.forward(linear2.forward(dropout.forward(h)));
    }
}
