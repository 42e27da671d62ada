package org.seqlab.nn.attention;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.matmul;
import static org.seqlab.autograd.ops.F.permute;
import static org.seqlab.autograd.ops.F.reshape;
import static org.seqlab.autograd.ops.F.select;
import static org.seqlab.autograd.ops.F.slice;
import static org.seqlab.autograd.ops.F.transpose;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Linear;
import org.seqlab.nn.Module;
import org.seqlab.nn.Parameter;

/**
 * Multi-head attention (Vaswani et al. 2017, §3.2.2) exactly as PyTorch's
 * {@code nn.MultiheadAttention(embed_dim, num_heads, dropout, bias, batch_first=True)}:
 * <pre>
 *   in_proj_weight (3E, E)   rows [W_q; W_k; W_v], xavier_uniform
 *   in_proj_bias   (3E)      zeros
 *   out_proj.weight (E, E)   nn.Linear's init, U(-1/sqrt(E), 1/sqrt(E))
 *   out_proj.bias   (E)      zeros
 * </pre>
 * Inputs are batch first: {@code query (B, T, E)}, {@code key}/{@code value (B, S, E)}. All heads run as one
 * batch {@code (B, nh, T, hs)} through one {@link ScaledDotProductAttention} (child {@code attn}), so its
 * events {@code .../attn/scores}, {@code scaled}, {@code masked}, {@code weights} hold every head at once.
 * Returns the output {@code (B, T, E)} and the weights of every head {@code (B, nh, T, S)}, not averaged
 * (PyTorch's {@code average_attn_weights=False}).
 *
 * <p>Trace labels under this module's scope: {@code in_proj} (the projections), {@code q}, {@code k},
 * {@code v} (split into heads), {@code attn/...}, {@code merge_heads}, {@code out_proj}.
 *
 * <p>Masks ({@link AttentionMask}) are boolean as in PyTorch (non-zero = masked; PyTorch's 0 / -inf float
 * masks read the same way). Masked scores become -inf before the softmax, so masked weights are exactly 0; a
 * query with every key masked is refused ({@link AttentionMaskException}) where PyTorch returns NaN.
 * Dropout (probability {@code dropout}) acts on the weights in training mode only.
 *
 * <p>Not supported: {@code kdim}/{@code vdim} different from {@code E}, {@code add_bias_kv},
 * {@code add_zero_attn}, additive float masks with values other than 0 and -inf, 3-D
 * {@code (B*nh, T, S)} attention masks.
 */
public final class MultiheadAttention extends Module {
    private final long embedDim;
    private final long numHeads;
    private final long headDim;
    private final Parameter inProjWeight;
    private final Parameter inProjBias;
    private final Linear outProj;
    private final ScaledDotProductAttention attention;

    /** PyTorch's defaults: {@code bias=True}. */
    public MultiheadAttention(long embedDim, long numHeads, double dropout, DType dtype, SplittableRandom rng) {
        this(embedDim, numHeads, dropout, true, dtype, rng);
    }

    public MultiheadAttention(long embedDim, long numHeads, double dropout, boolean bias, DType dtype,
                              SplittableRandom rng) {
        super(dtype);
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention: embed_dim " + embedDim + " must be a positive "
                    + "multiple of num_heads " + numHeads + " (each head gets embed_dim / num_heads features).");
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.headDim = embedDim / numHeads;
        // xavier_uniform_ on (3E, E): fan_in = E, fan_out = 3E.
        double xavier = Math.sqrt(6.0 / (embedDim + 3 * embedDim));
        this.inProjWeight = parameter("in_proj_weight", uniform(rng, xavier, 3 * embedDim, embedDim));
        this.inProjBias = bias ? parameter("in_proj_bias", zeros(3 * embedDim)) : null;
        this.outProj = child("out_proj", new Linear(embedDim, embedDim, bias, dtype, rng));
        if (bias) {
            Map<String, Tensor> zeroBias = new HashMap<>();
            zeroBias.put("weight", outProj.weight().get());
            zeroBias.put("bias", zeros(embedDim));
            outProj.loadStateDict(zeroBias);       // _reset_parameters: constant_(out_proj.bias, 0)
        }
        this.attention = child("attn", new ScaledDotProductAttention(dropout, dtype, rng));
    }

    public long embedDim() {
        return embedDim;
    }

    public long numHeads() {
        return numHeads;
    }

    public long headDim() {
        return headDim;
    }

    /** Self-attention: {@code x} is query, key and value. */
    public AttentionResult forward(Tensor x, AttentionMask mask) {
        return forward(x, x, x, mask);
    }

    /**
     * {@code query (B, T, E)} attends over {@code key (B, S, E)} / {@code value (B, S, E)}. Passing the same
     * tensor for all three (self-attention), or for key and value (cross-attention over a memory), lets the
     * projections share one matmul, as in PyTorch.
     */
    public AttentionResult forward(Tensor query, Tensor key, Tensor value, AttentionMask mask) {
        try (Scope s = enter()) {
            checkInputs(query, key, value);
            long b = query.size(0);
            long t = query.size(1);
            long srcLen = key.size(1);
            Tensor q;
            Tensor k;
            Tensor v;
            if (query == key && key == value) {
                Tensor qkv;
                try (Scope p = Scope.push("in_proj")) {
                    qkv = project(query, 0, 3);                              // (B, T, 3E)
                    qkv = reshape(qkv, b, t, 3, numHeads, headDim);          // (B, T, 3, nh, hs)
                    qkv = permute(qkv, 2, 0, 3, 1, 4);                       // (3, B, nh, T, hs)
                }
                q = pick(qkv, 0, "q");                                       // (B, nh, T, hs)
                k = pick(qkv, 1, "k");
                v = pick(qkv, 2, "v");
            } else if (key == value) {
                Tensor kv;
                try (Scope p = Scope.push("in_proj")) {
                    q = heads(project(query, 0, 1), b, t);                   // (B, T, nh, hs)
                    kv = project(key, 1, 2);                                 // (B, S, 2E)
                    kv = reshape(kv, b, srcLen, 2, numHeads, headDim);       // (B, S, 2, nh, hs)
                    kv = permute(kv, 2, 0, 3, 1, 4);                         // (2, B, nh, S, hs)
                }
                q = toHeadsFirst(q, "q");                                    // (B, nh, T, hs)
                k = pick(kv, 0, "k");                                        // (B, nh, S, hs)
                v = pick(kv, 1, "v");
            } else {
                Tensor qp;
                Tensor kp;
                Tensor vp;
                try (Scope p = Scope.push("in_proj")) {
                    qp = heads(project(query, 0, 1), b, t);                  // (B, T, nh, hs)
                    kp = heads(project(key, 1, 1), b, srcLen);               // (B, S, nh, hs)
                    vp = heads(project(value, 2, 1), b, srcLen);
                }
                q = toHeadsFirst(qp, "q");                                   // (B, nh, T, hs)
                k = toHeadsFirst(kp, "k");                                   // (B, nh, S, hs)
                v = toHeadsFirst(vp, "v");
            }
            Tensor m = mask == null ? null : mask.build(dtype(), b, t, srcLen);   // (B|1, 1, T|1, S)
            AttentionResult heads = attention.forward(q, k, v, m);          // (B, nh, T, hs), (B, nh, T, S)
            Tensor y;
            try (Scope p = Scope.push("merge_heads")) {
                y = permute(heads.output(), 0, 2, 1, 3);                     // (B, T, nh, hs)
                y = reshape(y, b, t, embedDim);                              // (B, T, E)
            }
            return new AttentionResult(outProj.forward(y), heads.weights());
        }
    }

    /** {@code x W[i*E:(i+n)*E]^T + b[i*E:(i+n)*E]}: {@code n} of the three projections, starting at {@code i}. */
    private Tensor project(Tensor x, int first, int count) {
        Tensor w = inProjWeight.get();
        Tensor bias = inProjBias == null ? null : inProjBias.get();
        if (first != 0 || count != 3) {
            w = slice(w, 0, first * embedDim, (first + count) * embedDim);          // (count*E, E)
            bias = bias == null ? null : slice(bias, 0, first * embedDim, (first + count) * embedDim);
        }
        Tensor y = matmul(x, transpose(w, 0, 1));
        return bias == null ? y : add(y, bias);
    }

    private Tensor heads(Tensor x, long b, long len) {
        return reshape(x, b, len, numHeads, headDim);                        // (B, len, nh, hs)
    }

    private static Tensor toHeadsFirst(Tensor x, String label) {
        try (Scope s = Scope.push(label)) {
            return permute(x, 0, 2, 1, 3);                                   // (B, nh, len, hs)
        }
    }

    private static Tensor pick(Tensor packed, int index, String label) {
        try (Scope s = Scope.push(label)) {
            return select(packed, 0, index);
        }
    }

    private void checkInputs(Tensor query, Tensor key, Tensor value) {
        String where = Scope.current();
        for (Tensor x : new Tensor[] {query, key, value}) {
            if (x.rank() != 3 || x.size(2) != embedDim) {
                throw new ShapeException("Multi-head attention at " + where + ": expected (B, length, " + embedDim
                        + ") inputs, batch first; found query " + query.shape() + ", key " + key.shape() + ", value "
                        + value.shape() + ". Give batched inputs whose last dimension is embed_dim " + embedDim + ".");
            }
        }
        if (key.size(0) != query.size(0) || value.size(0) != query.size(0) || key.size(1) != value.size(1)) {
            throw new ShapeException("Multi-head attention at " + where + ": query " + query.shape() + ", key "
                    + key.shape() + " and value " + value.shape() + " must share the batch size, and key and value "
                    + "the length. Pass one key and one value per source position, for the same batch.");
        }
    }
}
