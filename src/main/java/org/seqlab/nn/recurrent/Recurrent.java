package org.seqlab.nn.recurrent;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.concat;
import static org.seqlab.autograd.ops.F.gruLayer;
import static org.seqlab.autograd.ops.F.lstmLayer;
import static org.seqlab.autograd.ops.F.mul;
import static org.seqlab.autograd.ops.F.select;
import static org.seqlab.autograd.ops.F.slice;
import static org.seqlab.autograd.ops.F.stack;
import static org.seqlab.nn.recurrent.RecurrentLabels.C_N;
import static org.seqlab.nn.recurrent.RecurrentLabels.DROPOUT;
import static org.seqlab.nn.recurrent.RecurrentLabels.H_N;
import static org.seqlab.nn.recurrent.RecurrentLabels.INITIAL_STATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.INPUT_PROJECTION;
import static org.seqlab.nn.recurrent.RecurrentLabels.MASK;
import static org.seqlab.nn.recurrent.RecurrentLabels.OUTPUT;
import static org.seqlab.nn.recurrent.RecurrentLabels.PROJECTION;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.Dropout;
import org.seqlab.nn.Module;
import org.seqlab.nn.Parameter;

/**
 * Stacked, optionally bidirectional recurrent layers unrolled over a batch of padded sequences: PyTorch's
 * {@code nn.RNN} / {@code nn.LSTM} / {@code nn.GRU} with {@code batch_first=True}, run on
 * {@code pack_padded_sequence(x, lengths, batch_first=True)}.
 *
 * <p>Parameters, per layer k and direction: {@code weight_ih_l{k}} {@code (G*H, I_k)},
 * {@code weight_hh_l{k}} {@code (G*H, H)}, {@code bias_ih_l{k}}, {@code bias_hh_l{k}} {@code (G*H)}, and
 * the same with the suffix {@code _reverse}; {@code I_0 = I}, {@code I_k = D*H}. All U(-1/sqrt(H), 1/sqrt(H)).
 *
 * <p>Padding: sequence b has {@code lengths[b]} valid steps. At a step t with {@code t >= lengths[b]} the
 * update is masked, {@code h_t = m_t * h_new + (1 - m_t) * h_{t-1}} with {@code m_t (B, 1)} 1 while
 * {@code t < length}: its output is zero and its state is carried unchanged. So the forward direction's final
 * state is its state at {@code length-1}, and the reverse direction, visiting T-1 down to 0, keeps its initial
 * state until it reaches {@code length-1} and starts there: exactly the packed-sequence semantics.
 */
public final class Recurrent extends Module {
    private final RecurrentConfig config;
    /** Layer-major, forward before reverse: index {@code layer * D + d}, the row order of h_n. */
    private final List<Direction> directions;
    private final Dropout dropout;

    /** The weights of one layer and direction. */
    private record Direction(int layer, boolean reverse, Parameter weightIh, Parameter weightHh, Parameter biasIh,
                             Parameter biasHh) {
        String label() {
            return RecurrentLabels.direction(layer, reverse);
        }
    }

    /** One direction's outputs {@code (B, T, H)} and its final state. */
    private record Unrolled(Tensor output, CellState last) {
    }

    public Recurrent(RecurrentConfig config, DType dtype, SplittableRandom rng) {
        super(dtype);
        this.config = Objects.requireNonNull(config, "config");
        long hidden = config.hiddenSize();
        long rows = config.kind().gateCount() * hidden;
        double bound = 1.0 / Math.sqrt(hidden);
        List<Direction> all = new ArrayList<>();
        for (int layer = 0; layer < config.numLayers(); layer++) {
            for (int d = 0; d < config.numDirections(); d++) {
                boolean reverse = d == 1;
                String suffix = "_" + RecurrentLabels.direction(layer, reverse);
                Parameter wIh = parameter("weight_ih" + suffix,
                        uniform(rng, bound, rows, config.layerInputSize(layer)));
                Parameter wHh = parameter("weight_hh" + suffix, uniform(rng, bound, rows, hidden));
                Parameter bIh = null;
                Parameter bHh = null;
                if (config.bias()) {
                    bIh = parameter("bias_ih" + suffix,
                            LstmCell.withForgetBias(uniform(rng, bound, rows), config.forgetBias(), hidden));
                    bHh = parameter("bias_hh" + suffix, uniform(rng, bound, rows));
                }
                all.add(new Direction(layer, reverse, wIh, wHh, bIh, bHh));
            }
        }
        this.directions = List.copyOf(all);
        this.dropout = config.dropout() > 0
                ? child(DROPOUT, new Dropout(config.dropout(), rng.nextLong(), dtype)) : null;
    }

    public RecurrentConfig config() {
        return config;
    }

    /** Every sequence of full length T, zero initial states. */
    public RecurrentOutput forward(Tensor x) {
        return forward(x, null, null, null);
    }

    /** Padded sequences of the given lengths, zero initial states. */
    public RecurrentOutput forward(Tensor x, long[] lengths) {
        return forward(x, lengths, null, null);
    }

    /**
     * Runs the stack.
     *
     * @param x {@code (B, T, I)}, batch first
     * @param lengths the valid steps of each sequence, {@code 1 <= lengths[b] <= T}; null: all T
     * @param h0 initial hidden states {@code (L*D, B, H)}, row {@code layer*D + d}; null: zeros
     * @param c0 initial cell states {@code (L*D, B, H)} (LSTM only, given together with h0); null: zeros
     */
    public RecurrentOutput forward(Tensor x, long[] lengths, Tensor h0, Tensor c0) {
        try (Scope s = enter()) {
            String where = Scope.current();
            checkInput(x, where);
            long batch = x.size(0);
            int steps = Math.toIntExact(x.size(1));
            long[] len = checkLengths(lengths, batch, steps, where);
            checkInitialState(h0, c0, batch, where);
            Masks masks = new Masks(len, steps, dtype());
            int numDirections = config.numDirections();

            Tensor input = x;
            List<Tensor> finalH = new ArrayList<>();
            List<Tensor> finalC = new ArrayList<>();
            for (int layer = 0; layer < config.numLayers(); layer++) {
                Tensor[] outputs = new Tensor[numDirections];
                for (int d = 0; d < numDirections; d++) {
                    int index = layer * numDirections + d;
                    Direction dir = directions.get(index);
                    Unrolled u = unroll(dir, input, initialState(dir, index, h0, c0, batch), masks);
                    outputs[d] = u.output();
                    finalH.add(u.last().h());
                    finalC.add(u.last().c());
                }
                try (Scope l = Scope.push(RecurrentLabels.direction(layer, false))) {
                    if (numDirections == 2) {
                        try (Scope o = Scope.push(OUTPUT)) {
                            input = concat(2, outputs);                                      // (B, T, 2H)
                        }
                    } else {
                        input = outputs[0];                                                  // (B, T, H)
                    }
                    if (dropout != null && layer < config.numLayers() - 1) {
                        input = dropout.forward(input);                                      // l{k}/dropout
                    }
                }
            }
            Tensor hN;
            try (Scope o = Scope.push(H_N)) {
                hN = stack(0, finalH);                                                       // (L*D, B, H)
            }
            Tensor cN = null;
            if (config.kind().hasCellState()) {
                try (Scope o = Scope.push(C_N)) {
                    cN = stack(0, finalC);                                                   // (L*D, B, H)
                }
            }
            return new RecurrentOutput(input, hN, cN);
        }
    }

    /** One layer in one direction over all steps: one GEMM for the input projection, then the recurrence. */
    private Unrolled unroll(Direction d, Tensor input, CellState initial, Masks masks) {
        int steps = Math.toIntExact(input.size(1));
        CellKind kind = config.kind();
        if (RecurrentCell.fusedLayer() && F.recurrentLayerTakes(input.size(0))) {
            if (kind == CellKind.LSTM) {
                return unrollLstm(d, input, initial, masks, steps);
            }
            if (kind == CellKind.GRU) {
                return unrollGru(d, input, initial, masks, steps);
            }
        }
        try (Scope s = Scope.push(d.label())) {
            // each projection is x W^T with W as stored (matmul_wt: the transpose is the GEMM's flag), and each
            // step's share of W_hh's gradient goes straight into W_hh's sum: no step keeps a weight-sized array
            // LSTM and RNN add both biases to the sum of both projections: untraced, they are added once, to the
            // input projection of all steps, instead of b_hh at every step (GRU's b_hn sits inside r * (...))
            boolean foldBiases = kind != CellKind.GRU && d.biasHh() != null && !Tape.tracing();
            Tensor xProj;
            try (Scope p = Scope.push(INPUT_PROJECTION)) {
                Tensor b = foldBiases ? add(bias(d.biasIh()), bias(d.biasHh())) : bias(d.biasIh());
                xProj = RecurrentCell.projectWt(input, d.weightIh().get(), b);              // (B, T, G*H)
            }
            Tensor stepBias = foldBiases ? null : bias(d.biasHh());
            Tensor[] outputs = new Tensor[steps];
            CellState state = initial;
            for (int i = 0; i < steps; i++) {
                int t = d.reverse() ? steps - 1 - i : i;
                try (Scope ts = Scope.push(RecurrentLabels.step(t))) {
                    Tensor xt;
                    Tensor hProj;
                    try (Scope p = Scope.push(PROJECTION)) {
                        xt = select(xProj, 1, t);                                            // (B, G*H)
                        hProj = RecurrentCell.projectWt(state.h(), d.weightHh().get(), stepBias); // (B, G*H)
                    }
                    CellState next = kind.step(xt, hProj, state);
                    if (masks.padded(t)) {
                        try (Scope m = Scope.push(MASK)) {
                            Tensor keep = masks.keep(t);                                     // (B, 1): t < length
                            Tensor drop = masks.drop(t);                                     // (B, 1): 1 - keep
                            outputs[t] = mul(keep, next.h());                                // zero past the end
                            Tensor h = add(outputs[t], mul(drop, state.h()));                // carry the state
                            Tensor c = next.hasCell() ? add(mul(keep, next.c()), mul(drop, state.c())) : null;
                            state = new CellState(h, c);
                        }
                    } else {
                        outputs[t] = next.h();
                        state = next;
                    }
                }
            }
            Tensor output;
            try (Scope o = Scope.push(OUTPUT)) {
                output = stack(1, outputs);                                                  // (B, T, H)
            }
            return new Unrolled(output, state);
        }
    }

    /**
     * Training's LSTM direction: the whole recurrence as one op (autograd.ops.LstmLayer), the same values and
     * gradients as the steps above; its output {@code (B, T+2, H)} holds the outputs, then h_n and c_n.
     */
    private Unrolled unrollLstm(Direction d, Tensor input, CellState initial, Masks masks, int steps) {
        try (Scope s = Scope.push(d.label())) {
            Tensor b = d.biasIh() == null ? null : add(bias(d.biasIh()), bias(d.biasHh()));
            Tensor all = lstmLayer(input, d.weightIh().get(), d.weightHh().get(), b, initial.h(), initial.c(),
                    masks.lengths(), d.reverse());                                  // (B, T+2, H)
            Tensor output;
            try (Scope o = Scope.push(OUTPUT)) {
                output = slice(all, 1, 0, steps);                                    // (B, T, H)
            }
            return new Unrolled(output, CellState.of(select(all, 1, steps), select(all, 1, steps + 1)));
        }
    }

    /** Training's GRU direction as one op (autograd.ops.GruLayer); its output {@code (B, T+1, H)} ends with h_n. */
    private Unrolled unrollGru(Direction d, Tensor input, CellState initial, Masks masks, int steps) {
        try (Scope s = Scope.push(d.label())) {
            Tensor all = gruLayer(input, d.weightIh().get(), d.weightHh().get(), bias(d.biasIh()), bias(d.biasHh()),
                    initial.h(), masks.lengths(), d.reverse());                     // (B, T+1, H)
            Tensor output;
            try (Scope o = Scope.push(OUTPUT)) {
                output = slice(all, 1, 0, steps);                                    // (B, T, H)
            }
            return new Unrolled(output, CellState.of(select(all, 1, steps)));
        }
    }

    private CellState initialState(Direction d, int index, Tensor h0, Tensor c0, long batch) {
        boolean lstm = config.kind().hasCellState();
        if (h0 == null) {
            Tensor h = zeros(batch, config.hiddenSize());
            return lstm ? CellState.of(h, zeros(batch, config.hiddenSize())) : CellState.of(h);
        }
        try (Scope s = Scope.push(d.label() + "/" + INITIAL_STATE)) {
            Tensor h = select(h0, 0, index);                                                 // (B, H)
            return lstm ? CellState.of(h, select(c0, 0, index)) : CellState.of(h);           // (B, H)
        }
    }

    private static Tensor bias(Parameter p) {
        return p == null ? null : p.get();
    }

    // ---- checks ---------------------------------------------------------------------------------

    private String name() {
        return config.kind().pytorchName();
    }

    private void checkInput(Tensor x, String where) {
        long in = config.inputSize();
        if (x.rank() != 3 || x.size(2) != in || x.size(0) == 0 || x.size(1) == 0) {
            throw new ShapeException(name() + " at " + where + ": expected an input (B, T, I) = (batch, time, " + in
                    + "), batch first, with B, T >= 1; found " + x.shape() + ". Fix: "
                    + (x.rank() == 2 ? "add the batch dimension (one sequence is (1, T, I))"
                    : x.rank() == 3 && x.size(2) != in ? "give " + in + " features per step, or build the layer with "
                            + "inputSize " + x.size(2)
                    : "reshape the input to (batch, time, features)") + ".");
        }
        if (x.dtype() != dtype()) {
            throw new ShapeException(name() + " at " + where + ": expected " + dtype().displayName()
                    + " input like the weights; found " + x.dtype().displayName() + ". Fix: convert it with x.to(DType."
                    + dtype().name() + ").");
        }
    }

    private long[] checkLengths(long[] lengths, long batch, int steps, String where) {
        long[] len = new long[Math.toIntExact(batch)];
        if (lengths == null) {
            Arrays.fill(len, steps);
            return len;
        }
        if (lengths.length != batch) {
            throw new ShapeException(name() + " at " + where + ": expected one length per sequence, " + batch
                    + " for the input " + "of batch size " + batch + "; found " + lengths.length + " lengths "
                    + Arrays.toString(lengths) + ". Fix: give one length per row of the input.");
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new ShapeException(name() + " at " + where + ": expected every length in 1.." + steps
                        + " (the input has T = " + steps + " steps); found length " + lengths[b] + " for sequence " + b
                        + " in " + Arrays.toString(lengths) + ". Fix: "
                        + (lengths[b] < 1 ? "drop empty sequences from the batch (PyTorch's pack_padded_sequence "
                        + "refuses them too)" : "pad the batch to its longest sequence, or correct the lengths")
                        + ".");
            }
            len[b] = lengths[b];
        }
        return len;
    }

    private void checkInitialState(Tensor h0, Tensor c0, long batch, String where) {
        boolean lstm = config.kind().hasCellState();
        if (!lstm && c0 != null) {
            throw new ShapeException(name() + " at " + where + ": expected h0 alone; found a c0 too, which only "
                    + "the LSTM has. Fix: pass c0 = null.");
        }
        if (lstm && (h0 == null) != (c0 == null)) {
            throw new ShapeException(name() + " at " + where + ": expected h0 and c0 together (or neither, for "
                    + "zeros); found only " + (h0 == null ? "c0" : "h0") + ". Fix: pass both, as nn.LSTM's (h0, c0).");
        }
        long rows = (long) config.numLayers() * config.numDirections();
        checkState("h0", h0, rows, batch, where);
        checkState("c0", c0, rows, batch, where);
    }

    private void checkState(String what, Tensor t, long rows, long batch, String where) {
        if (t == null) {
            return;
        }
        if (t.rank() != 3 || t.size(0) != rows || t.size(1) != batch || t.size(2) != config.hiddenSize()) {
            throw new ShapeException(name() + " at " + where + ": expected " + what + " (L*D, B, H) = ("
                    + config.numLayers() + "*" + config.numDirections() + ", " + batch + ", " + config.hiddenSize()
                    + ") = (" + rows + "," + batch + "," + config.hiddenSize() + "); found " + t.shape()
                    + ". Fix: one row per layer and direction (row layer*D + d), one state per sequence.");
        }
        if (t.dtype() != dtype()) {
            throw new ShapeException(name() + " at " + where + ": expected " + what + " in " + dtype().displayName()
                    + "; found " + t.dtype().displayName() + ". Fix: convert it with .to(DType." + dtype().name()
                    + ").");
        }
    }

    /** The padding masks: where some sequence has ended at step t, {@code keep (B, 1)} and {@code drop = 1 - keep}. */
    private static final class Masks {
        private final Tensor[] keep;
        private final Tensor[] drop;

        /** The lengths, or null when every sequence has all the steps. */
        private final long[] lengths;

        Masks(long[] lengths, int steps, DType dtype) {
            boolean any = false;
            for (long l : lengths) {
                any |= l < steps;
            }
            this.lengths = any ? lengths.clone() : null;
            keep = new Tensor[steps];
            drop = new Tensor[steps];
            int batch = lengths.length;
            for (int t = 0; t < steps; t++) {
                double[] k = new double[batch];
                double[] r = new double[batch];
                boolean padded = false;
                for (int b = 0; b < batch; b++) {
                    k[b] = t < lengths[b] ? 1 : 0;
                    r[b] = 1 - k[b];
                    padded |= k[b] == 0;
                }
                if (padded) {
                    keep[t] = Tensor.of(dtype, k, batch, 1).named("mask");
                    drop[t] = Tensor.of(dtype, r, batch, 1).named("1-mask");
                }
            }
        }

        boolean padded(int t) {
            return keep[t] != null;
        }

        long[] lengths() {
            return lengths;
        }

        Tensor keep(int t) {
            return keep[t];
        }

        Tensor drop(int t) {
            return drop[t];
        }
    }
}
