package org.seqlab.nn.gpt;

import static org.seqlab.autograd.ops.F.permute;
import static org.seqlab.autograd.ops.F.reshape;
import static org.seqlab.autograd.ops.F.split;

import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Linear;
import org.seqlab.nn.Module;
import org.seqlab.nn.attention.AttentionResult;
import org.seqlab.nn.attention.ScaledDotProductAttention;

/**
 * nanoGPT's {@code CausalSelfAttention}: {@code c_attn} projects to q, k, v at once, the heads attend
 * causally (through {@link ScaledDotProductAttention}, so scores, scaled, masked and weights are on the
 * trace under {@code attn}), and {@code c_proj} mixes the heads back.
 */
public final class CausalSelfAttention extends Module {
    private final GptConfig config;
    private final Linear cAttn;
    private final Linear cProj;
    private final ScaledDotProductAttention attention;
    private final Dropout residDropout;

    /** Whether untraced passes take the fused attention op ({@link F#packedAttention}); see {@link #useFusedAttention}. */
    private static volatile boolean fused = !"false".equals(System.getProperty("seqlab.fusedAttention"));

    /**
     * Turns the fused attention of the untraced (training) path on or off ({@code -Dseqlab.fusedAttention=false} at
     * start), for A/B benchmarks and for tests that compare both: off, the untraced path splits the heads and runs
     * scores, scale, mask, softmax and context one by one as the traced path does. On by default.
     */
    public static void useFusedAttention(boolean on) {
        fused = on;
    }

    public CausalSelfAttention(GptConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.config = config;
        this.cAttn = child("c_attn", new Linear(config.nEmbd(), 3L * config.nEmbd(), config.bias(), dtype, rng));
        this.cProj = child("c_proj", new Linear(config.nEmbd(), config.nEmbd(), config.bias(), dtype, rng));
        this.attention = child("heads", new ScaledDotProductAttention(config.dropout(), dtype, rng));
        this.residDropout = child("resid_dropout", new Dropout(config.dropout(), rng.nextLong(), dtype));
    }

    /** {@code x (B, T, C)}; {@code padding (B, T)} (non-zero at padding) or null. */
    public Tensor forward(Tensor x, Tensor padding) {
        try (Scope s = enter()) {
            long b = x.size(0);
            long t = x.size(1);
            long c = x.size(2);
            long nh = config.nHead();
            long hs = c / nh;
            Tensor packed = cAttn.forward(x);                                  // (B, T, 3C)
            if (fused && padding == null && (config.dropout() == 0 || !isTraining()) && !Tape.tracing()) {
                // training: the heads read where they lie in c_attn's output, one op (autograd.ops.PackedAttention)
                Tensor y;
                try (Scope h = Scope.push("heads")) {
                    y = F.packedAttention(packed, (int) nh, true);                // (B, T, C)
                }
                return residDropout.forward(cProj.forward(y));
            }
            List<Tensor> qkv = split(packed, 2, c, c, c);                      // 3 x (B, T, C)
            Tensor q = heads(qkv.get(0), b, t, nh, hs);                     // (B, nh, T, hs)
            Tensor k = heads(qkv.get(1), b, t, nh, hs);
            Tensor v = heads(qkv.get(2), b, t, nh, hs);
            Tensor mask = padding == null ? F.causalMask(x.dtype(), (int) t)      // (T, T)
                    : causalAndPadding(padding, x.dtype());                         // (B, 1, T, T)
            AttentionResult r = attention.forward(q, k, v, mask);           // (B, nh, T, hs)
            Tensor y = reshape(permute(r.output(), 0, 2, 1, 3), b, t, c);   // (B, T, C)
            return residDropout.forward(cProj.forward(y));
        }
    }

    /** 1 where query i must not see key j: j > i (the future) or j is padding. A constant. */
    private static Tensor causalAndPadding(Tensor padding, DType dtype) {
        int b = (int) padding.size(0);
        int t = (int) padding.size(1);
        double[] pad = padding.toDoubleArray();
        double[] m = new double[b * t * t];
        for (int n = 0; n < b; n++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    m[(n * t + i) * t + j] = j > i || pad[n * t + j] != 0 ? 1 : 0;
                }
            }
        }
        return Tensor.of(dtype, m, b, 1, t, t);
    }

    private static Tensor heads(Tensor x, long b, long t, long nh, long hs) {
        return permute(reshape(x, b, t, nh, hs), 0, 2, 1, 3);              // (B, nh, T, hs)
    }


}
