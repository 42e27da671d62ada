package org.seqlab.nn.recurrent;

/**
 * The trace labels of the recurrent layers, in one place: the debugger, the gates-over-time panel and the
 * README read them from here. The scheme is written out in the package documentation.
 */
public final class RecurrentLabels {
    /** {@code x W_ih^T + b_ih}: for the whole sequence at once in the unroller, for one step in a cell. */
    public static final String INPUT_PROJECTION = "input_projection";
    /** {@code l{k}[_reverse]/initial_state}: this layer and direction's row of h_0 (and c_0), when given. */
    public static final String INITIAL_STATE = "initial_state";
    /** {@code t{t}/projection}: this step's input projection, {@code h W_hh^T + b_hh} and, LSTM/RNN, their sum. */
    public static final String PROJECTION = "projection";

    public static final String INPUT_GATE = "input_gate";
    public static final String FORGET_GATE = "forget_gate";
    /** The LSTM's g: the candidate cell values. */
    public static final String CELL_CANDIDATE = "cell_candidate";
    public static final String OUTPUT_GATE = "output_gate";
    /** The LSTM's new cell state c. */
    public static final String CELL = "cell";
    public static final String RESET_GATE = "reset_gate";
    public static final String UPDATE_GATE = "update_gate";
    /** The GRU's n. */
    public static final String NEW_GATE = "new_gate";
    /** The new hidden state h of every cell kind. */
    public static final String HIDDEN = "hidden";

    /** {@code t{t}/mask}: the padding update, only at steps where some sequence has already ended. */
    public static final String MASK = "mask";
    /** {@code l{k}[_reverse]/output}: all steps' outputs stacked (in {@code l{k}}: both directions joined too). */
    public static final String OUTPUT = "output";
    /** {@code l{k}/dropout}: dropout on a layer's output before the next layer (training only). */
    public static final String DROPOUT = "dropout";
    /** The final hidden states of every layer and direction, stacked. */
    public static final String H_N = "h_n";
    /** The LSTM's final cell states, stacked. */
    public static final String C_N = "c_n";

    private RecurrentLabels() {
    }

    /** {@code l0}, {@code l0_reverse}, {@code l1}: the PyTorch parameter suffix without its underscore. */
    public static String direction(int layer, boolean reverse) {
        if (layer < 0) {
            throw new IllegalArgumentException("layer index must be >= 0; found " + layer);
        }
        return "l" + layer + (reverse ? "_reverse" : "");
    }

    /** {@code t3}: the time step, its position in the input (the reverse direction visits T-1 first). */
    public static String step(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("time step must be >= 0; found " + t);
        }
        return "t" + t;
    }

    /** {@code l0_reverse/t3/forget_gate}: a gate's label below the recurrent module's own label. */
    public static String gate(int layer, boolean reverse, int t, String gate) {
        return direction(layer, reverse) + "/" + step(t) + "/" + gate;
    }
}
