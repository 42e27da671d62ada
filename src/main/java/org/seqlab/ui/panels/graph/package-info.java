/**
 * The graph panel: the recorded pass as blocks ({@link org.seqlab.ui.viz.GraphView} over a
 * {@link org.seqlab.debug.TraceGraph} made in the background after each recording), the cursor's block ringed,
 * shading by |value| or |gradient|. May depend on {@code ui.panels}, {@code ui.viz}, {@code ui.fx},
 * {@code ui.i18n} and {@code debug}; not on other panels.
 */
package org.seqlab.ui.panels.graph;
