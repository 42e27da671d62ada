package org.seqlab.nn.transformer;

import org.seqlab.SeqLabException;
import org.seqlab.nn.FeedForward;

/**
 * The sizes and options of a Transformer, named after PyTorch's {@code nn.Transformer} arguments.
 *
 * @param dModel model width {@code d_model} (E)
 * @param nHead attention heads {@code nhead}; must divide {@code dModel}
 * @param numEncoderLayers encoder layers (0 for a decoder-only stack)
 * @param numDecoderLayers decoder layers (0 for an encoder-only stack)
 * @param dimFeedforward the feed-forward block's inner width {@code dim_feedforward}
 * @param dropout dropout after attention, inside and after the feed-forward block, and on attention weights
 * @param activation the feed-forward activation ({@code relu} or {@code gelu} in PyTorch)
 * @param layerNormEps {@code layer_norm_eps}
 * @param normFirst {@code norm_first}: pre-norm ({@code x + f(norm(x))}) instead of post-norm
 *     ({@code norm(x + f(x))})
 * @param finalNorm a LayerNorm after each stack ({@code nn.Transformer} always has one; a pre-norm stack
 *     needs it)
 */
public record TransformerConfig(int dModel, int nHead, int numEncoderLayers, int numDecoderLayers,
                                int dimFeedforward, double dropout, FeedForward.Activation activation,
                                double layerNormEps, boolean normFirst, boolean finalNorm) {

    public TransformerConfig {
        if (dModel <= 0 || nHead <= 0) {
            throw new SeqLabException("TransformerConfig: dModel and nHead must be positive; found dModel " + dModel
                    + ", nHead " + nHead + ".");
        }
        if (dModel % nHead != 0) {
            throw new SeqLabException("TransformerConfig: dModel " + dModel + " is not divisible by nHead " + nHead
                    + " (each head gets dModel / nHead features). Choose nHead among the divisors of " + dModel
                    + ": " + divisors(dModel) + ".");
        }
        if (numEncoderLayers < 0 || numDecoderLayers < 0) {
            throw new SeqLabException("TransformerConfig: layer counts cannot be negative; found "
                    + numEncoderLayers + " encoder and " + numDecoderLayers + " decoder layers.");
        }
        if (dimFeedforward <= 0) {
            throw new SeqLabException("TransformerConfig: dimFeedforward must be positive; found " + dimFeedforward
                    + " (the paper uses 4 * dModel).");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new SeqLabException("TransformerConfig: dropout must be in [0, 1); found " + dropout + ".");
        }
        if (activation == null) {
            throw new SeqLabException("TransformerConfig: give an activation (RELU or GELU).");
        }
        if (!(layerNormEps > 0)) {
            throw new SeqLabException("TransformerConfig: layerNormEps must be positive; found " + layerNormEps
                    + " (PyTorch's default is 1e-5).");
        }
    }

    /**
     * The base model of the paper (d_model 512, 8 heads, 6 + 6 layers, d_ff 2048, dropout 0.1, ReLU, post-norm)
     * with a final LayerNorm on each stack: exactly PyTorch's {@code nn.Transformer()} defaults.
     */
    public static TransformerConfig vaswaniBase() {
        return new TransformerConfig(512, 8, 6, 6, 2048, 0.1, FeedForward.Activation.RELU, 1e-5, false, true);
    }

    /** The paper's big model: d_model 1024, 16 heads, d_ff 4096, dropout 0.3. */
    public static TransformerConfig vaswaniBig() {
        return vaswaniBase().withDModel(1024).withNHead(16).withDimFeedforward(4096).withDropout(0.3);
    }

    /** A model small enough to step through and gradient-check: E = 8, 2 heads, 2 + 2 layers, d_ff 16, no dropout. */
    public static TransformerConfig tiny() {
        return new TransformerConfig(8, 2, 2, 2, 16, 0.0, FeedForward.Activation.RELU, 1e-5, false, true);
    }

    /** Features per head. */
    public int headDim() {
        return dModel / nHead;
    }

    public TransformerConfig withDModel(int v) {
        return new TransformerConfig(v, nHead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout,
                activation, layerNormEps, normFirst, finalNorm);
    }

    public TransformerConfig withNHead(int v) {
        return new TransformerConfig(dModel, v, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout,
                activation, layerNormEps, normFirst, finalNorm);
    }

    public TransformerConfig withNumEncoderLayers(int v) {
        return new TransformerConfig(dModel, nHead, v, numDecoderLayers, dimFeedforward, dropout,
                activation, layerNormEps, normFirst, finalNorm);
    }

    public TransformerConfig withNumDecoderLayers(int v) {
        return new TransformerConfig(dModel, nHead, numEncoderLayers, v, dimFeedforward, dropout,
                activation, layerNormEps, normFirst, finalNorm);
    }

    public TransformerConfig withDimFeedforward(int v) {
        return new TransformerConfig(dModel, nHead, numEncoderLayers, numDecoderLayers, v, dropout,
                activation, layerNormEps, normFirst, finalNorm);
    }

    public TransformerConfig withDropout(double v) {
        return new TransformerConfig(dModel, nHead, numEncoderLayers, numDecoderLayers, dimFeedforward, v,
                activation, layerNormEps, normFirst, finalNorm);
    }

    public TransformerConfig withActivation(FeedForward.Activation v) {
        return new TransformerConfig(dModel, nHead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout,
                v, layerNormEps, normFirst, finalNorm);
    }

    public TransformerConfig withLayerNormEps(double v) {
        return new TransformerConfig(dModel, nHead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout,
                activation, v, normFirst, finalNorm);
    }

    public TransformerConfig withNormFirst(boolean v) {
        return new TransformerConfig(dModel, nHead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout,
                activation, layerNormEps, v, finalNorm);
    }

    public TransformerConfig withFinalNorm(boolean v) {
        return new TransformerConfig(dModel, nHead, numEncoderLayers, numDecoderLayers, dimFeedforward, dropout,
                activation, layerNormEps, normFirst, v);
    }

    private static String divisors(int n) {
        StringBuilder sb = new StringBuilder();
        for (int d = 1; d <= n; d++) {
            if (n % d == 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(d);
            }
        }
        return sb.toString();
    }
}
