package org.seqlab.ui.viz;

/** How a heatmap turns values into colours; {@link ColorMap} holds the colours of each. */
public enum ColorScale {

    /**
     * Blue - white - red, centred on 0 and symmetric: white is exactly 0, the ends are minus and plus the
     * largest |value|. For signed numbers: pre-activations, hidden states, gradients, weights.
     */
    DIVERGING,

    /**
     * White - deep blue, light to dark with rising value, from the range's minimum to its maximum. For
     * numbers that are never negative, such as attention weights (0..1) and norms.
     */
    SEQUENTIAL
}
