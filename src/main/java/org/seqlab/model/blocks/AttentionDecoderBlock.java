package org.seqlab.model.blocks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.BlockModule;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortSpec;
import org.seqlab.model.graph.PortType;
import org.seqlab.nn.Module;
import org.seqlab.nn.recurrent.CellKind;
import org.seqlab.nn.seq2seq.AttentionDecoder;

/**
 * {@code attention_decoder}: a recurrent decoder (GRU or LSTM) attending over an encoder's memory at every
 * step, additive (Bahdanau) or dot / general (Luong); teacher-forced on the embedded previous targets.
 * Inputs: {@code in} (B,T,E), {@code memory} (B,S,M), optional {@code init} (B,H). Output: {@code out} (B,T,H).
 */
public final class AttentionDecoderBlock implements BlockKind {
    @Override
    public String name() {
        return "attention_decoder";
    }

    @Override
    public String summary() {
        return "A GRU/LSTM decoder that attends over the encoder's outputs at every step (Bahdanau or Luong).";
    }

    @Override
    public Set<String> settings() {
        return Kinds.settings("cell", "input_size", "hidden_size", "memory_size", "attention");
    }

    static AttentionDecoder.Config config(BlockConfig c) {
        CellKind cell = c.choice("cell", "gru", List.of("gru", "lstm")).equals("lstm") ? CellKind.LSTM : CellKind.GRU;
        try {
            return new AttentionDecoder.Config(cell, c.positive("input_size"), c.positive("hidden_size"),
                    c.positive("memory_size"), c.choice("attention", "additive", List.of("additive", "dot", "general")));
        } catch (IllegalArgumentException e) {
            throw Kinds.error(c, "attention_decoder", e.getMessage());
        }
    }

    @Override
    public List<PortSpec> inputs(BlockConfig c) {
        return List.of(PortSpec.of("in", PortKind.SEQUENCE, c.positive("input_size"), "input_size"),
                PortSpec.of("memory", PortKind.MEMORY, c.positive("memory_size"), "memory_size"),
                new PortSpec("init", PortKind.VECTOR, c.positive("hidden_size"), "hidden_size", true));
    }

    @Override
    public Map<String, PortType> outputs(BlockConfig c, Map<String, PortType> in) {
        return Map.of("out", PortType.sequence(config(c).hiddenSize()));
    }

    @Override
    public Module build(BlockConfig c, DType dtype, SplittableRandom rng) {
        return new Impl(new AttentionDecoder(config(c), dtype, rng));
    }

    /** The compiled block: {@code attention.*}, {@code cell.weight_ih}, ..., {@code combine.weight}. */
    static final class Impl extends Module implements BlockModule {
        private final AttentionDecoder decoder;

        Impl(AttentionDecoder decoder) {
            super(decoder.dtype());
            this.decoder = inline(decoder);
        }

        @Override
        public Map<String, Flow> forward(Map<String, Flow> in) {
            Flow x = in.get("in");
            Flow memory = in.get("memory");
            Flow init = in.get("init");
            AttentionDecoder.Output o = decoder.forward(x.value(), memory.value(), Masks.padding(memory.mask()),
                    init == null ? null : init.value());
            return Map.of("out", new Flow(o.outputs(), x.mask()));
        }
    }
}
