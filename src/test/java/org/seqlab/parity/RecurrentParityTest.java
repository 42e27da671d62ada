package org.seqlab.parity;

import static org.seqlab.parity.Parity.randn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.RNN;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.nn.recurrent.CellKind;
import org.seqlab.nn.recurrent.Recurrent;
import org.seqlab.nn.recurrent.RecurrentConfig;
import org.seqlab.nn.recurrent.RecurrentOutput;
import org.seqlab.parity.Parity.Tolerance;

/**
 * {@link Recurrent} against PyTorch's own {@code nn.LSTM} / {@code nn.GRU} / {@code nn.RNN} kernels
 * ({@code at::lstm}, {@code at::gru}, {@code at::rnn_tanh}, {@code at::rnn_relu} through DJL's JNI):
 * {@code input_size=3, hidden_size=4, num_layers=2, bidirectional=True, batch_first=True}, a batch of B=3
 * sequences padded to T=5. Outputs {@code output}, {@code h_n} (and {@code c_n}), gradients of the input, the
 * initial states and every weight, in float64 and float32.
 *
 * <p>Padding: DJL's JNI takes no lengths (no {@code pack_padded_sequence}), so the PyTorch side runs each
 * sequence alone, batch 1, truncated to its length, with its own rows of h0/c0: exactly what a packed sequence
 * computes for it. Its output is padded with zeros to T and the rows are put back together; that is what
 * {@code pad_packed_sequence(batch_first=True)} returns.
 */
class RecurrentParityTest {
    private static final long INPUT = 3;
    private static final long HIDDEN = 4;
    private static final int LAYERS = 2;
    private static final int DIRECTIONS = 2;
    private static final int B = 3;
    private static final int T = 5;
    /** Unsorted, with a full-length and a length-1 sequence. */
    private static final long[] LENGTHS = {3, 5, 1};

    static Stream<Arguments> kindsAndDTypes() {
        List<Arguments> all = new ArrayList<>();
        for (CellKind kind : CellKind.values()) {
            for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                all.add(Arguments.of(kind, dtype));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndDTypes")
    void unsortedPaddedBatchFromZeroStateMatchesPyTorchOnEachSequenceAlone(CellKind kind, DType dtype) {
        compare(kind, dtype, LENGTHS, false);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndDTypes")
    void unsortedPaddedBatchFromRandomInitialStatesMatchesPyTorchOnEachSequenceAlone(CellKind kind, DType dtype) {
        compare(kind, dtype, LENGTHS, true);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndDTypes")
    void fullLengthBatchMatchesPyTorchInOneCall(CellKind kind, DType dtype) {
        compare(kind, dtype, null, true);
    }

    /**
     * One comparison. {@code lengths} null: every sequence has T steps and PyTorch runs the whole batch in
     * one call, no emulation involved.
     */
    private static void compare(CellKind kind, DType dtype, long[] lengths, boolean initialState) {
        RecurrentConfig config = new RecurrentConfig(kind, INPUT, HIDDEN, LAYERS, true, true, 0.0, 0.0);
        Recurrent rnn = new Recurrent(config, dtype, new SplittableRandom(100 + kind.ordinal()));
        boolean lstm = kind.hasCellState();
        String name = kind.pytorchName() + "(3, 4, num_layers=2, bidirectional=True, batch_first=True) "
                + (lengths == null ? "full length" : "lengths {3,5,1}") + (initialState ? ", random h0" : "")
                + (initialState && lstm ? "/c0" : "");

        Parity p = Parity.of(name)
                .module(rnn)
                .input("x", randn(dtype, 71, 1.0, B, T, INPUT))
                .tolerance(Tolerance.LAYERS);
        if (initialState) {
            p.input("h0", randn(dtype, 72, 0.5, LAYERS * DIRECTIONS, B, HIDDEN));
            if (lstm) {
                p.input("c0", randn(dtype, 73, 0.5, LAYERS * DIRECTIONS, B, HIDDEN));
            }
        }
        p.outputs(lstm ? new String[] {"output", "h_n", "c_n"} : new String[] {"output", "h_n"})
                .checkOutputs(x -> seqLab(rnn, lengths, x, initialState, lstm),
                        (t, w) -> pyTorch(kind, lengths, t, initialState, w));
    }

    private static List<Tensor> seqLab(Recurrent rnn, long[] lengths, Tensor[] x, boolean initialState,
                                       boolean lstm) {
        Tensor h0 = initialState ? x[1] : null;
        Tensor c0 = initialState && lstm ? x[2] : null;
        RecurrentOutput r = rnn.forward(x[0], lengths == null ? null : lengths.clone(), h0, c0);
        return lstm ? List.of(r.output(), r.hN(), r.cN()) : List.of(r.output(), r.hN());
    }

    private static List<NDArray> pyTorch(CellKind kind, long[] lengths, NDArray[] t, boolean initialState,
                                         Map<String, NDArray> w) {
        NDManager m = t[0].getManager();
        boolean lstm = kind.hasCellState();
        Shape stateShape = new Shape(LAYERS * DIRECTIONS, B, HIDDEN);
        NDArray h0 = initialState ? t[1] : m.zeros(stateShape, t[0].getDataType());    // nn.LSTM's hx=None
        NDArray c0 = !lstm ? null : initialState ? t[2] : m.zeros(stateShape, t[0].getDataType());
        NDList weights = flatWeights(w);
        if (lengths == null) {
            NDList r = run(kind, t[0], h0, c0, weights);
            return lstm ? List.of(r.get(0), r.get(1), r.get(2)) : List.of(r.get(0), r.get(1));
        }
        NDList outputs = new NDList();
        NDList hN = new NDList();
        NDList cN = new NDList();
        for (int b = 0; b < B; b++) {
            long len = lengths[b];
            NDArray xb = t[0].get(new NDIndex("{}:{}, :{}, :", b, b + 1, len));        // (1, len, I)
            NDIndex row = new NDIndex(":, {}:{}, :", b, b + 1);
            NDList r = run(kind, xb, h0.get(row), lstm ? c0.get(row) : null, weights);   // batch of one
            NDArray out = r.get(0);                                                      // (1, len, D*H)
            if (len < T) {
                out = out.concat(m.zeros(new Shape(1, T - len, DIRECTIONS * HIDDEN), out.getDataType()), 1);
            }
            outputs.add(out);                                                            // (1, T, D*H)
            hN.add(r.get(1));                                                            // (L*D, 1, H)
            if (lstm) {
                cN.add(r.get(2));
            }
        }
        NDArray output = NDArrays.concat(outputs, 0);                                    // (B, T, D*H)
        NDArray h = NDArrays.concat(hN, 1);                                              // (L*D, B, H)
        return lstm ? List.of(output, h, NDArrays.concat(cN, 1)) : List.of(output, h);
    }

    /** One call of PyTorch's kernel: {@code has_biases, num_layers=2, dropout 0, eval, bidirectional, batch_first}. */
    private static NDList run(CellKind kind, NDArray x, NDArray h0, NDArray c0, NDList weights) {
        PtNDArray in = (PtNDArray) x;
        switch (kind) {
            case LSTM:
                return JniUtils.lstm(in, new NDList(h0, c0), weights, true, LAYERS, 0.0, false, true, true);
            case GRU:
                return JniUtils.gru(in, (PtNDArray) h0, weights, true, LAYERS, 0.0, false, true, true);
            case RNN_TANH:
                return JniUtils.rnn(in, (PtNDArray) h0, weights, true, LAYERS, RNN.Activation.TANH, 0.0, false,
                        true, true);
            case RNN_RELU:
                return JniUtils.rnn(in, (PtNDArray) h0, weights, true, LAYERS, RNN.Activation.RELU, 0.0, false,
                        true, true);
            default:
                throw new IllegalArgumentException("no PyTorch kernel for " + kind);
        }
    }

    /**
     * PyTorch's {@code _flat_weights} order, built from the names (not from SeqLab's order): per layer, forward
     * then reverse, {@code weight_ih, weight_hh, bias_ih, bias_hh}.
     */
    static NDList flatWeights(Map<String, NDArray> w) {
        NDList flat = new NDList();
        for (int layer = 0; layer < LAYERS; layer++) {
            for (String suffix : new String[] {"", "_reverse"}) {
                for (String kind : new String[] {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}) {
                    String name = kind + "_l" + layer + suffix;
                    NDArray p = w.get(name);
                    if (p == null) {
                        throw new AssertionError("the state dict has no '" + name + "'; it has " + w.keySet());
                    }
                    flat.add(p);
                }
            }
        }
        if (flat.size() != w.size()) {
            throw new AssertionError("the state dict has " + w.size() + " tensors, nn.LSTM's layout " + flat.size()
                    + ": " + w.keySet());
        }
        return flat;
    }
}
