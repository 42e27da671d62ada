/**
 * Reusable widgets, each a {@link javafx.scene.control.Control} whose look is a skin in
 * {@code ui.viz.skin} (STYLE §16): {@link org.seqlab.ui.viz.Heatmap} with its data
 * {@link org.seqlab.ui.viz.HeatmapData} and {@link org.seqlab.ui.viz.ColorMap}; canned data for the
 * gallery in {@link org.seqlab.ui.viz.HeatmapDemos}. Each widget has its stylesheet beside it in the
 * resources ({@code org/seqlab/ui/viz/heatmap.css}), which names its skin with {@code -fx-skin}.
 *
 * <p>May depend on JavaFX, {@code ui.i18n}, {@code ui.fx} and the root package ({@code AtomicFile});
 * never on {@code ui.viz.skin} (skins are named in CSS), on panels or on the shell: panels use widgets,
 * never the reverse.
 */
package org.seqlab.ui.viz;
