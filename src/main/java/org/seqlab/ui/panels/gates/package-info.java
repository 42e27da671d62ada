/**
 * The gates panel: a recurrent layer's gate activations over time (LSTM i, f, g, o, c, h; GRU r, z, n, h; RNN h)
 * as units × time heatmaps filled up to the debugger's cursor, and a compare mode with an RNN, an LSTM and a GRU of
 * the same size on the same input. {@code GatesViewModel} (no node; numbers from {@code debug.GateActivity} and
 * {@code debug.CellComparison}, computed on the task executor), {@code GatesView} (nodes, {@code gates.css}),
 * {@code GatesPanel} (the {@code Panel} and its {@code PanelSpec}, id {@code gates}).
 *
 * <p>May depend on {@code ui.panels} (the contract), {@code ui.fx}, {@code ui.i18n}, {@code ui.viz} and the layers
 * below {@code ui}; never on another panel or on {@code ui.shell}.
 */
package org.seqlab.ui.panels.gates;
