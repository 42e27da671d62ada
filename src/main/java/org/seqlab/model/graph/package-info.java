/**
 * The model graph: blocks with typed ports ({@link org.seqlab.model.graph.PortType}), edges, named
 * outputs and losses, and {@link org.seqlab.model.graph.ShapeInference}, which reports the first bad edge
 * with both types and the fix. Block kinds are described by {@link org.seqlab.model.graph.BlockKind};
 * their implementations live in {@code model.blocks}.
 *
 * <p>May depend on {@code org.seqlab.nn} and {@code org.seqlab.autograd}.
 */
package org.seqlab.model.graph;
