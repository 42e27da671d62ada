/**
 * The JavaFX desktop app. Sub-packages: {@code shell} (application, main window, About box),
 * {@code fx} (the task executor and snapshots), {@code i18n} (English and Chinese text); later
 * {@code viz} (reusable widgets) and {@code panels.<panel>} (View + ViewModel each).
 *
 * <p>May depend on every SeqLab package except {@code cli}. The only package that uses JavaFX,
 * ControlsFX, FXyz and AtlantaFX. Compute never runs on the FX application thread: it goes through
 * {@link org.seqlab.ui.fx.TaskExecutor}.
 */
package org.seqlab.ui;
