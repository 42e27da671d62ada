package org.seqlab.model.blocks;

import java.util.Map;
import java.util.Set;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.GraphException;
import org.seqlab.model.graph.PortType;

/** Small helpers the block kinds share. */
final class Kinds {
    private Kinds() {
    }

    static Set<String> settings(String... names) {
        return Set.of(names);
    }

    /** The type arriving at {@code port} (checked present by shape inference). */
    static PortType in(Map<String, PortType> inputs, String port) {
        return inputs.get(port);
    }

    static GraphException error(BlockConfig c, String kind, String message) {
        return new GraphException("Block '" + c.blockId() + "' (" + kind + "): " + message);
    }
}
