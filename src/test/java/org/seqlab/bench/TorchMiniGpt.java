package org.seqlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * W2, nanoGPT's CPU preset in PyTorch, as nanoGPT's {@code model.py} with {@code bias=False, dropout=0.0}: token
 * and learned position embeddings, 4 pre-LayerNorm blocks (causal self-attention with a fused {@code c_attn} qkv
 * linear and {@code c_proj}; MLP 4x with GELU), {@code ln_f}, {@code lm_head} tied to {@code wte} (as nanoGPT and
 * SeqLab's Gpt template tie it); cross-entropy; batch 12, context 64, d 128, 4 heads.
 *
 * <p>Attention is composed of matmul, mask, softmax, matmul (nanoGPT's "slow attention" path): DJL exposes no
 * {@code F.scaled_dot_product_attention}. LayerNorm without bias gets a constant zero bias (DJL's layer norm needs
 * one); its cost is one broadcast add.
 */
final class TorchMiniGpt extends TorchRun {
    static final int VOCAB = 65;
    private static final int LAYERS = 4;
    private static final int HEADS = 4;
    private static final int D = 128;
    private static final int T = 64;
    private static final int BATCH = 12;
    private static final double LN_EPS = 1e-5;

    private final PtNDArray wte;
    private final PtNDArray wpe;
    private final Block[] blocks = new Block[LAYERS];
    private final PtNDArray lnF;
    private final PtNDArray zeroBias;
    private final PtNDArray causalMask;

    private record Block(PtNDArray ln1, PtNDArray attn, PtNDArray attnProj, PtNDArray ln2, PtNDArray fc,
                         PtNDArray mlpProj) {
    }

    TorchMiniGpt(long seed, boolean sameBatch) {
        super("W2", "mini-GPT, 4 x d128, batch 12 x 64", (long) BATCH * T, seed, sameBatch);
        // nanoGPT's _init_weights: N(0, 0.02), and N(0, 0.02 / sqrt(2 n_layer)) for the residual projections
        double projStd = 0.02 / Math.sqrt(2.0 * LAYERS);
        wte = normal(0.02, VOCAB, D);
        wpe = normal(0.02, T, D);
        for (int l = 0; l < LAYERS; l++) {
            blocks[l] = new Block(ones(D), normal(0.02, 3 * D, D), normal(projStd, D, D), ones(D),
                    normal(0.02, 4 * D, D), normal(projStd, D, 4 * D));
        }
        lnF = ones(D);
        zeroBias = constant(manager.zeros(new Shape(D), DataType.FLOAT32));
        float[] mask = new float[T * T];
        for (int i = 0; i < T; i++) {
            for (int j = i + 1; j < T; j++) {
                mask[i * T + j] = Float.NEGATIVE_INFINITY;
            }
        }
        causalMask = constant(manager.create(mask, new Shape(T, T)));
    }

    @Override
    NDList batch(NDManager m) {
        return new NDList(ids(m, VOCAB, BATCH, T), ids(m, VOCAB, BATCH, T));
    }

    @Override
    NDArray loss(NDList batch) {
        NDArray x = embedding(batch.get(0), wte).add(wpe);                          // (B, T, D)
        for (Block b : blocks) {
            x = x.add(attention(layerNorm(x, b.ln1()), b));
            NDArray h = JniUtils.gelu(linear(layerNorm(x, b.ln2()), b.fc(), null));
            x = x.add(linear(h, b.mlpProj(), null));
        }
        NDArray logits = linear(layerNorm(x, lnF), wte, null);                      // tied lm_head, (B, T, V)
        return crossEntropy(logits, batch.get(1));
    }

    private NDArray attention(NDArray x, Block b) {
        long hd = D / HEADS;
        NDList qkv = linear(x, b.attn(), null).split(3, 2);                          // c_attn(x).split(D, dim=2)
        NDArray q = heads(qkv.get(0), hd);                                           // (B, nh, T, hd)
        NDArray k = heads(qkv.get(1), hd);
        NDArray v = heads(qkv.get(2), hd);
        NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(hd));   // (B, nh, T, T)
        att = att.add(causalMask).softmax(-1);                                       // masked_fill(-inf), softmax
        NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(BATCH, T, D);        // (B, T, D)
        return linear(y, b.attnProj(), null);
    }

    private static NDArray heads(NDArray x, long hd) {
        return x.reshape(BATCH, T, HEADS, hd).transpose(0, 2, 1, 3);
    }

    private NDArray layerNorm(NDArray x, PtNDArray weight) {
        return JniUtils.layerNorm((PtNDArray) x, new Shape(D), weight, zeroBias, LN_EPS);
    }
}
