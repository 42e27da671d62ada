/**
 * The block kinds a model graph can hold, each a {@link org.seqlab.model.graph.BlockKind} (settings,
 * ports, output types) with its compiled module, and the registry
 * {@link org.seqlab.model.blocks.BlockKinds}. Blocks wrap {@code nn} layers without renaming their
 * parameters: a block's parameters appear under the block's id.
 *
 * <p>May depend on {@code model.graph}, {@code nn} and {@code autograd}.
 */
package org.seqlab.model.blocks;
