package org.seqlab.ui.viz;

import java.util.List;
import javafx.beans.binding.Bindings;
import org.seqlab.ui.i18n.I18n;

/**
 * Heatmaps on canned data, for the gallery (and the README's pictures): causal attention over a short
 * sentence, and a gate-like signed matrix over time filled up to a cursor. The numbers are made up but
 * shaped like the real ones; no model runs.
 */
public final class HeatmapDemos {

    /** The sentence the attention demo attends over. */
    public static final List<String> ATTENTION_TOKENS = List.of("the", "cat", "sat", "on", "the", "mat", ".");
    /** The input the gates demo runs over, one token per time step. */
    public static final List<String> GATE_TOKENS =
            List.of("to", "be", "or", "not", "to", "be", "that", "is", "the", "question");
    /** How many hidden units the gates demo shows. */
    public static final int GATE_UNITS = 12;
    /** The time step the gates demo's cursor is on (filled up to and including it). */
    public static final int GATE_CURSOR = 6;

    private HeatmapDemos() {
    }

    /**
     * Causal self-attention weights over {@link #ATTENTION_TOKENS} (each row a softmax over the keys a
     * query may see; rows sum to 1), the future masked, on the sequential scale over 0..1.
     */
    public static HeatmapData attentionData() {
        int n = ATTENTION_TOKENS.size();
        double[][] weights = new double[n][n];
        for (int q = 0; q < n; q++) {
            double[] scores = new double[q + 1];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k <= q; k++) {
                scores[k] = 1.6 * (k == q ? 1 : 0) + 1.1 * (k == q - 1 ? 1 : 0)
                        + 0.9 * Math.cos(1.3 * q + 0.7 * k) + (ATTENTION_TOKENS.get(k).equals("cat") ? 1.2 : 0);
                max = Math.max(max, scores[k]);
            }
            double sum = 0;
            for (int k = 0; k <= q; k++) {
                scores[k] = Math.exp(scores[k] - max);
                sum += scores[k];
            }
            for (int k = 0; k <= q; k++) {
                weights[q][k] = scores[k] / sum;   // masked keys keep weight 0, as after a masked softmax
            }
        }
        return HeatmapData.of(weights)
                .withRowLabels(ATTENTION_TOKENS).withColumnLabels(ATTENTION_TOKENS)
                .withMask(HeatmapData.causalMask(n))
                .withScale(ColorScale.SEQUENTIAL).withRange(0, 1);
    }

    /**
     * A gate-like signed matrix, {@link #GATE_UNITS} hidden units × one time step per token of
     * {@link #GATE_TOKENS}, values in (-1, 1) like tanh outputs, on the diverging scale.
     */
    public static HeatmapData gatesData() {
        int units = GATE_UNITS;
        int steps = GATE_TOKENS.size();
        double[][] h = new double[units][steps];
        for (int u = 0; u < units; u++) {
            for (int t = 0; t < steps; t++) {
                h[u][t] = Math.tanh(1.7 * Math.sin(0.9 * u + 0.55 * t) + 0.5 * Math.cos(0.37 * u * t + 0.4 * u));
            }
        }
        return HeatmapData.of(h).withColumnLabels(GATE_TOKENS).withScale(ColorScale.DIVERGING);
    }

    /** {@link #attentionData()} with axis titles in {@code i18n}'s language (following it). */
    public static Heatmap attention(I18n i18n) {
        Heatmap heatmap = new Heatmap(i18n);
        HeatmapData data = attentionData();
        heatmap.dataProperty().bind(Bindings.createObjectBinding(
                () -> data.withTitles(i18n.get("heatmap.demo.attention.rows"),
                        i18n.get("heatmap.demo.attention.columns")),
                i18n.languageProperty()));
        return heatmap;
    }

    /**
     * {@link #attentionData()} as a {@link HeadView}: lines from each query token to the keys it attends to, the
     * query "sat" selected, its later keys masked.
     */
    public static HeadView headView(I18n i18n) {
        HeatmapData d = attentionData();
        int n = d.rows();
        double[][] w = new double[n][n];
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < n; k++) {
                w[q][k] = d.value(q, k);
            }
        }
        HeadView view = new HeadView();
        view.dataProperty().bind(Bindings.createObjectBinding(
                () -> new HeadViewData(ATTENTION_TOKENS, ATTENTION_TOKENS, w, HeatmapData.causalMask(n),
                        i18n.get("heatmap.demo.attention.rows"), i18n.get("heatmap.demo.attention.columns")),
                i18n.languageProperty()));
        view.maskedTextProperty().bind(i18n.text("attention.headview.masked"));
        view.setSelectedQuery(ATTENTION_TOKENS.indexOf("sat"));
        return view;
    }

    /**
     * {@link #gatesData()} with axis titles in {@code i18n}'s language, filled up to the cursor at time
     * step {@link #GATE_CURSOR}, whose column is outlined.
     */
    public static Heatmap gates(I18n i18n) {
        Heatmap heatmap = new Heatmap(i18n);
        HeatmapData data = gatesData();
        heatmap.dataProperty().bind(Bindings.createObjectBinding(
                () -> data.withTitles(i18n.get("heatmap.demo.gates.rows"), i18n.get("heatmap.demo.gates.columns")),
                i18n.languageProperty()));
        heatmap.setVisibleColumns(GATE_CURSOR + 1);
        heatmap.setHighlightedColumn(GATE_CURSOR);
        heatmap.setSquareCells(false);
        return heatmap;
    }
}
