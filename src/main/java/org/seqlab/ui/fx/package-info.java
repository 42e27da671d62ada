/**
 * JavaFX plumbing shared by every view: the {@link org.seqlab.ui.fx.TaskExecutor} through which all
 * background work runs and reaches the FX thread (with a same-thread version for tests), and
 * {@link org.seqlab.ui.fx.Snapshots} for PNG pictures of scenes and nodes.
 *
 * <p>May depend on JavaFX and the JDK only: no SeqLab package, so any view can use it.
 */
package org.seqlab.ui.fx;
