package org.seqlab.model.blocks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.KindLookup;

/** The registry of block kinds a model graph may use. */
public final class BlockKinds implements KindLookup {
    private static final BlockKinds STANDARD = new BlockKinds(List.of(
            new EmbeddingBlock(),
            new LinearBlock(),
            new LayerNormBlock(),
            new DropoutBlock(),
            new AddBlock(),
            new PoolBlock(),
            new CrossEntropyBlock(),
            new CrfBlock(),
            new RecurrentBlock(),
            new GptBlocksBlock(),
            new AttentionDecoderBlock(),
            new PositionalBlock(),
            TransformerStackBlock.encoder(),
            TransformerStackBlock.decoder(),
            new ActivationBlock(),
            new ClsTokenBlock()));

    private final Map<String, BlockKind> kinds = new LinkedHashMap<>();

    private BlockKinds(List<BlockKind> list) {
        for (BlockKind k : list) {
            if (kinds.put(k.name(), k) != null) {
                throw new IllegalStateException("two block kinds named " + k.name());
            }
        }
    }

    /** Every kind SeqLab ships. */
    public static BlockKinds standard() {
        return STANDARD;
    }

    @Override
    public Optional<BlockKind> find(String name) {
        return Optional.ofNullable(kinds.get(name));
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(kinds.keySet());
    }

    public List<BlockKind> all() {
        return List.copyOf(kinds.values());
    }
}
