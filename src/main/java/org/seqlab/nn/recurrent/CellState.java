package org.seqlab.nn.recurrent;

import org.seqlab.autograd.Tensor;

/**
 * The state a recurrent cell carries from one step to the next: the hidden state {@code h (B, H)} and, for
 * the LSTM only, the cell state {@code c (B, H)} (null for RNN and GRU).
 */
public record CellState(Tensor h, Tensor c) {
    public CellState {
        if (h == null) {
            throw new IllegalArgumentException("a cell state needs a hidden state h");
        }
    }

    /** The state of an RNN or GRU: h alone. */
    public static CellState of(Tensor h) {
        return new CellState(h, null);
    }

    /** The state of an LSTM: h and c. */
    public static CellState of(Tensor h, Tensor c) {
        return new CellState(h, c);
    }

    /** Whether this state holds a cell state c (LSTM). */
    public boolean hasCell() {
        return c != null;
    }
}
