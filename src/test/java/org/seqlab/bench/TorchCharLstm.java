package org.seqlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * W1, the char-LSTM language model in PyTorch: {@code nn.Embedding(65, 64)}, {@code nn.LSTM(64, 256,
 * batch_first=True)} (PyTorch's fused {@code at::lstm}), {@code nn.Linear(256, 65)}, cross-entropy on the next
 * token; batch 32, sequence 64.
 */
final class TorchCharLstm extends TorchRun {
    static final int VOCAB = 65;
    private static final int EMBED = 64;
    private static final int HIDDEN = 256;
    private static final int BATCH = 32;
    private static final int LEN = 64;

    private final PtNDArray embedding;
    private final NDList lstm;
    private final PtNDArray headWeight;
    private final PtNDArray headBias;

    TorchCharLstm(long seed, boolean sameBatch) {
        super("W1", "char-LSTM LM, LSTM 256, batch 32 x 64", (long) BATCH * LEN, seed, sameBatch);
        embedding = normal(1.0, VOCAB, EMBED);                       // nn.Embedding: N(0, 1)
        lstm = new NDList(                                           // _flat_weights: w_ih, w_hh, b_ih, b_hh
                uniform(HIDDEN, 4 * HIDDEN, EMBED),
                uniform(HIDDEN, 4 * HIDDEN, HIDDEN),
                uniform(HIDDEN, 4 * HIDDEN),
                uniform(HIDDEN, 4 * HIDDEN));
        headWeight = uniform(HIDDEN, VOCAB, HIDDEN);
        headBias = uniform(HIDDEN, VOCAB);
    }

    @Override
    NDList batch(NDManager m) {
        return new NDList(ids(m, VOCAB, BATCH, LEN), ids(m, VOCAB, BATCH, LEN));
    }

    @Override
    NDArray loss(NDList batch) {
        NDArray tokens = batch.get(0);
        NDManager m = tokens.getManager();
        PtNDArray x = embedding(tokens, embedding);                                    // (B, T, 64)
        Shape state = new Shape(1, BATCH, HIDDEN);
        NDList hx = new NDList(m.zeros(state, DataType.FLOAT32), m.zeros(state, DataType.FLOAT32));
        NDList out = JniUtils.lstm(x, hx, lstm, true, 1, 0.0, true, false, true);      // (B, T, 256), h_n, c_n
        PtNDArray logits = linear(out.get(0), headWeight, headBias);                  // (B, T, 65)
        return crossEntropy(logits, batch.get(1));
    }
}
