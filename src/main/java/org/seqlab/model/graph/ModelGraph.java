package org.seqlab.model.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model as a graph of blocks with typed ports: what the user edits, what the JSON spec stores, and what
 * {@code model.compile} turns into a runnable module.
 *
 * @param version the spec version ({@link #VERSION})
 * @param name a short name
 * @param description one paragraph for users
 * @param inputs the graph's inputs (token ids, targets, ...)
 * @param blocks the blocks, in the order the user lists them (execution follows the edges)
 * @param edges the connections
 * @param outputs named outputs: name -> {@code BLOCK.PORT}
 * @param losses the {@code BLOCK.PORT}s of kind loss whose sum is the model's loss
 * @param ties parameters shared between blocks
 */
public record ModelGraph(int version, String name, String description, List<InputSpec> inputs,
                         List<BlockSpec> blocks, List<EdgeSpec> edges, Map<String, String> outputs,
                         List<String> losses, List<TiedWeight> ties) {

    /** The spec version this build writes and reads. */
    public static final int VERSION = 1;

    public ModelGraph {
        inputs = List.copyOf(inputs);
        blocks = List.copyOf(blocks);
        edges = List.copyOf(edges);
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        losses = List.copyOf(losses);
        ties = List.copyOf(ties);
    }

    public Optional<BlockSpec> block(String id) {
        return blocks.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    public Optional<InputSpec> input(String name) {
        return inputs.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
