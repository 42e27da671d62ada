package org.seqlab.nn.gpt;

import static org.seqlab.autograd.ops.F.add;

import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.FeedForward;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Module;

/**
 * One pre-norm Transformer block of GPT-2 / nanoGPT: {@code x = x + attn(ln_1(x)); x = x + mlp(ln_2(x))},
 * with nanoGPT's names ({@code ln_1}, {@code attn.c_attn}, {@code attn.c_proj}, {@code ln_2},
 * {@code mlp.c_fc}, {@code mlp.c_proj}) and GELU (exact, as nanoGPT's {@code nn.GELU()}).
 */
public final class GptBlock extends Module {
    private final LayerNorm ln1;
    private final CausalSelfAttention attn;
    private final LayerNorm ln2;
    private final FeedForward mlp;

    public GptBlock(GptConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.ln1 = child("ln_1", new LayerNorm(config.nEmbd(), 1e-5, dtype));
        this.attn = child("attn", new CausalSelfAttention(config, dtype, rng));
        this.ln2 = child("ln_2", new LayerNorm(config.nEmbd(), 1e-5, dtype));
        this.mlp = child("mlp", new FeedForward("c_fc", "c_proj", config.nEmbd(), 4L * config.nEmbd(),
                FeedForward.Activation.GELU, config.dropout(), dtype, rng));
    }

    /** {@code x (B, T, C)}; {@code padding (B, T)} (non-zero at padding) or null. */
    public Tensor forward(Tensor x, Tensor padding) {
        try (Scope s = enter()) {
            Tensor a = attn.forward(ln1.forward(x), padding);
            Tensor h;
            try (Scope r = Scope.push("residual_1")) {
                h = add(x, a);
            }
            Tensor m = mlp.forward(ln2.forward(h));
            try (Scope r = Scope.push("residual_2")) {
                return add(h, m);
            }
        }
    }

}
