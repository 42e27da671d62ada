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
 * A stack of {@link TransformerEncoderLayer}s, as PyTorch's {@code nn.TransformerEncoder}: parameters
 * {@code layers.0.*}, {@code layers.1.*}, ..., and {@code norm.*} when the config asks for a final norm.
 * Trace labels: {@code layers/0/...}, {@code norm}.
 *
 * <p>Each layer is initialised independently from the generator; PyTorch deep-copies one layer, so its
 * layers start out identical (the distribution of every weight is the same either way).
 */
public final class TransformerEncoder extends Module {
    private final List<TransformerEncoderLayer> layers;
    private final LayerNorm norm;

    public TransformerEncoder(TransformerConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        List<TransformerEncoderLayer> list = new ArrayList<>();
        for (int i = 0; i < config.numEncoderLayers(); i++) {
            list.add(new TransformerEncoderLayer(config, dtype, rng));
        }
        this.layers = children("layers", list);
        this.norm = config.finalNorm() ? child("norm", new LayerNorm(config.dModel(), config.layerNormEps(), dtype))
                : null;
    }

    public List<TransformerEncoderLayer> layers() {
        return layers;
    }

    /** {@code src (B, S, E)} through every layer (each with {@code mask}), then the final norm. */
    public Tensor forward(Tensor src, AttentionMask mask) {
        try (Scope s = enter()) {
            Tensor x = src;
            try (Scope l = Scope.push("layers")) {
                for (TransformerEncoderLayer layer : layers) {
                    x = layer.forward(x, mask);
                }
            }
            return norm == null ? x : norm.forward(x);
        }
    }
}
