package org.seqlab.model.graph;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.nn.Module;

/**
 * One kind of block a model graph can hold ({@code embedding}, {@code recurrent}, {@code transformer_encoder},
 * ...): its settings, its ports, how its output types follow from its inputs, and how it is built.
 */
public interface BlockKind {
    /** The name used in graph JSON. */
    String name();

    /** One line for users: what the block computes. */
    String summary();

    /** Every setting the block knows (others are refused as typos). */
    Set<String> settings();

    /** The input ports, given the settings. */
    List<PortSpec> inputs(BlockConfig config);

    /**
     * The output ports' types, given the settings and the (already checked) types arriving at the inputs.
     * Throws {@link GraphException} when the combination does not fit.
     */
    Map<String, PortType> outputs(BlockConfig config, Map<String, PortType> inputs);

    /** Builds the block's module (a {@link Module} that implements {@link BlockModule}). */
    Module build(BlockConfig config, DType dtype, SplittableRandom rng);
}
