package org.seqlab.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.SeqLabException;

/**
 * Records the ops that run on this thread while it is open, so that {@link #backward} can walk them
 * in reverse; with {@link TapeOptions#trace()} it also keeps a {@link Trace} event per op. One tape per
 * thread at a time; used with try-with-resources:
 * <pre>{@code
 * try (Tape tape = Tape.open()) {
 *     Tensor loss = model.loss(batch);
 *     tape.backward(loss);
 *     Trace trace = tape.trace();
 * }
 * }</pre>
 */
public final class Tape implements AutoCloseable {
    private static final ThreadLocal<Tape> CURRENT = new ThreadLocal<>();

    private record Node(Op op, Tensor[] inputs, Tensor output) {
    }

    private final TapeOptions options;
    private final Thread owner;
    private final List<Node> nodes = new ArrayList<>();
    private final List<TraceEvent> events = new ArrayList<>();
    private boolean backwardDone;
    private boolean closed;

    private Tape(TapeOptions options) {
        this.options = options;
        this.owner = Thread.currentThread();
    }

    /** Opens a tape that records the graph and the trace. */
    public static Tape open() {
        return open(TapeOptions.traced());
    }

    /** Opens a tape on this thread; throws if one is already open here. */
    public static Tape open(TapeOptions options) {
        if (CURRENT.get() != null) {
            throw new SeqLabException("A tape is already recording on thread '" + Thread.currentThread().getName()
                    + "': close it (try-with-resources) before opening another, or record both passes on one tape.");
        }
        Tape t = new Tape(options);
        CURRENT.set(t);
        return t;
    }

    /** The tape recording on this thread right now (null when none is open or {@link NoGrad} is active). */
    static Tape recording() {
        Tape t = CURRENT.get();
        return t == null || NoGrad.active() ? null : t;
    }

    /**
     * Whether the ops run now are traced for the debugger (a tape that traces is open on this thread): layers may
     * take a faster route when not, as long as it computes the same values and gradients.
     */
    public static boolean tracing() {
        Tape t = CURRENT.get();
        return t != null && t.options.trace();
    }

    /** Whether a tape is open on this thread (regardless of {@link NoGrad}). */
    public static boolean isOpen() {
        return CURRENT.get() != null;
    }

    public TapeOptions options() {
        return options;
    }

    /** How many ops this tape has recorded. */
    public int size() {
        return nodes.size();
    }

    void recordForward(Op op, Tensor[] inputs, Tensor output) {
        nodes.add(new Node(op, inputs, output));
        if (options.trace()) {
            events.add(new TraceEvent(events.size(), Phase.FORWARD, op.name(), op.label(), ids(inputs),
                    shapes(inputs), output.id(), output.shape(), Tensor.wrap(output.array(), op.label()),
                    List.of(), wrapSaved(op)));
        }
        if (options.detectNonFinite() && !Tensor.isFinite(output.array())) {
            int bad = -1;
            for (int i = 0; i < inputs.length; i++) {
                if (!inputs[i].isFinite()) {
                    bad = i;
                    break;
                }
            }
            String why = bad >= 0
                    ? "input " + bad + " (" + describe(inputs[bad]) + ") was already non-finite"
                    : "all its inputs were finite, so this op produced it";
            throw new NonFiniteException("Forward pass stopped: " + op.where() + " produced NaN or Inf in its output "
                    + output.shape() + "; " + why + ". Look at this op's inputs (lower the learning rate, clip "
                    + "gradients, or guard log/div against zero).", op.name(), op.label(), Phase.FORWARD, bad);
        }
    }

    /** Backward from a scalar (or one-element) loss: seeds dL/dL = 1. */
    public void backward(Tensor loss) {
        if (loss.numel() != 1) {
            throw new ShapeException("backward needs a loss with one value; '" + loss.label() + "' has shape "
                    + loss.shape() + ": reduce it (sum or mean), or call backward(output, gradOutput).");
        }
        backward(loss, Tensor.wrap(Nd4j.ones(loss.array().dataType(), loss.shape().toArray()), "seed"));
    }

    /** Backward from {@code output}, seeding dL/d(output) = {@code gradOutput}. */
    public void backward(Tensor output, Tensor gradOutput) {
        checkOwner();
        if (backwardDone) {
            throw new SeqLabException("backward already ran on this tape: open a new tape for the next pass.");
        }
        if (!output.requiresGrad()) {
            throw new GradientException("Cannot run backward from '" + output.label() + "': it does not depend on any "
                    + "tensor that requires a gradient. Mark parameters with requiresGrad(true) and compute the "
                    + "output while this tape is open.");
        }
        if (!gradOutput.shape().equals(output.shape())) {
            throw new ShapeException("backward: gradOutput " + gradOutput.shape() + " must have the shape of the output "
                    + output.shape() + ".");
        }
        backwardDone = true;
        Map<Tensor, INDArray> grads = new IdentityHashMap<>();
        // the sums this pass made, by the tensor they belong to: only those may be added to in place (an op's
        // backward may hand back its incoming gradient, which then belongs to another tensor as well)
        Map<Tensor, INDArray> ownSums = new IdentityHashMap<>();
        // an op may add an input's gradient straight into that input's sum, with no array of its own
        // (accumulatesGradient), unless a non-finite check must read that gradient; a trace then records the
        // gradient as a deferred tensor, computed if somebody looks at it
        boolean summing = !options.detectNonFinite();
        Set<Tensor> made = options.trace() ? outputs() : Set.of();
        // a leaf's gradient shares that are products (gᵀ x of each time step's use of a weight) are stacked and
        // added at the end with one GEMM per weight over all their rows, instead of one per step: nothing reads a
        // leaf's sum before the pass ends (a trace records each step's share as its own deferred tensor, computed
        // from the same factors, never from the sum)
        Map<INDArray, List<INDArray[]>> products = summing ? new IdentityHashMap<>() : null;
        Set<Tensor> producedHere = products == null ? Set.of() : options.trace() ? made : outputs();
        grads.put(output, gradOutput.array());
        for (int n = nodes.size() - 1; n >= 0; n--) {
            Node node = nodes.get(n);
            INDArray gOut = grads.get(node.output());
            if (gOut == null || !node.output().requiresGrad()) {
                continue;
            }
            Op op = node.op();
            Tensor[] inputs = node.inputs();
            boolean[] summed = null;
            boolean rest = false;
            for (int i = 0; i < inputs.length; i++) {
                if (!op.needsGrad(i)) {
                    continue;
                }
                if (summing && op.accumulatesGradient(i) && (!options.trace() || othersFixed(inputs, i, made))) {
                    if (summed == null) {
                        summed = new boolean[inputs.length];
                    }
                    summed[i] = true;
                    Tensor in = inputs[i];
                    INDArray acc = ownSums.get(in);
                    if (acc == null) {
                        INDArray prev = grads.get(in);
                        acc = prev == null ? Nd4j.zeros(gOut.dataType(), in.array().shape()) : prev.dup('c');
                        ownSums.put(in, acc);
                        grads.put(in, acc);
                    }
                    INDArray[] factors = products != null && !producedHere.contains(in)
                            ? op.gradientFactors(i, gOut) : null;
                    if (factors != null) {
                        products.computeIfAbsent(acc, k -> new ArrayList<>()).add(factors);
                    } else {
                        op.accumulateGradient(i, gOut, acc);
                    }
                } else {
                    rest = true;
                }
            }
            INDArray[] gIn = !rest ? null : summed == null ? op.backward(gOut) : op.backwardExcept(summed, gOut);
            List<Tensor> produced = new ArrayList<>(inputs.length);
            for (int i = 0; i < inputs.length; i++) {
                Tensor in = inputs[i];
                if (!op.needsGrad(i)) {
                    produced.add(null);
                    continue;
                }
                if (summed != null && summed[i]) {
                    if (options.trace()) {
                        int arg = i;
                        INDArray g = gOut;
                        produced.add(Tensor.deferred(in.dtype(), in.shape(), in.label(),
                                () -> op.inputGradient(arg, g)));
                    } else {
                        produced.add(null);
                    }
                    continue;
                }
                INDArray g = gIn == null || i >= gIn.length ? null : gIn[i];
                if (g == null) {
                    throw new GradientException("The gradient of " + op.where() + " with respect to argument " + i
                            + " (" + describe(in) + ") is not defined: this argument cannot be differentiated; "
                            + "detach it or make it a constant.");
                }
                if (!Arrays.equals(g.shape(), in.array().shape())) {
                    throw new IllegalStateException("Engine bug: " + op.where() + " produced a gradient of shape "
                            + Shape.of(g.shape()) + " for argument " + i + " of shape " + in.shape());
                }
                if (options.detectNonFinite() && !Tensor.isFinite(g)) {
                    throw nonFiniteGradient(op, node, gOut, i);
                }
                INDArray prev = grads.get(in);
                if (prev == null) {
                    grads.put(in, g);
                } else if (ownSums.get(in) == prev) {
                    // a sum this pass made: the trace holds each op's own gradient, never a sum being built, and
                    // a tensor's sum is read (as its producer's dL/d(output)) only once every reader has added to it
                    prev.addi(g);
                } else {
                    INDArray sum = prev.add(g);
                    grads.put(in, sum);
                    ownSums.put(in, sum);
                }
                produced.add(Tensor.wrap(g, in.label()));
            }
            if (options.trace()) {
                events.add(new TraceEvent(events.size(), Phase.BACKWARD, op.name(), op.label(), ids(node.inputs()),
                        shapes(node.inputs()), node.output().id(), node.output().shape(),
                        Tensor.wrap(gOut, op.label()), produced, wrapSaved(op)));
            }
        }
        if (products != null) {
            products.forEach(Tape::addProducts);
        }
        Set<Tensor> computed = options.trace() ? made : products != null ? producedHere : outputs();
        for (Map.Entry<Tensor, INDArray> e : grads.entrySet()) {
            Tensor t = e.getKey();
            if (t.requiresGrad()) {
                // the tensor keeps the array itself, no copy, when it is a sum this pass made (nobody else holds it)
                // or when the tensor is an op's output: only a leaf's gradient (a parameter's) is ever changed in
                // place afterwards (clipping, the optimizer), and that must not reach an array the trace shows
                t.accumulateGrad(e.getValue(), ownSums.get(t) == e.getValue() || computed.contains(t));
            }
        }
    }

    /** {@code acc += Σ aᵢᵀ bᵢ} as one GEMM over the stacked rows of the factors (one product: no stacking). */
    private static void addProducts(INDArray acc, List<INDArray[]> factors) {
        if (factors.size() == 1) {
            Gemm.into(factors.get(0)[0], factors.get(0)[1], acc, true, false, 1.0, 1.0);
            return;
        }
        INDArray[] a = new INDArray[factors.size()];
        INDArray[] b = new INDArray[factors.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = factors.get(k)[0];
            b[k] = factors.get(k)[1];
        }
        Gemm.into(Nd4j.concat(0, a), Nd4j.concat(0, b), acc, true, false, 1.0, 1.0);
    }

    /** The tensors this tape's ops made. */
    private Set<Tensor> outputs() {
        Set<Tensor> out = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : nodes) {
            out.add(n.output());
        }
        return out;
    }

    /**
     * Whether every input but {@code i} keeps its values after this pass (made by an op here, or not trained): then a
     * deferred gradient for input {@code i} computed from them later is the gradient of this pass, even after the
     * optimizer has changed the parameters in place.
     */
    private static boolean othersFixed(Tensor[] inputs, int i, Set<Tensor> made) {
        for (int j = 0; j < inputs.length; j++) {
            if (j != i && inputs[j].requiresGrad() && !made.contains(inputs[j])) {
                return false;
            }
        }
        return true;
    }

    private NonFiniteException nonFiniteGradient(Op op, Node node, INDArray gOut, int arg) {
        String why;
        int bad = -1;
        if (!Tensor.isFinite(gOut)) {
            why = "the gradient flowing into it, dL/d(output), was already non-finite";
        } else {
            for (int i = 0; i < node.inputs().length; i++) {
                if (!node.inputs()[i].isFinite()) {
                    bad = i;
                    break;
                }
            }
            why = bad >= 0 ? "its forward input " + bad + " (" + describe(node.inputs()[bad]) + ") was non-finite"
                    : "its inputs and incoming gradient were finite, so this op's backward produced it";
        }
        return new NonFiniteException("Backward pass stopped: " + op.where() + " produced NaN or Inf in the gradient "
                + "for argument " + arg + " (" + describe(node.inputs()[arg]) + "); " + why
                + ". Clip gradients or lower the learning rate.", op.name(), op.label(), Phase.BACKWARD, bad);
    }

    /** The events recorded so far (empty when this tape does not trace). */
    public Trace trace() {
        return new Trace(events);
    }

    private void checkOwner() {
        if (closed) {
            throw new SeqLabException("This tape is closed: run backward inside its try-with-resources block.");
        }
        if (Thread.currentThread() != owner) {
            throw new SeqLabException("A tape belongs to the thread that opened it ('" + owner.getName()
                    + "'); run backward on that thread.");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (CURRENT.get() == this) {
                CURRENT.remove();
            }
        }
    }

    private static String describe(Tensor t) {
        return (t.label().isEmpty() ? "tensor #" + t.id() : "'" + t.label() + "'") + " " + t.shape();
    }

    private static List<Long> ids(Tensor[] ts) {
        List<Long> r = new ArrayList<>(ts.length);
        for (Tensor t : ts) {
            r.add(t.id());
        }
        return r;
    }

    private static List<Shape> shapes(Tensor[] ts) {
        List<Shape> r = new ArrayList<>(ts.length);
        for (Tensor t : ts) {
            r.add(t.shape());
        }
        return r;
    }

    private static Map<String, Tensor> wrapSaved(Op op) {
        Map<String, Tensor> r = new LinkedHashMap<>();
        op.saved().forEach((k, v) -> r.put(k, Tensor.wrap(v, op.label() + "/" + k)));
        return r;
    }
}
