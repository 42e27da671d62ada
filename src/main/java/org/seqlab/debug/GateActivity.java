package org.seqlab.debug;

import static org.seqlab.nn.recurrent.RecurrentLabels.CELL;
import static org.seqlab.nn.recurrent.RecurrentLabels.CELL_CANDIDATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.FORGET_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.HIDDEN;
import static org.seqlab.nn.recurrent.RecurrentLabels.INPUT_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.NEW_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.OUTPUT_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.RESET_GATE;
import static org.seqlab.nn.recurrent.RecurrentLabels.UPDATE_GATE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;

/**
 * The numbers of the gates panel, read from a {@link Recording}'s trace: for every recurrent layer and
 * direction, each gate's activations as a units × time matrix for batch item 0, and for each time step the
 * trace indices of the events that computed it, so that a view can fill the columns up to the cursor.
 *
 * <h2>The rule, on the trace</h2>
 * <ol>
 *   <li>a forward event is a gate of a recurrent cell when its label's last part is one of the gate names of
 *       {@link org.seqlab.nn.recurrent.RecurrentLabels} ({@code input_gate}, {@code forget_gate},
 *       {@code cell_candidate}, {@code output_gate}, {@code cell}, {@code reset_gate}, {@code update_gate},
 *       {@code new_gate}, {@code hidden}) and the label has a time-step part {@code t<digits>} (the deepest one
 *       gives t);</li>
 *   <li>its layer is the label without the time-step part and without the gate ({@link StepLabel#series()}):
 *       {@code rnn/l0/t3/forget_gate} is step 3 of {@code rnn/l0}, {@code rnn/l0_reverse/t1/hidden} step 1 of
 *       {@code rnn/l0_reverse}, {@code decoder/t2/cell/reset_gate} step 2 of {@code decoder/cell};</li>
 *   <li>several ops share a gate's label at one step (the slice of the projection, then the sigmoid; the LSTM's
 *       {@code tanh(c)} then {@code o * tanh(c)}): the <b>last</b> of them produces the gate's value, the
 *       <b>first</b> starts computing it — as in {@link GradientFlow};</li>
 *   <li>the cell kind follows from the gate names: a {@code forget_gate} makes an LSTM, a {@code reset_gate} a
 *       GRU, a {@code hidden} alone a plain RNN. A layer without a hidden state over its steps is not a
 *       recurrent layer and is left out.</li>
 * </ol>
 * Time is the input position {@code t}: the columns run t = 0, 1, …, also for the reverse direction, whose
 * recurrence visits the last position first ({@link Layer#runOrder()} gives the order it ran).
 */
public final class GateActivity {

    /** The three recurrences, each with its gates in the order a step computes them. */
    public enum CellType {
        RNN(List.of(HIDDEN), null),
        LSTM(List.of(INPUT_GATE, FORGET_GATE, CELL_CANDIDATE, OUTPUT_GATE, CELL, HIDDEN), FORGET_GATE),
        GRU(List.of(RESET_GATE, UPDATE_GATE, NEW_GATE, HIDDEN), UPDATE_GATE);

        private final List<String> gates;
        private final String keyGate;

        CellType(List<String> gates, String keyGate) {
            this.gates = gates;
            this.keyGate = keyGate;
        }

        /** The gate labels of one step, in the order the step computes them. */
        public List<String> gates() {
            return gates;
        }

        /**
         * The gate that decides how much of the past the cell keeps: the LSTM's forget gate, the GRU's update
         * gate; a plain RNN has none.
         */
        public Optional<String> keyGate() {
            return Optional.ofNullable(keyGate);
        }
    }

    /** Every gate name a step can record, of every cell type. */
    static final Set<String> GATE_NAMES = Set.of(INPUT_GATE, FORGET_GATE, CELL_CANDIDATE, OUTPUT_GATE, CELL,
            RESET_GATE, UPDATE_GATE, NEW_GATE, HIDDEN);

    /** Whether a gate's values are a sigmoid's, in (0, 1): i, f, o, r, z. The others are tanh-like or c. */
    public static boolean isSigmoidGate(String gate) {
        return switch (gate) {
            case INPUT_GATE, FORGET_GATE, OUTPUT_GATE, RESET_GATE, UPDATE_GATE -> true;
            default -> false;
        };
    }

    /**
     * One gate of one layer over time, batch item 0.
     *
     * @param name the gate label ({@code forget_gate})
     * @param units the hidden size H (the rows)
     * @param times the time steps of the columns, ascending (input positions)
     * @param values row-major {@code units × times.length}: {@code values[unit * steps + column]}
     * @param firstIndex per column, the trace index of the first event that computes the gate at that step
     * @param producerIndex per column, the trace index of the event whose value is the gate at that step
     */
    public record Gate(String name, int units, int[] times, double[] values, int[] firstIndex, int[] producerIndex) {
        public Gate {
            Objects.requireNonNull(name, "name");
            times = times.clone();
            values = values.clone();
            firstIndex = firstIndex.clone();
            producerIndex = producerIndex.clone();
            if (values.length != (long) units * times.length || firstIndex.length != times.length
                    || producerIndex.length != times.length) {
                throw new IllegalArgumentException("Gate " + name + ": " + units + " units × " + times.length
                        + " steps need as many values and one index per step; got " + values.length + " values, "
                        + firstIndex.length + " and " + producerIndex.length + " indices");
            }
        }

        /** How many time steps (columns). */
        public int steps() {
            return times.length;
        }

        /** The value of {@code unit} at column {@code column}. */
        public double value(int unit, int column) {
            Objects.checkIndex(unit, units);
            Objects.checkIndex(column, times.length);
            return values[unit * times.length + column];
        }

        /** The column of time step {@code t}, or -1. */
        public int column(int t) {
            for (int c = 0; c < times.length; c++) {
                if (times[c] == t) {
                    return c;
                }
            }
            return -1;
        }

        /**
         * Whether column {@code column} has begun to be computed when the cursor is on trace event
         * {@code cursorIndex} (any backward position sees every column).
         */
        public boolean computedAt(int column, int cursorIndex) {
            return cursorIndex >= firstIndex[column];
        }

        @Override
        public int[] times() {
            return times.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public int[] firstIndex() {
            return firstIndex.clone();
        }

        @Override
        public int[] producerIndex() {
            return producerIndex.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Gate g && g.name.equals(name) && g.units == units && Arrays.equals(g.times, times)
                    && Arrays.equals(g.values, values) && Arrays.equals(g.firstIndex, firstIndex)
                    && Arrays.equals(g.producerIndex, producerIndex);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, units, Arrays.hashCode(times), Arrays.hashCode(values));
        }

        @Override
        public String toString() {
            return "Gate[" + name + ", " + units + " × " + times.length + "]";
        }
    }

    /**
     * One recurrent layer and direction.
     *
     * @param name {@code rnn/l0}, {@code rnn/l0_reverse}, {@code decoder/cell}
     * @param stepPrefix the label parts before the time step ({@code rnn/l0}, {@code decoder}): every event
     *     labelled {@code stepPrefix/t<t>/…} belongs to step t of this layer
     * @param cell the cell type
     * @param gates the gates, in the order a step computes them ({@link CellType#gates()})
     */
    public record Layer(String name, String stepPrefix, CellType cell, List<Gate> gates) {
        public Layer {
            gates = List.copyOf(gates);
        }

        /** The gate of that label. */
        public Optional<Gate> gate(String gateName) {
            return gates.stream().filter(g -> g.name().equals(gateName)).findFirst();
        }

        /** The hidden state h over time. */
        public Gate hidden() {
            return gate(HIDDEN).orElseThrow();
        }

        public int units() {
            return hidden().units();
        }

        /** Whether the layer runs from the last position to the first (the reverse direction of a BiRNN). */
        public boolean reverse() {
            return name.endsWith("_reverse") || stepPrefix.endsWith("_reverse");
        }

        /** Whether the layer's steps are the input positions ({@code l<k>}, {@code l<k>_reverse} of an unroller). */
        public boolean readsInput() {
            String last = stepPrefix.substring(stepPrefix.lastIndexOf('/') + 1);
            return last.matches("l\\d+(_reverse)?");
        }

        /** The columns in the order the recurrence ran them (the reverse direction from the last position). */
        public List<Integer> runOrder() {
            Gate h = hidden();
            int[] first = h.firstIndex;
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < h.steps(); c++) {
                order.add(c);
            }
            order.sort(Comparator.comparingInt(c -> first[c]));
            return order;
        }

        /**
         * The time step a trace label belongs to in this layer ({@code rnn/l0/t3/projection} is step 3 of
         * {@code rnn/l0}); empty when the label is not inside one of this layer's steps.
         */
        public OptionalInt stepOf(String label) {
            Optional<StepLabel> s = StepLabel.parse(label);
            if (s.isPresent() && s.get().prefix().equals(stepPrefix)) {
                return OptionalInt.of(s.get().t());
            }
            return OptionalInt.empty();
        }
    }

    private final List<Layer> layers;

    private GateActivity(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** The gate activity of one recorded pass. */
    public static GateActivity of(Recording recording) {
        return of(recording.trace());
    }

    /** The gate activity of a trace. */
    public static GateActivity of(Trace trace) {
        // layer -> gate -> t -> [first event, last event]
        Map<String, Map<String, TreeMap<Integer, TraceEvent[]>>> found = new LinkedHashMap<>();
        Map<String, String> prefixes = new LinkedHashMap<>();
        for (TraceEvent e : trace.events()) {
            if (e.phase() != Phase.FORWARD) {
                continue;
            }
            Optional<StepLabel> parsed = StepLabel.parse(e.label());
            if (parsed.isEmpty() || !GATE_NAMES.contains(parsed.get().leaf())) {
                continue;
            }
            StepLabel s = parsed.get();
            String layer = s.series();
            prefixes.putIfAbsent(layer, s.prefix());
            TraceEvent[] firstAndLast = found.computeIfAbsent(layer, k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.leaf(), k -> new TreeMap<>())
                    .computeIfAbsent(s.t(), k -> new TraceEvent[] {e, e});
            firstAndLast[1] = e;
        }
        List<Layer> layers = new ArrayList<>();
        for (Map.Entry<String, Map<String, TreeMap<Integer, TraceEvent[]>>> l : found.entrySet()) {
            Map<String, TreeMap<Integer, TraceEvent[]>> gates = l.getValue();
            if (!gates.containsKey(HIDDEN)) {
                continue;
            }
            CellType cell = gates.containsKey(FORGET_GATE) ? CellType.LSTM
                    : gates.containsKey(RESET_GATE) ? CellType.GRU : CellType.RNN;
            Set<Integer> times = gates.get(HIDDEN).keySet();
            List<Gate> list = new ArrayList<>();
            for (String g : cell.gates()) {
                TreeMap<Integer, TraceEvent[]> byT = gates.get(g);
                if (byT == null || !byT.keySet().equals(times)) {
                    throw new SeqLabException("Layer " + l.getKey() + " (" + cell + ") records " + HIDDEN
                            + " at steps " + times + " but " + g + " at " + (byT == null ? "none" : byT.keySet())
                            + ": every step records every gate. Was the trace cut short, or are two layers named "
                            + "alike?");
                }
                list.add(gate(l.getKey(), g, byT));
            }
            layers.add(new Layer(l.getKey(), prefixes.get(l.getKey()), cell, list));
        }
        layers.sort(Comparator.comparingInt(GateActivity::minFirst));
        return new GateActivity(layers);
    }

    private static int minFirst(Layer layer) {
        return Arrays.stream(layer.hidden().firstIndex).min().orElse(0);
    }

    private static Gate gate(String layer, String name, TreeMap<Integer, TraceEvent[]> byT) {
        int steps = byT.size();
        int[] times = new int[steps];
        int[] first = new int[steps];
        int[] producer = new int[steps];
        double[][] columns = new double[steps][];
        int units = -1;
        int c = 0;
        for (Map.Entry<Integer, TraceEvent[]> step : byT.entrySet()) {
            TraceEvent last = step.getValue()[1];
            double[] row = batchItemZero(last.value(), layer, last);
            if (units >= 0 && row.length != units) {
                throw new SeqLabException("Layer " + layer + ": " + name + " has " + units + " units at step "
                        + times[0] + " but " + row.length + " at step " + step.getKey() + " (event " + last + ").");
            }
            units = row.length;
            times[c] = step.getKey();
            first[c] = step.getValue()[0].index();
            producer[c] = last.index();
            columns[c] = row;
            c++;
        }
        double[] values = new double[units * steps];
        for (int col = 0; col < steps; col++) {
            for (int u = 0; u < units; u++) {
                values[u * steps + col] = columns[col][u];
            }
        }
        return new Gate(name, units, times, values, first, producer);
    }

    /** The first row of a (B, H) value, or an (H) value itself. */
    private static double[] batchItemZero(Tensor value, String layer, TraceEvent e) {
        double[] all = value.toDoubleArray();
        if (value.rank() == 1) {
            return all;
        }
        if (value.rank() != 2) {
            throw new SeqLabException("Layer " + layer + ": a gate's value is (batch, units); event " + e
                    + " holds shape " + value.shape() + ".");
        }
        return Arrays.copyOf(all, Math.toIntExact(value.size(1)));
    }

    /** Every recurrent layer and direction, in the order their first step ran. */
    public List<Layer> layers() {
        return layers;
    }

    /** The layer of that name ({@code rnn/l0}). */
    public Optional<Layer> layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /** Whether the pass has any recurrent layer. */
    public boolean isEmpty() {
        return layers.isEmpty();
    }
}
