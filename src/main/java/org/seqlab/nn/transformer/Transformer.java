package org.seqlab.nn.transformer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Module;
import org.seqlab.nn.attention.AttentionMask;

/**
 * The encoder-decoder of "Attention Is All You Need" as PyTorch's {@code nn.Transformer(batch_first=True)}:
 * {@code encoder.layers.N.*}, {@code encoder.norm.*}, {@code decoder.layers.N.*}, {@code decoder.norm.*}.
 * Like {@code nn.Transformer._reset_parameters}, every parameter with more than one dimension is
 * re-initialised xavier_uniform after construction. Embeddings, positional encodings and the output
 * projection belong to the model that uses it.
 */
public final class Transformer extends Module {
    private final TransformerConfig config;
    private final TransformerEncoder encoder;
    private final TransformerDecoder decoder;

    public Transformer(TransformerConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.config = config;
        this.encoder = child("encoder", new TransformerEncoder(config, dtype, rng));
        this.decoder = child("decoder", new TransformerDecoder(config, dtype, rng));
        resetParameters(rng);
    }

    private void resetParameters(SplittableRandom rng) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
            Tensor p = e.getValue();
            if (p.rank() > 1) {
                // xavier_uniform_: fan_in = size(1), fan_out = size(0) for a 2-D weight.
                double bound = Math.sqrt(6.0 / (p.size(0) + p.size(1)));
                state.put(e.getKey(), uniform(rng, bound, p.shape().toArray()));
            } else {
                state.put(e.getKey(), p);
            }
        }
        loadStateDict(state);
    }

    public TransformerConfig config() {
        return config;
    }

    public TransformerEncoder encoder() {
        return encoder;
    }

    public TransformerDecoder decoder() {
        return decoder;
    }

    /**
     * {@code src (B, S, E)} and {@code tgt (B, T, E)} (already embedded) to the decoder's output {@code (B, T, E)}.
     * {@code memoryMask} masks the encoder's output for the cross-attention (usually the source padding).
     */
    public Tensor forward(Tensor src, Tensor tgt, AttentionMask srcMask, AttentionMask tgtMask,
                          AttentionMask memoryMask) {
        try (Scope s = enter()) {
            Tensor memory = encoder.forward(src, srcMask);
            return decoder.forward(tgt, memory, tgtMask, memoryMask);
        }
    }
}
