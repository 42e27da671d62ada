/**
 * Reusable widgets, each a {@link javafx.scene.control.Control} whose look lives in a skin in
 * {@code viz.skin} and a stylesheet beside it: {@link org.seqlab.ui.viz.GraphView} (the model as
 * blocks, from a {@link org.seqlab.debug.TraceGraph}). Panels use widgets, never the reverse.
 *
 * <p>May depend on {@code ui.i18n}, {@code debug}, {@code autograd} (shapes) and JavaFX; never on
 * panels or the shell.
 */
package org.seqlab.ui.viz;
