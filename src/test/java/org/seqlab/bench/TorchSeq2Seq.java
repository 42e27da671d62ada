package org.seqlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * W3, a GRU seq2seq with Luong dot attention in PyTorch: source and target {@code nn.Embedding(1000, 256)}, a
 * {@code nn.GRU(256, 256, batch_first=True)} encoder, a decoder GRU run over the whole teacher-forced target in one
 * fused {@code at::gru} call from the encoder's last state, {@code scores = dec_out @ enc_out^T}, softmax over the
 * source, {@code context = weights @ enc_out}, {@code tanh(Linear(512, 256)([dec_out; context]))},
 * {@code Linear(256, 1000)}, cross-entropy over the target; batch 32, source and target length 20.
 */
final class TorchSeq2Seq extends TorchRun {
    static final int VOCAB = 1000;
    private static final int EMBED = 256;
    private static final int HIDDEN = 256;
    private static final int BATCH = 32;
    private static final int LEN = 20;

    private final PtNDArray srcEmbedding;
    private final PtNDArray tgtEmbedding;
    private final NDList encoder;
    private final NDList decoder;
    private final PtNDArray concatWeight;
    private final PtNDArray concatBias;
    private final PtNDArray outWeight;
    private final PtNDArray outBias;

    TorchSeq2Seq(long seed, boolean sameBatch) {
        super("W3", "GRU seq2seq + dot attention, 256, batch 32 x 20", (long) BATCH * LEN, seed, sameBatch);
        srcEmbedding = normal(1.0, VOCAB, EMBED);
        tgtEmbedding = normal(1.0, VOCAB, EMBED);
        encoder = gru();
        decoder = gru();
        concatWeight = uniform(2 * HIDDEN, HIDDEN, 2 * HIDDEN);
        concatBias = uniform(2 * HIDDEN, HIDDEN);
        outWeight = uniform(HIDDEN, VOCAB, HIDDEN);
        outBias = uniform(HIDDEN, VOCAB);
    }

    /** {@code nn.GRU(256, 256)}'s _flat_weights: w_ih, w_hh, b_ih, b_hh, U(-1/sqrt(H), 1/sqrt(H)). */
    private NDList gru() {
        return new NDList(uniform(HIDDEN, 3 * HIDDEN, EMBED), uniform(HIDDEN, 3 * HIDDEN, HIDDEN),
                uniform(HIDDEN, 3 * HIDDEN), uniform(HIDDEN, 3 * HIDDEN));
    }

    @Override
    NDList batch(NDManager m) {
        // source, decoder input, targets: independent random ids, as SeqLab's side draws them
        return new NDList(ids(m, VOCAB, BATCH, LEN), ids(m, VOCAB, BATCH, LEN), ids(m, VOCAB, BATCH, LEN));
    }

    @Override
    NDArray loss(NDList batch) {
        NDManager m = batch.get(0).getManager();
        PtNDArray h0 = (PtNDArray) m.zeros(new Shape(1, BATCH, HIDDEN), DataType.FLOAT32);
        NDList enc = JniUtils.gru(embedding(batch.get(0), srcEmbedding), h0, encoder, true, 1, 0.0, true, false,
                true);
        NDArray encOut = enc.get(0);                                                      // (B, S, H)
        NDList dec = JniUtils.gru(embedding(batch.get(1), tgtEmbedding), (PtNDArray) enc.get(1), decoder, true, 1,
                0.0, true, false, true);
        NDArray decOut = dec.get(0);                                                      // (B, T, H)
        NDArray weights = decOut.matMul(encOut.transpose(0, 2, 1)).softmax(-1);          // (B, T, S)
        NDArray context = weights.matMul(encOut);                                         // (B, T, H)
        NDArray attended = linear(decOut.concat(context, 2), concatWeight, concatBias).tanh();
        NDArray logits = linear(attended, outWeight, outBias);                            // (B, T, V)
        return crossEntropy(logits, batch.get(2));
    }
}
