package org.seqlab.model.blocks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.BlockModule;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;
import org.seqlab.nn.recurrent.CellKind;
import org.seqlab.nn.recurrent.Recurrent;
import org.seqlab.nn.recurrent.RecurrentConfig;
import org.seqlab.nn.recurrent.RecurrentOutput;

/**
 * {@code recurrent}: a stacked, optionally bidirectional RNN / LSTM / GRU over a sequence, as PyTorch's
 * {@code nn.RNN} / {@code nn.LSTM} / {@code nn.GRU} (batch first, padding respected). Outputs: {@code out}
 * (B,T,D*H), the same as attention {@code memory}, and {@code final} (B,D*H): the last layer's final hidden
 * state (both directions joined).
 */
public final class RecurrentBlock implements BlockKind {
    private static final List<String> CELLS = List.of("lstm", "gru", "rnn_tanh", "rnn_relu", "rnn");

    @Override
    public String name() {
        return "recurrent";
    }

    @Override
    public String summary() {
        return "A stacked (bi)directional RNN, LSTM or GRU over the sequence, gate by gate on the trace.";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("cell", "input_size", "hidden_size", "num_layers", "bidirectional", "dropout",
                "forget_bias", "bias");
    }

    static RecurrentConfig config(BlockConfig c) {
        CellKind kind;
        switch (c.choice("cell", "lstm", CELLS)) {
            case "gru": kind = CellKind.GRU; break;
            case "rnn_relu": kind = CellKind.RNN_RELU; break;
            case "rnn": case "rnn_tanh": kind = CellKind.RNN_TANH; break;
            default: kind = CellKind.LSTM; break;
        }
        try {
            return new RecurrentConfig(kind, c.positive("input_size"), c.positive("hidden_size"),
                    Math.toIntExact(c.positive("num_layers", 1)), c.flag("bidirectional", false), c.flag("bias", true),
                    c.number("dropout", 0, 0, 0.999), c.number("forget_bias", 0, -100, 100));
        } catch (org.seqlab.SeqLabException e) {
            throw Kinds.error(c, "recurrent", e.getMessage());
        }
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.of("in", PortKind.SEQUENCE, c.positive("input_size"), "input_size"));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        long d = config(c).outputSize();
        return Map.of("out", PortType.sequence(d), "memory", PortType.memory(d), "final", PortType.vector(d));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(new Recurrent(config(c), dtype, rng));
    }

    /** The compiled block: nn.LSTM's parameter names ({@code weight_ih_l0}, ...) under the block's id. */
    static final class Impl extends Module implements BlockModule {
        private final Recurrent rnn;

        Impl(Recurrent rnn) {
            super(rnn.dtype());
            this.rnn = inline(rnn);
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            RecurrentOutput r = rnn.forward(x.value(), Masks.lengths(x.mask()));
            RecurrentConfig cfg = rnn.config();
            int d = cfg.numDirections();
            long layers = cfg.numLayers();
            // h_n is (L*D, B, H); the last layer's directions are its last D rows.
            Tensor last = F.slice(r.hN(), 0, (layers - 1) * d, layers * d);              // (D, B, H)
            Tensor fin = F.reshape(F.permute(last, 1, 0, 2), last.size(1), d * cfg.hiddenSize());   // (B, D*H)
            Flow out = new Flow(r.output(), x.mask());
            return Map.of("out", out, "memory", out, "final", Flow.of(fin));
        }
    }
}
