package org.seqlab.model.graph;

import java.util.Optional;
import java.util.Set;

/** Finds block kinds by name (the registry lives in {@code model.blocks}). */
public interface KindLookup {
    Optional<BlockKind> find(String name);

    Set<String> names();
}
