/**
 * Recurrent layers: the cells {@link org.seqlab.nn.recurrent.RnnCell} (tanh / relu),
 * {@link org.seqlab.nn.recurrent.LstmCell} (gates i, f, g, o) and {@link org.seqlab.nn.recurrent.GruCell}
 * (r, z, n, PyTorch's n), and {@link org.seqlab.nn.recurrent.Recurrent}, which unrolls them over padded batches
 * in stacked, optionally bidirectional layers like {@code nn.RNN} / {@code nn.LSTM} / {@code nn.GRU} with
 * {@code batch_first=True} on packed sequences. Configured by {@link org.seqlab.nn.recurrent.RecurrentConfig}.
 * Weights have PyTorch's names and layouts ({@code weight_ih_l0}, {@code weight_hh_l0}, {@code bias_ih_l0},
 * {@code bias_hh_l0}, {@code ..._l0_reverse}, {@code ..._l1}; gates stacked in PyTorch's order).
 *
 * <h2>Trace labels</h2>
 * Every gate is computed under its own {@link org.seqlab.autograd.Scope}, so each is a visible trace event.
 * Below the module's own label {@code M} (its registered name, e.g. {@code encoder/lstm}):
 * <pre>
 * M/l{k}[_reverse]/input_projection    x W_ih^T + b_ih for all T steps at once  (B, T, G*H), one GEMM
 *                                      (matmul_wt: W as stored, its transpose a flag of the GEMM)
 * M/l{k}[_reverse]/initial_state       this row of h_0 (and c_0)               (only when they are given)
 * M/l{k}[_reverse]/t{t}/projection     select step t of the input projection; h W_hh^T + b_hh;
 *                                      LSTM and RNN: their sum, the gates' pre-activations  (B, G*H)
 * M/l{k}[_reverse]/t{t}/&lt;gate&gt;         the gate's slice and its nonlinearity     (B, H)
 *     LSTM: input_gate, forget_gate, cell_candidate (g), output_gate, cell (c'), hidden (h')
 *     GRU:  reset_gate, update_gate, new_gate (n), hidden (h')
 *     RNN:  hidden (h')
 * M/l{k}[_reverse]/t{t}/mask           the padding update (only at steps where some sequence has ended):
 *                                      output = m*h', h = output + (1-m)*h, c = m*c' + (1-m)*c
 * M/l{k}[_reverse]/output              the T outputs stacked                   (B, T, H)
 * M/l{k}/output                        bidirectional: both directions joined   (B, T, 2H)
 * M/l{k}/dropout                       dropout before layer k+1                (training only)
 * M/h_n, M/c_n                         final states stacked                    (L*D, B, H)
 * </pre>
 * {@code k} is the layer (0-based) and {@code _reverse} marks the backward direction, exactly the suffixes of
 * the parameter names; {@code t} is the step's position in the input (0-based), so the reverse direction's
 * trace runs {@code t{T-1}} down to {@code t0}. A gate's value is the <em>last</em> forward event under its
 * label. At padded steps ({@code t >= length}) the gates are still computed for the whole batch; the
 * {@code mask} events discard those rows. {@link org.seqlab.nn.recurrent.RecurrentLabels} holds these names
 * and builds them ({@code RecurrentLabels.gate(0, true, 3, FORGET_GATE)} is {@code l0_reverse/t3/forget_gate});
 * {@link org.seqlab.nn.recurrent.CellKind#stepLabels()} lists a kind's gate labels in trace order. A cell run
 * alone labels its step {@code C/input_projection}, {@code C/projection}, {@code C/<gate>} below its own
 * label {@code C}; whoever unrolls it pushes the {@code t{t}} scope.
 *
 * <p>May depend on {@code org.seqlab.autograd} and {@code org.seqlab.nn} only: every computation goes through
 * the ops, so the tape sees it.
 */
package org.seqlab.nn.recurrent;
