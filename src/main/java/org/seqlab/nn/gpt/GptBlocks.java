package org.seqlab.nn.gpt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Module;

/**
 * nanoGPT's {@code transformer.h}: the stack of {@link GptBlock}s named as a ModuleList ({@code 0.ln_1.weight}, ...),
 * initialised as nanoGPT does: Linear weights N(0, 0.02), residual projections ({@code c_proj})
 * N(0, 0.02 / sqrt(2 n_layer)), biases 0, LayerNorms 1 and 0.
 */
public final class GptBlocks extends Module {
    private final List<GptBlock> blocks;

    public GptBlocks(GptConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        List<GptBlock> list = new ArrayList<>();
        for (int i = 0; i < config.nLayer(); i++) {
            list.add(child(Integer.toString(i), new GptBlock(config, dtype, rng)));
        }
        this.blocks = List.copyOf(list);
        initLikeNanoGpt(config, rng);
    }

    private void initLikeNanoGpt(GptConfig config, SplittableRandom rng) {
        double projStd = 0.02 / Math.sqrt(2.0 * config.nLayer());
        for (Map.Entry<String, Tensor> e : namedParameters().entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue().shape().toArray();
            if (name.contains("ln_")) {
                continue;                                    // LayerNorm: ones and zeros already
            }
            if (name.endsWith(".bias")) {
                bind(Map.of(name, zeros(shape)));
            } else if (name.endsWith("c_proj.weight")) {
                bind(Map.of(name, normal(rng, projStd, shape)));
            } else {
                bind(Map.of(name, normal(rng, 0.02, shape)));
            }
        }
    }

    /** {@code x (B, T, C)} through every block; {@code padding (B, T)} (non-zero at padding) or null. */
    public Tensor forward(Tensor x, Tensor padding) {
        try (Scope s = enter()) {
            Tensor h = x;
            for (GptBlock b : blocks) {
                h = b.forward(h, padding);
            }
            return h;
        }
    }

    public List<GptBlock> blocks() {
        return blocks;
    }
}
