/**
 * The skins of the {@code ui.viz} widgets: {@link org.seqlab.ui.viz.skin.HeatmapSkin}. A skin draws its
 * control and listens to its properties; {@code dispose()} removes every listener it added.
 *
 * <p>May depend on {@code ui.viz}, {@code ui.i18n} and JavaFX; never on panels or the shell.
 */
package org.seqlab.ui.viz.skin;
