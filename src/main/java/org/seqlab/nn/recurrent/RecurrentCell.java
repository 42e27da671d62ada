package org.seqlab.nn.recurrent;

import static org.seqlab.autograd.ops.F.add;
import static org.seqlab.autograd.ops.F.gruLayer;
import static org.seqlab.autograd.ops.F.linear;
import static org.seqlab.autograd.ops.F.lstmLayer;
import static org.seqlab.autograd.ops.F.matmulWt;
import static org.seqlab.autograd.ops.F.slice;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.nn.Module;
import org.seqlab.nn.Parameter;

/**
 * One step of a recurrence, as PyTorch's {@code nn.RNNCell}, {@code nn.LSTMCell} and {@code nn.GRUCell}:
 * parameters {@code weight_ih (G*H, I)}, {@code weight_hh (G*H, H)}, {@code bias_ih (G*H)},
 * {@code bias_hh (G*H)}, gates stacked in PyTorch's order, all initialised U(-1/sqrt(H), 1/sqrt(H)).
 *
 * <p>A step runs under the cell's label: {@code input_projection} ({@code x W_ih^T + b_ih}),
 * {@code projection} ({@code h W_hh^T + b_hh}, and for LSTM and RNN the sum of both), then one label per
 * gate ({@link CellKind#stepLabels()}). The subclasses hold the equations; {@link Recurrent} unrolls the
 * same equations over a sequence.
 */
public abstract sealed class RecurrentCell extends Module permits RnnCell, LstmCell, GruCell {
    private final CellKind kind;
    private final long inputSize;
    private final long hiddenSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;

    /** Whether untraced steps take the fused kernels (autograd.ops.LstmStep, GruStep); see {@link #useFusedSteps}. */
    private static volatile boolean fusedSteps = !"false".equals(System.getProperty("seqlab.fusedSteps"));

    /**
     * Turns the fused LSTM and GRU step kernels of the untraced (training) path on or off
     * ({@code -Dseqlab.fusedSteps=false} at start), for A/B benchmarks and for tests that compare both: off, the
     * untraced path runs the gate ops one by one as the traced path does. On by default.
     */
    public static void useFusedSteps(boolean on) {
        fusedSteps = on;
    }

    /** Whether a step run now takes a fused kernel: untraced, and {@link #useFusedSteps} on. */
    static boolean fused() {
        return fusedSteps && !Tape.tracing();
    }

    /** Whether untraced recurrences run as one op per layer (autograd.ops.LstmLayer); see {@link #useFusedLayers}. */
    private static volatile boolean fusedLayers = !"false".equals(System.getProperty("seqlab.fusedLayers"));

    /**
     * Turns the one-op recurrences of the untraced (training) path on or off ({@code -Dseqlab.fusedLayers=false} at
     * start), for A/B benchmarks and for tests that compare them with the step by step path. On by default; they
     * need the fused steps on too.
     */
    public static void useFusedLayers(boolean on) {
        fusedLayers = on;
    }

    /** Whether a recurrence run now takes the one-op layer: {@link #fused()} and {@link #useFusedLayers} on. */
    static boolean fusedLayer() {
        return fusedLayers && fused();
    }

    RecurrentCell(CellKind kind, long inputSize, long hiddenSize, boolean bias, double forgetBias, DType dtype,
                  SplittableRandom rng) {
        super(dtype);
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(kind.pytorchName() + " cell needs positive sizes; found inputSize="
                    + inputSize + ", hiddenSize=" + hiddenSize);
        }
        this.kind = kind;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        long rows = kind.gateCount() * hiddenSize;
        double bound = 1.0 / Math.sqrt(hiddenSize);
        this.weightIh = parameter("weight_ih", uniform(rng, bound, rows, inputSize));
        this.weightHh = parameter("weight_hh", uniform(rng, bound, rows, hiddenSize));
        this.biasIh = bias ? parameter("bias_ih", LstmCell.withForgetBias(uniform(rng, bound, rows), forgetBias,
                hiddenSize)) : null;
        this.biasHh = bias ? parameter("bias_hh", uniform(rng, bound, rows)) : null;
    }

    public final CellKind kind() {
        return kind;
    }

    public final long inputSize() {
        return inputSize;
    }

    public final long hiddenSize() {
        return hiddenSize;
    }

    /** A zero state for {@code batch} sequences (h, and c for the LSTM), {@code (B, H)} each. */
    public final CellState zeroState(long batch) {
        Tensor h = zeros(batch, hiddenSize);
        return kind.hasCellState() ? CellState.of(h, zeros(batch, hiddenSize)) : CellState.of(h);
    }

    /** One step from a zero state: {@code x (B, I)}. */
    public final CellState forward(Tensor x) {
        return forward(x, zeroState(x.rank() == 2 ? x.size(0) : 1));
    }

    /** One step: {@code x (B, I)} and the previous state ({@code (B, H)} each) to the next state. */
    public final CellState forward(Tensor x, CellState state) {
        try (Scope s = enter()) {
            checkShapes(x, state);
            // x W^T with each weight as stored (one GEMM, its transpose a flag); its weight gradient goes straight
            // into the weight's sum, so a traced step keeps no weight-sized array of its own
            Tensor xProj;
            try (Scope p = Scope.push(RecurrentLabels.INPUT_PROJECTION)) {
                xProj = projectWt(x, weightIh.get(), bias(biasIh));                             // (B, G*H)
            }
            Tensor hProj;
            try (Scope p = Scope.push(RecurrentLabels.PROJECTION)) {
                hProj = projectWt(state.h(), weightHh.get(), bias(biasHh));                     // (B, G*H)
            }
            return kind.step(xProj, hProj, state);
        }
    }

    /**
     * The input projections of every step of a sequence at once, {@code x (B, T, I)} to {@code (B, T, G*H)}: one
     * GEMM where {@link #forward(Tensor, CellState)} makes one per step. A caller that steps the cell over a whole
     * sequence whose inputs are known in advance (a teacher-forced decoder, untraced) takes each step's slice to
     * {@link #stepProjected}; the values are those of {@code forward} step by step.
     */
    public final Tensor projectInputs(Tensor x) {
        try (Scope s = enter()) {
            if (x.rank() != 3 || x.size(2) != inputSize) {
                throw new ShapeException(kind.pytorchName() + " cell at " + Scope.current() + ": expected a sequence"
                        + " (B, T, I) = (batch, steps, " + inputSize + ") to project; found " + x.shape() + ".");
            }
            try (Scope p = Scope.push(RecurrentLabels.INPUT_PROJECTION)) {
                return projectWt(x, weightIh.get(), bias(biasIh));                              // (B, T, G*H)
            }
        }
    }

    /**
     * One step from its input projection {@code xProj (B, G*H)} (a step of {@link #projectInputs}) and the previous
     * state: the same next state as {@link #forward(Tensor, CellState)} on that step's input.
     */
    public final CellState stepProjected(Tensor xProj, CellState state) {
        try (Scope s = enter()) {
            long rows = kind.gateCount() * hiddenSize;
            if (xProj.rank() != 2 || xProj.size(1) != rows) {
                throw new ShapeException(kind.pytorchName() + " cell at " + Scope.current() + ": expected a step's "
                        + "input projection (B, " + rows + "); found " + xProj.shape() + ".");
            }
            checkState("h", state.h(), xProj.size(0), Scope.current());
            Tensor hProj;
            try (Scope p = Scope.push(RecurrentLabels.PROJECTION)) {
                hProj = projectWt(state.h(), weightHh.get(), bias(biasHh));                     // (B, G*H)
            }
            return kind.step(xProj, hProj, state);
        }
    }

    /**
     * The states after every step of a whole sequence {@code x (B, T, I)} from {@code initial}, {@code (B, T, H)}:
     * the values of {@link #forward(Tensor, CellState)} stepped over x, as one op (autograd.ops.LstmLayer,
     * GruLayer) for training. Null when that path is not open now (traced, {@link #useFusedLayers} off, or an RNN
     * cell): the caller steps the cell instead.
     */
    public final Tensor statesOver(Tensor x, CellState initial) {
        if (!fusedLayer() || kind == CellKind.RNN_TANH || kind == CellKind.RNN_RELU
                || !F.recurrentLayerTakes(x.size(0))) {
            return null;
        }
        try (Scope s = enter()) {
            if (x.rank() != 3 || x.size(2) != inputSize) {
                throw new ShapeException(kind.pytorchName() + " cell at " + Scope.current() + ": expected a sequence"
                        + " (B, T, I) = (batch, steps, " + inputSize + "); found " + x.shape() + ".");
            }
            checkState("h", initial.h(), x.size(0), Scope.current());
            long steps = x.size(1);
            Tensor all;
            if (kind == CellKind.LSTM) {
                Tensor b = biasIh == null ? null : add(biasIh.get(), biasHh.get());
                all = lstmLayer(x, weightIh.get(), weightHh.get(), b, initial.h(), initial.c(), null, false);
            } else {
                all = gruLayer(x, weightIh.get(), weightHh.get(), bias(biasIh), bias(biasHh), initial.h(), null,
                        false);
            }
            return slice(all, 1, 0, steps);                                                   // (B, T, H)
        }
    }

    private static Tensor bias(Parameter p) {
        return p == null ? null : p.get();
    }

    private void checkShapes(Tensor x, CellState state) {
        String where = Scope.current();
        if (x.rank() != 2 || x.size(1) != inputSize) {
            throw new ShapeException(kind.pytorchName() + " cell at " + where + ": expected an input (B, I) = (batch, "
                    + inputSize + "); found " + x.shape() + ". Fix: give one time step of a batch; to run a whole "
                    + "sequence (B, T, I) use Recurrent.");
        }
        long b = x.size(0);
        checkState("h", state.h(), b, where);
        if (kind.hasCellState() && !state.hasCell()) {
            throw new ShapeException("LSTM cell at " + where + ": expected a state with h and c; found h alone. "
                    + "Fix: pass CellState.of(h, c), or zeroState(batch).");
        }
        if (!kind.hasCellState() && state.hasCell()) {
            throw new ShapeException(kind.pytorchName() + " cell at " + where + ": expected a state with h alone; "
                    + "found a cell state c too, which only the LSTM has. Fix: pass CellState.of(h).");
        }
        if (state.hasCell()) {
            checkState("c", state.c(), b, where);
        }
        if (x.dtype() != dtype()) {
            throw new ShapeException(kind.pytorchName() + " cell at " + where + ": expected " + dtype().displayName()
                    + " input like the weights; found " + x.dtype().displayName() + ". Fix: convert it with x.to(DType."
                    + dtype().name() + ").");
        }
    }

    private void checkState(String name, Tensor t, long batch, String where) {
        if (t.rank() != 2 || t.size(0) != batch || t.size(1) != hiddenSize) {
            throw new ShapeException(kind.pytorchName() + " cell at " + where + ": expected " + name
                    + " (B, H) = (" + batch + ", " + hiddenSize + "); found " + t.shape()
                    + ". Fix: give one state row per sequence of the batch, of the cell's hidden size.");
        }
    }

    // ---- shared by the cells' equations and the unroller ----------------------------------------

    /**
     * {@code x W^T + b} with W as stored: {@code (..., in) x (G*H, in)^T + (G*H)}; untraced, one GEMM started from
     * the bias ({@code linear}), traced the product and the add apart.
     */
    static Tensor projectWt(Tensor x, Tensor weight, Tensor bias) {
        if (bias != null && !Tape.tracing()) {
            return linear(x, weight, bias);
        }
        return withBias(matmulWt(x, weight), bias);
    }

    private static Tensor withBias(Tensor y, Tensor bias) {
        return bias == null ? y : add(y, bias);
    }

    /** Gate block {@code k} of {@code (B, G*H)} pre-activations, through its nonlinearity, under {@code label}. */
    static Tensor gate(String label, Tensor preactivations, int k, long hidden, UnaryOperator<Tensor> nonlinearity) {
        try (Scope s = Scope.push(label)) {
            return nonlinearity.apply(block(preactivations, k, hidden));                 // (B, H)
        }
    }

    /** Gate block {@code k}: columns {@code [k*H, (k+1)*H)} (PyTorch's chunk along dim 1). */
    static Tensor block(Tensor stacked, int k, long hidden) {
        return slice(stacked, 1, k * hidden, (k + 1) * hidden);
    }
}
