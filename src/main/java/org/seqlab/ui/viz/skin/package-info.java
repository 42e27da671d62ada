/**
 * The skins of the {@code ui.viz} widgets, and what only they use: {@link org.seqlab.ui.viz.skin.HeatmapSkin},
 * {@link org.seqlab.ui.viz.skin.GraphViewSkin} and {@link org.seqlab.ui.viz.skin.GraphLayout} (ELK's
 * layered layout). A skin draws its control and listens to its properties; {@code dispose()} removes every
 * listener it added.
 *
 * <p>May depend on {@code ui.viz}, {@code ui.i18n}, {@code debug}, {@code autograd}, JavaFX and ELK; never on
 * panels or the shell.
 */
package org.seqlab.ui.viz.skin;
