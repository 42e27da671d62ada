package org.seqlab.model.blocks;

import java.util.Set;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.GraphException;

/** Small helpers the block kinds share. */
final class Kinds {
    private Kinds() {
    }

    static Set<String> settings(String... names) {
        return Set.of(names);
    }

    static GraphException error(BlockConfig c, String kind, String message) {
        return new GraphException("Block '" + c.blockId() + "' (" + kind + "): " + message);
    }
}
