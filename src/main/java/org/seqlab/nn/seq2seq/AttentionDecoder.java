package org.seqlab.nn.seq2seq;

import static org.seqlab.autograd.ops.F.concat;
import static org.seqlab.autograd.ops.F.select;
import static org.seqlab.autograd.ops.F.stack;
import static org.seqlab.autograd.ops.F.tanh;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.Linear;
import org.seqlab.nn.Module;
import org.seqlab.nn.attention.AdditiveAttention;
import org.seqlab.nn.attention.AttentionResult;
import org.seqlab.nn.attention.DotAttention;
import org.seqlab.nn.attention.GeneralAttention;
import org.seqlab.nn.attention.Seq2SeqAttention;
import org.seqlab.nn.recurrent.CellKind;
import org.seqlab.nn.recurrent.CellState;
import org.seqlab.nn.recurrent.GruCell;
import org.seqlab.nn.recurrent.LstmCell;
import org.seqlab.nn.recurrent.RecurrentCell;

/**
 * The decoder of a seq2seq model with attention, teacher-forced over the target positions:
 * <ul>
 *   <li>additive attention: Bahdanau et al. (2015) — attend with the previous state {@code h_{t-1}}, feed
 *       {@code [y_t; context]} to the cell, output {@code h_t};</li>
 *   <li>dot or general attention: Luong et al. (2015) — step the cell on {@code y_t}, attend with {@code h_t},
 *       output {@code tanh(W_c [h_t; context])} ({@code combine}).</li>
 * </ul>
 * Children: {@code attention}, {@code cell} (PyTorch's GRUCell / LSTMCell names), {@code combine} (Luong).
 * Every step runs under the label {@code t{t}}; the attention weights of the step are its
 * {@code t{t}/attention/weights} event.
 */
public final class AttentionDecoder extends Module {

    /** The decoder's sizes and kinds. */
    public record Config(CellKind cell, long inputSize, long hiddenSize, long memorySize, String attention) {
        public Config {
            if (cell != CellKind.GRU && cell != CellKind.LSTM) {
                throw new IllegalArgumentException("the attention decoder steps a GRU or an LSTM cell; found " + cell);
            }
            if (!attention.equals("additive") && !attention.equals("dot") && !attention.equals("general")) {
                throw new IllegalArgumentException("attention must be additive, dot or general; found " + attention);
            }
            if (attention.equals("dot") && hiddenSize != memorySize) {
                throw new IllegalArgumentException("dot attention compares the decoder state with the encoder outputs,"
                        + " so their sizes must agree; found hidden " + hiddenSize + " and memory " + memorySize
                        + ". Use general attention, or make them equal");
            }
        }

        public boolean bahdanau() {
            return attention.equals("additive");
        }
    }

    /** The decoder's outputs {@code (B, T, H)} and every step's attention weights {@code (B, T, S)}. */
    public record Output(Tensor outputs, Tensor weights) {
    }

    private final Config config;
    private final Seq2SeqAttention attention;
    private final RecurrentCell cell;
    private final Linear combine;

    public AttentionDecoder(Config config, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.config = config;
        long h = config.hiddenSize();
        long m = config.memorySize();
        switch (config.attention()) {
            case "additive":
                this.attention = child("attention", new AdditiveAttention(h, m, h, true, dtype, rng));
                break;
            case "dot":
                this.attention = child("attention", new DotAttention(h, dtype));
                break;
            default:
                this.attention = child("attention", new GeneralAttention(h, m, dtype, rng));
                break;
        }
        long cellInput = config.bahdanau() ? config.inputSize() + m : config.inputSize();
        this.cell = child("cell", config.cell() == CellKind.GRU ? new GruCell(cellInput, h, dtype, rng)
                : new LstmCell(cellInput, h, dtype, rng));
        this.combine = config.bahdanau() ? null : child("combine", new Linear(h + m, h, false, dtype, rng));
    }

    public Config config() {
        return config;
    }

    /**
     * Decodes teacher-forced: {@code inputs (B, T, E)} (the embedded previous target tokens), {@code memory
     * (B, S, M)} (the encoder's outputs), {@code memoryPadding (B, S)} (non-zero at padding, or null), and the
     * initial state {@code h0 (B, H)} (or null for zeros).
     */
    public Output forward(Tensor inputs, Tensor memory, Tensor memoryPadding, Tensor h0) {
        try (Scope s = enter()) {
            if (inputs.rank() != 3 || inputs.size(2) != config.inputSize()) {
                throw new ShapeException("attention decoder at " + Scope.current() + ": expected inputs (B, T, "
                        + config.inputSize() + "); found " + inputs.shape() + ".");
            }
            long b = inputs.size(0);
            long t = inputs.size(1);
            CellState state = cell.zeroState(b);
            if (h0 != null) {
                if (h0.rank() != 2 || h0.size(0) != b || h0.size(1) != config.hiddenSize()) {
                    throw new ShapeException("attention decoder at " + Scope.current() + ": the initial state must be"
                            + " (B, H) = (" + b + ", " + config.hiddenSize() + "); found " + h0.shape()
                            + ". Make the encoder's final state the decoder's size.");
                }
                state = config.cell() == CellKind.LSTM ? CellState.of(h0, state.c()) : CellState.of(h0);
            }
            if (!config.bahdanau() && !Tape.tracing()) {
                return luongAllSteps(inputs, memory, memoryPadding, state);
            }
            List<Tensor> outputs = new ArrayList<>();
            List<Tensor> weights = new ArrayList<>();
            for (int step = 0; step < t; step++) {
                try (Scope ts = Scope.push("t" + step)) {
                    Tensor y = select(inputs, 1, step);                                 // (B, E)
                    Tensor out;
                    if (config.bahdanau()) {
                        AttentionResult a = attention.forward(state.h(), memory, memoryPadding);
                        Tensor x;
                        try (Scope c = Scope.push("cell_input")) {
                            x = concat(1, y, a.output());                               // (B, E + M)
                        }
                        state = cell.forward(x, state);
                        out = state.h();
                        weights.add(a.weights());
                    } else {
                        state = cell.forward(y, state);
                        AttentionResult a = attention.forward(state.h(), memory, memoryPadding);
                        try (Scope c = Scope.push("attentional_hidden")) {
                            out = tanh(combine.forward(concat(1, state.h(), a.output())));   // (B, H)
                        }
                        weights.add(a.weights());
                    }
                    outputs.add(out);
                }
            }
            Tensor outs;
            Tensor ws;
            try (Scope o = Scope.push("outputs")) {
                outs = stack(1, outputs);                                               // (B, T, H)
            }
            try (Scope w = Scope.push("attention_weights")) {
                ws = stack(1, weights);                                                 // (B, T, S)
            }
            return new Output(outs, ws);
        }
    }

    /**
     * Luong's decoder, untraced (training): its cell steps on the target inputs alone, so the input projections
     * of all steps are one GEMM, and the attention of all steps, which needs only the cell's states, is a few
     * batched ops after the recurrence, as is the combination; the values and gradients are those of the traced
     * path, which runs step by step so the debugger can show each step's attention.
     */
    private Output luongAllSteps(Tensor inputs, Tensor memory, Tensor memoryPadding, CellState initial) {
        Tensor h = cell.statesOver(inputs, initial);                                    // (B, T, H), one op
        if (h == null) {
            int steps = Math.toIntExact(inputs.size(1));
            Tensor projected = cell.projectInputs(inputs);                              // (B, T, G*H)
            Tensor[] states = new Tensor[steps];
            CellState state = initial;
            for (int step = 0; step < steps; step++) {
                try (Scope ts = Scope.push("t" + step)) {
                    state = cell.stepProjected(select(projected, 1, step), state);
                    states[step] = state.h();
                }
            }
            try (Scope o = Scope.push("states")) {
                h = stack(1, states);                                                   // (B, T, H)
            }
        }
        AttentionResult a = attention.forwardAll(h, memory, memory, memoryPadding);  // (B, T, M), (B, T, S)
        Tensor out;
        try (Scope c = Scope.push("attentional_hidden")) {
            out = tanh(combine.forward(concat(2, h, a.output())));                      // (B, T, H)
        }
        return new Output(out, a.weights());
    }
}
