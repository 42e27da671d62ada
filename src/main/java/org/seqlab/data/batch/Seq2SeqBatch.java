package org.seqlab.data.batch;

import java.util.Arrays;
import org.seqlab.SeqLabException;

/**
 * One batch of sequence pairs for an encoder-decoder with teacher forcing: the encoder reads {@code source}; the
 * decoder reads {@code decoderInput} = BOS + target and is trained to predict {@code decoderTarget} = target +
 * EOS, position by position (both {@code (B, T_target + 1)}, same mask). Rows of the three batches are the same
 * examples in the same order.
 *
 * @param source the source ids, {@code (B, S)}
 * @param decoderInput BOS followed by the target, {@code (B, T)}
 * @param decoderTarget the target followed by EOS, {@code (B, T)}
 */
public record Seq2SeqBatch(Batch source, Batch decoderInput, Batch decoderTarget) {

    /** Checks that the three batches hold the same examples and the decoder batches share one shape. */
    public Seq2SeqBatch {
        if (!Arrays.equals(source.indices(), decoderInput.indices())
                || !Arrays.equals(source.indices(), decoderTarget.indices())
                || !Arrays.equals(decoderInput.lengths(), decoderTarget.lengths())
                || decoderInput.maxLength() != decoderTarget.maxLength()) {
            throw new SeqLabException("A seq2seq batch needs source, decoder input and decoder target rows of the same"
                    + " examples, and decoder input and target of one shape; got indices "
                    + Arrays.toString(source.indices()) + " / " + Arrays.toString(decoderInput.indices()) + " / "
                    + Arrays.toString(decoderTarget.indices()) + ".");
        }
    }

    /** The number of pairs. */
    public int batchSize() {
        return source.batchSize();
    }
}
