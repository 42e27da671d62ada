package org.seqlab.nn.recurrent;

import static org.seqlab.nn.recurrent.RecurrentLabels.CELL;
import static org.seqlab.nn.recurrent.RecurrentLabels.CELL_CANDIDATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.FORGET_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.HIDDEN;
import static org.seqlab.nn.recurrent.RecurrentLabels.INPUT_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.NEW_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.OUTPUT_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.RESET_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.UPDATE_GATE;

import java.util.List;
import org.seqlab.autograd.Tensor;

/**
 * The four recurrences PyTorch offers, with the number of gates stacked in their weights (G: the weights
 * are {@code (G*H, ...)}) and the labels each time step records, in trace order.
 */
public enum CellKind {
    /** {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)}: {@code nn.RNN(nonlinearity='tanh')}. */
    RNN_TANH(1, "nn.RNN(nonlinearity='tanh')", List.of(HIDDEN)),
    /** {@code h' = relu(x W_ih^T + b_ih + h W_hh^T + b_hh)}: {@code nn.RNN(nonlinearity='relu')}. */
    RNN_RELU(1, "nn.RNN(nonlinearity='relu')", List.of(HIDDEN)),
    /** Gates i, f, g, o stacked in that order: {@code nn.LSTM}. */
    LSTM(4, "nn.LSTM", List.of(INPUT_GATE, FORGET_GATE, CELL_CANDIDATE, OUTPUT_GATE, CELL, HIDDEN)),
    /** Gates r, z, n stacked in that order: {@code nn.GRU}. */
    GRU(3, "nn.GRU", List.of(RESET_GATE, UPDATE_GATE, NEW_GATE, HIDDEN));

    private final int gates;
    private final String pytorch;
    private final List<String> stepLabels;

    CellKind(int gates, String pytorch, List<String> stepLabels) {
        this.gates = gates;
        this.pytorch = pytorch;
        this.stepLabels = stepLabels;
    }

    /** G: how many gate blocks of H rows are stacked in {@code weight_ih}, {@code weight_hh} and the biases. */
    public int gateCount() {
        return gates;
    }

    /** The PyTorch module with the same equations and weights. */
    public String pytorchName() {
        return pytorch;
    }

    /** The labels one time step records after its {@code projection}, in trace order. */
    public List<String> stepLabels() {
        return stepLabels;
    }

    /** Whether the cell carries a cell state c besides h (LSTM). */
    public boolean hasCellState() {
        return this == LSTM;
    }

    /**
     * One step from the two projections, gate by gate under the current scope.
     *
     * @param xProj {@code x W_ih^T + b_ih}, {@code (B, G*H)}
     * @param hProj {@code h W_hh^T + b_hh}, {@code (B, G*H)}
     */
    CellState step(Tensor xProj, Tensor hProj, CellState prev) {
        switch (this) {
            case RNN_TANH: return RnnCell.step(xProj, hProj, false);
            case RNN_RELU: return RnnCell.step(xProj, hProj, true);
            case LSTM: return LstmCell.step(xProj, hProj, prev.c());
            case GRU: return GruCell.step(xProj, hProj, prev.h());
            default: throw new IllegalStateException("unknown cell kind " + this);
        }
    }
}
