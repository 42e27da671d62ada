/**
 * The training dashboard ({@code training}): trains one of the curriculum's experiments in the app and shows it
 * live: a progress bar with step, loss, speed, learning rate and time left, the training loss per step with its
 * smoothed curve and the held-out loss, and the global gradient norm before and after clipping. {@link
 * org.seqlab.ui.panels.training.TrainingViewModel} (no nodes) prepares the run and trains it in slices on the task
 * executor ({@link org.seqlab.train.Trainer#runSlice}); {@link org.seqlab.ui.panels.training.TrainingView} draws it
 * with {@link org.seqlab.ui.viz.SeriesChart}s; {@link org.seqlab.ui.panels.training.TrainingPanel} is the registry's
 * {@code Panel}.
 *
 * <p>May depend on {@code ui.panels} (the contract), {@code ui.viz}, {@code ui.fx}, {@code ui.i18n}, {@code lesson}
 * and {@code train}; never on other panels or the shell.
 */
package org.seqlab.ui.panels.training;
