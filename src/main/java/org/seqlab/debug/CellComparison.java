package org.seqlab.debug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockSpec;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.ModelGraph;

/**
 * RNN, LSTM and GRU side by side: the same model graph three times, each with every {@code recurrent} block's
 * {@code cell} set to one of the three (so hidden size, layers and directions stay the same), compiled from one
 * seed and recorded on the same input, each read as {@link GateActivity}. Slow (three passes): run it in the
 * background.
 */
public final class CellComparison {

    /** The block kind whose {@code cell} setting the variants change. */
    public static final String RECURRENT_KIND = "recurrent";
    /** The seed every variant is initialised from, so that the comparison is reproducible. */
    public static final long SEED = 1;

    /**
     * One of the three models.
     *
     * @param cell which recurrence
     * @param graph its graph (the original with the cell changed)
     * @param activity its gates over time on the common input
     */
    public record Variant(GateActivity.CellType cell, ModelGraph graph, GateActivity activity) {
    }

    private CellComparison() {
    }

    /** Whether {@code graph} has a recurrent block whose cell the comparison can change. */
    public static boolean possible(ModelGraph graph) {
        return graph.blocks().stream().anyMatch(b -> b.kind().equals(RECURRENT_KIND));
    }

    /**
     * {@code graph} with every recurrent block's cell set to {@code cell} ({@code rnn}, {@code lstm},
     * {@code gru}); an LSTM-only {@code forget_bias} is dropped for the other two.
     */
    public static ModelGraph variant(ModelGraph graph, GateActivity.CellType cell) {
        if (!possible(graph)) {
            throw new SeqLabException("Model " + graph.name() + " has no '" + RECURRENT_KIND + "' block, so there is"
                    + " no RNN / LSTM / GRU to swap; its blocks are " + graph.blocks().stream().map(b -> b.id() + " ("
                    + b.kind() + ")").toList() + ". Compare cells on a model with a recurrent block, e.g. char-lstm-lm.");
        }
        List<BlockSpec> blocks = new ArrayList<>();
        for (BlockSpec b : graph.blocks()) {
            if (!b.kind().equals(RECURRENT_KIND)) {
                blocks.add(b);
                continue;
            }
            Map<String, Object> values = new LinkedHashMap<>(b.config().values());
            values.put("cell", cell.name().toLowerCase(Locale.ROOT));
            if (cell != GateActivity.CellType.LSTM) {
                values.remove("forget_bias");
            }
            blocks.add(new BlockSpec(b.id(), b.kind(), new BlockConfig(b.id(), b.kind(), values)));
        }
        return new ModelGraph(graph.version(), graph.name() + "-" + cell.name().toLowerCase(Locale.ROOT),
                graph.description(), graph.inputs(), blocks, graph.edges(), graph.outputs(), graph.losses(),
                graph.ties());
    }

    /**
     * Compiles the three variants of {@code graph} in {@code dtype} from {@code seed}, records each on
     * {@code inputs} and reads its gates: RNN, LSTM, GRU in that order.
     */
    public static List<Variant> record(ModelGraph graph, DType dtype, long seed, Map<String, Flow> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        List<Variant> out = new ArrayList<>();
        for (GateActivity.CellType cell : GateActivity.CellType.values()) {
            ModelGraph g = variant(graph, cell);
            GraphModel model = GraphModel.compile(g, BlockKinds.standard(), dtype, seed);
            Recording r = Recorder.record(model, inputs, false);
            out.add(new Variant(cell, g, GateActivity.of(r)));
        }
        return out;
    }
}
