/**
 * The compiler from a {@link org.seqlab.model.graph.ModelGraph} to a runnable
 * {@link org.seqlab.model.compile.GraphModel}, and the checking of its inputs.
 *
 * <p>May depend on {@code model.graph}, {@code model.blocks}, {@code nn} and {@code autograd}.
 */
package org.seqlab.model.compile;
