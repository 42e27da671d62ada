/**
 * The skins of the {@code viz} widgets, and what only they use: {@link org.seqlab.ui.viz.skin.GraphViewSkin}
 * and {@link org.seqlab.ui.viz.skin.GraphLayout} (ELK's layered layout). Skins remove their listeners in
 * {@code dispose()}.
 *
 * <p>May depend on {@code ui.viz}, {@code ui.i18n}, {@code debug}, {@code autograd}, JavaFX and ELK.
 */
package org.seqlab.ui.viz.skin;
