package org.seqlab.nn.recurrent;

import org.seqlab.SeqLabException;

/**
 * The configuration of a recurrent stack, PyTorch's {@code nn.RNN} / {@code nn.LSTM} / {@code nn.GRU}
 * arguments (always {@code batch_first=True}).
 *
 * @param kind RNN_TANH, RNN_RELU, LSTM or GRU
 * @param inputSize I, the features of each input step
 * @param hiddenSize H, the features of each state
 * @param numLayers L, stacked layers; layer k > 0 reads layer k-1's outputs (D*H features)
 * @param bidirectional D = 2 when true: a reverse direction reads each sequence from its last valid step
 * @param bias whether the layers have {@code bias_ih} and {@code bias_hh}
 * @param dropout dropout on every layer's output except the last, in training only (needs numLayers >= 2)
 * @param forgetBias added to the forget-gate block of every {@code bias_ih} at initialisation (LSTM only;
 *     PyTorch has no such option, so 0 matches it)
 */
public record RecurrentConfig(CellKind kind, long inputSize, long hiddenSize, int numLayers, boolean bidirectional,
                              boolean bias, double dropout, double forgetBias) {

    public RecurrentConfig {
        if (kind == null) {
            throw invalid("kind", "null", "one of RNN_TANH, RNN_RELU, LSTM, GRU");
        }
        if (inputSize <= 0) {
            throw invalid("inputSize", Long.toString(inputSize), "a positive number of input features");
        }
        if (hiddenSize <= 0) {
            throw invalid("hiddenSize", Long.toString(hiddenSize), "a positive number of hidden features");
        }
        if (numLayers < 1) {
            throw invalid("numLayers", Integer.toString(numLayers), "at least 1 layer");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw invalid("dropout", Double.toString(dropout), "a probability in [0, 1)");
        }
        if (dropout > 0 && numLayers == 1) {
            throw new SeqLabException("RecurrentConfig: dropout " + dropout + " with numLayers = 1 would do nothing "
                    + "(it acts between stacked layers, as in PyTorch). Fix: set numLayers >= 2, or set dropout to 0 "
                    + "and put a Dropout module after the recurrent layer.");
        }
        if (!Double.isFinite(forgetBias)) {
            throw invalid("forgetBias", Double.toString(forgetBias), "a finite number (1.0 is the usual choice)");
        }
        if (forgetBias != 0 && kind != CellKind.LSTM) {
            throw new SeqLabException("RecurrentConfig: forgetBias " + forgetBias + " is set for a " + kind
                    + " layer, which has no forget gate. Fix: set forgetBias to 0, or use kind LSTM.");
        }
        if (forgetBias != 0 && !bias) {
            throw new SeqLabException("RecurrentConfig: forgetBias " + forgetBias + " is set but bias = false, so "
                    + "there is no bias to add it to. Fix: set bias = true, or forgetBias = 0.");
        }
    }

    private static SeqLabException invalid(String field, String found, String expected) {
        return new SeqLabException("RecurrentConfig: " + field + " must be " + expected + "; found " + found + ".");
    }

    // ---- presets --------------------------------------------------------------------------------

    /** One unidirectional LSTM layer with biases: {@code nn.LSTM(I, H, batch_first=True)}. */
    public static RecurrentConfig lstm(long inputSize, long hiddenSize) {
        return new RecurrentConfig(CellKind.LSTM, inputSize, hiddenSize, 1, false, true, 0.0, 0.0);
    }

    /** One unidirectional GRU layer with biases: {@code nn.GRU(I, H, batch_first=True)}. */
    public static RecurrentConfig gru(long inputSize, long hiddenSize) {
        return new RecurrentConfig(CellKind.GRU, inputSize, hiddenSize, 1, false, true, 0.0, 0.0);
    }

    /** One Elman layer with tanh: {@code nn.RNN(I, H, batch_first=True)}. */
    public static RecurrentConfig rnnTanh(long inputSize, long hiddenSize) {
        return new RecurrentConfig(CellKind.RNN_TANH, inputSize, hiddenSize, 1, false, true, 0.0, 0.0);
    }

    /** One Elman layer with relu: {@code nn.RNN(I, H, nonlinearity='relu', batch_first=True)}. */
    public static RecurrentConfig rnnRelu(long inputSize, long hiddenSize) {
        return new RecurrentConfig(CellKind.RNN_RELU, inputSize, hiddenSize, 1, false, true, 0.0, 0.0);
    }

    /** The BiLSTM encoder of taggers (Huang et al. 2015; Lample et al. 2016): one bidirectional LSTM layer. */
    public static RecurrentConfig biLstmTagger(long inputSize, long hiddenSize) {
        return lstm(inputSize, hiddenSize).withBidirectional(true);
    }

    /**
     * The stacked LSTM of word-level language models (Zaremba et al. 2014): 2 layers, dropout between them,
     * forget bias 1.0.
     */
    public static RecurrentConfig stackedLstmLm(long inputSize, long hiddenSize, double dropout) {
        return new RecurrentConfig(CellKind.LSTM, inputSize, hiddenSize, 2, false, true, dropout, 1.0);
    }

    // ---- derived sizes --------------------------------------------------------------------------

    /** D: 2 when bidirectional, else 1. */
    public int numDirections() {
        return bidirectional ? 2 : 1;
    }

    /** D*H: the features of each output step. */
    public long outputSize() {
        return numDirections() * hiddenSize;
    }

    /** The input features of layer {@code k}: I for the first, D*H for the others. */
    public long layerInputSize(int layer) {
        return layer == 0 ? inputSize : outputSize();
    }

    // ---- overrides ------------------------------------------------------------------------------

    public RecurrentConfig withKind(CellKind k) {
        return new RecurrentConfig(k, inputSize, hiddenSize, numLayers, bidirectional, bias, dropout, forgetBias);
    }

    public RecurrentConfig withInputSize(long n) {
        return new RecurrentConfig(kind, n, hiddenSize, numLayers, bidirectional, bias, dropout, forgetBias);
    }

    public RecurrentConfig withHiddenSize(long n) {
        return new RecurrentConfig(kind, inputSize, n, numLayers, bidirectional, bias, dropout, forgetBias);
    }

    public RecurrentConfig withNumLayers(int n) {
        return new RecurrentConfig(kind, inputSize, hiddenSize, n, bidirectional, bias, dropout, forgetBias);
    }

    public RecurrentConfig withBidirectional(boolean on) {
        return new RecurrentConfig(kind, inputSize, hiddenSize, numLayers, on, bias, dropout, forgetBias);
    }

    public RecurrentConfig withBias(boolean on) {
        return new RecurrentConfig(kind, inputSize, hiddenSize, numLayers, bidirectional, on, dropout, forgetBias);
    }

    public RecurrentConfig withDropout(double p) {
        return new RecurrentConfig(kind, inputSize, hiddenSize, numLayers, bidirectional, bias, p, forgetBias);
    }

    public RecurrentConfig withForgetBias(double b) {
        return new RecurrentConfig(kind, inputSize, hiddenSize, numLayers, bidirectional, bias, dropout, b);
    }
}
