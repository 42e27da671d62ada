/**
 * The gradient-flow panel ({@code gradient-flow}): |dL/dh_t| per time step of every recurrent layer on a
 * log scale, with a one-line reading (vanishing, exploding, healthy), and per-parameter gradient norms before
 * and after clipping by global norm at a threshold the learner sets. {@link
 * org.seqlab.ui.panels.gradflow.GradientFlowViewModel} (no nodes) prepares the numbers from the session's
 * {@link org.seqlab.debug.GradientFlow} on the executor; {@link org.seqlab.ui.panels.gradflow.GradientFlowView}
 * draws them with the {@link org.seqlab.ui.viz.SeriesChart} and {@link org.seqlab.ui.viz.GroupedBarChart}
 * widgets; {@link org.seqlab.ui.panels.gradflow.GradientFlowPanel} is the registry's {@code Panel}.
 *
 * <p>May depend on {@code ui.panels} (the contract), {@code ui.viz}, {@code ui.fx}, {@code ui.i18n},
 * {@code debug} and {@code autograd}; never on other panels or the shell.
 */
package org.seqlab.ui.panels.gradflow;
