package org.seqlab.nn.transformer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.LayerNorm;
import org.seqlab.nn.Module;
import org.seqlab.nn.attention.AttentionMask;

/**
 * A stack of {@link TransformerDecoderLayer}s, as PyTorch's {@code nn.TransformerDecoder}: parameters
 * {@code layers.0.*}, ..., and {@code norm.*} when the config asks for a final norm. Layers are initialised
 * independently (see {@link TransformerEncoder}).
 */
public final class TransformerDecoder extends Module {
    private final List<TransformerDecoderLayer> layers;
    private final LayerNorm norm;

    public TransformerDecoder(TransformerConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        List<TransformerDecoderLayer> list = new ArrayList<>();
        for (int i = 0; i < config.numDecoderLayers(); i++) {
            list.add(new TransformerDecoderLayer(config, dtype, rng));
        }
        this.layers = children("layers", list);
        this.norm = config.finalNorm() ? child("norm", new LayerNorm(config.dModel(), config.layerNormEps(), dtype))
                : null;
    }

    public List<TransformerDecoderLayer> layers() {
        return layers;
    }

    /** {@code tgt (B, T, E)} through every layer, each attending to {@code memory (B, S, E)}; then the final norm. */
    public Tensor forward(Tensor tgt, Tensor memory, AttentionMask tgtMask, AttentionMask memoryMask) {
        try (Scope s = enter()) {
            Tensor x = tgt;
            try (Scope l = Scope.push("layers")) {
                for (TransformerDecoderLayer layer : layers) {
                    x = layer.forward(x, memory, tgtMask, memoryMask);
                }
            }
            return norm == null ? x : norm.forward(x);
        }
    }
}
