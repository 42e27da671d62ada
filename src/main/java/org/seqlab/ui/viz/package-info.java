/**
 * Reusable widgets, each a {@link javafx.scene.control.Control} whose look is a skin in
 * {@code ui.viz.skin} (STYLE §16), named in the widget's stylesheet beside it in the resources with
 * {@code -fx-skin}: {@link org.seqlab.ui.viz.Heatmap} with its data {@link org.seqlab.ui.viz.HeatmapData}
 * and {@link org.seqlab.ui.viz.ColorMap} (canned data for the gallery in
 * {@link org.seqlab.ui.viz.HeatmapDemos}); {@link org.seqlab.ui.viz.GraphView} (the model as blocks, from
 * a {@link org.seqlab.debug.TraceGraph}).
 *
 * <p>May depend on JavaFX, {@code ui.i18n}, {@code ui.fx}, {@code debug}, {@code autograd} (shapes) and the
 * root package ({@code AtomicFile}); never on {@code ui.viz.skin}, on panels or on the shell: panels use
 * widgets, never the reverse.
 */
package org.seqlab.ui.viz;
