/**
 * The positional encoding view: the table a Transformer adds to its token embeddings (Vaswani's sinusoid or a
 * learned table) and the similarity between positions. Its numbers come from
 * {@link org.seqlab.debug.PositionEncodings}.
 */
package org.seqlab.ui.panels.positions;
