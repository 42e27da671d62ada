package org.seqlab.ui.panels.gates;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.seqlab.autograd.Phase;
import org.seqlab.debug.CellComparison;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.DebugSession;
import org.seqlab.debug.GateActivity;
import org.seqlab.debug.GateActivity.CellType;
import org.seqlab.debug.GateActivity.Gate;
import org.seqlab.debug.GateActivity.Layer;
import org.seqlab.debug.Recording;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.Failures;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.viz.ColorScale;
import org.seqlab.ui.viz.HeatmapData;
import org.seqlab.ui.viz.ValueFormat;

/**
 * The gates panel's state: for the chosen recurrent layer and direction of the current recording, one figure per
 * gate (a units × time heatmap, batch item 0), filled up to the cursor and with the cursor's time step marked;
 * and in compare mode the hidden states h (and each cell's key gate) of an RNN, an LSTM and a GRU of the same
 * size recorded on the same input. Holds no node; tested without a stage.
 *
 * <p>Reading the recording ({@link GateActivity#of}) and recording the three comparison models run on the
 * context's executor; a cursor move only recomputes which columns are filled.
 *
 * <p>Time runs left to right in the order the recurrence ran: t = 0, 1, … for a forward direction, from the
 * last input position down for a reverse direction (the heatmap fills its columns from the left). The CSV names
 * every value by its input position t.
 */
public final class GatesViewModel {

    /** At most this many hidden units (rows) are drawn per heatmap; a note says when there are more. */
    public static final int MAX_UNITS = 64;

    /** In a gate's title ({@code gates.title.*}), three spaces part the name from the formula. */
    static final String TITLE_GAP = "   ";

    /**
     * One heatmap.
     *
     * @param gate the gate label ({@code forget_gate})
     * @param title its name and formula, in the current language
     * @param meaning one sentence on what it does, in the current language
     * @param data the matrix: rows the first {@link #MAX_UNITS} units, columns the time steps in run order
     * @param times per column, its input position t
     * @param visibleColumns how many columns from the left are computed at the cursor (-1: all)
     * @param highlightedColumn the column of the cursor's time step, or -1
     */
    public record GateFigure(String gate, String title, String meaning, HeatmapData data, List<Integer> times,
                             int visibleColumns, int highlightedColumn) {
        public GateFigure {
            times = List.copyOf(times);
        }

        /** The gate's name: the title up to the three spaces before its formula ({@code forget gate}). */
        public String name() {
            int gap = title.indexOf(TITLE_GAP);
            return gap < 0 ? title : title.substring(0, gap);
        }

        /** The title's formula ({@code f_t = σ(…)}), or empty. */
        public String formula() {
            int gap = title.indexOf(TITLE_GAP);
            return gap < 0 ? "" : title.substring(gap).strip();
        }

        GateFigure at(int visible, int highlighted) {
            return visible == visibleColumns && highlighted == highlightedColumn ? this
                    : new GateFigure(gate, title, meaning, data, times, visible, highlighted);
        }
    }

    /**
     * One model of the comparison.
     *
     * @param cell RNN, LSTM or GRU
     * @param title its heading
     * @param hidden its hidden state h over time
     * @param keyGate the gate that decides what is kept (LSTM f, GRU z), or null for the RNN
     * @param note for the RNN: why there is no key gate; otherwise empty
     */
    public record CompareFigure(CellType cell, String title, GateFigure hidden, GateFigure keyGate, String note) {
    }

    private final PanelContext context;
    private final I18n i18n;

    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ObservableList<String> layers = FXCollections.observableArrayList();
    private final ObjectProperty<String> selectedLayer = new SimpleObjectProperty<>(this, "selectedLayer");
    private final ReadOnlyObjectWrapper<List<GateFigure>> figures =
            new ReadOnlyObjectWrapper<>(this, "figures", List.of());
    private final ReadOnlyStringWrapper unitsNote = new ReadOnlyStringWrapper(this, "unitsNote", "");
    private final BooleanProperty compare = new SimpleBooleanProperty(this, "compare", false);
    private final ReadOnlyBooleanWrapper compareAvailable = new ReadOnlyBooleanWrapper(this, "compareAvailable");
    private final ReadOnlyBooleanWrapper compareBusy = new ReadOnlyBooleanWrapper(this, "compareBusy", false);
    private final ReadOnlyStringWrapper compareMessage = new ReadOnlyStringWrapper(this, "compareMessage", "");
    private final ReadOnlyObjectWrapper<List<CompareFigure>> compareFigures =
            new ReadOnlyObjectWrapper<>(this, "compareFigures", List.of());

    private GateActivity activity;
    private Recording recording;
    private List<String> tokens = List.of();
    private List<CellComparison.Variant> variants;
    private int generation;
    private int compareGeneration;
    private String cursorLayer;

    public GatesViewModel(PanelContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.i18n = context.i18n();
        context.revision().addListener((obs, o, n) -> reload());   // the session is set before the revision moves
        context.cursor().addListener((obs, o, n) -> cursorMoved());
        i18n.languageProperty().addListener((obs, o, n) -> {
            rebuild();
            rebuildCompare();
            reloadMessage();
        });
        selectedLayer.addListener((obs, o, n) -> {
            rebuild();
            rebuildCompare();
        });
        compare.addListener((obs, o, n) -> {
            if (n) {
                startCompare();
            }
        });
        reload();
    }

    // ---- properties -----------------------------------------------------------------------------

    /** Whether the current recording has a recurrent layer to show. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** Why nothing is shown (no recording yet, no recurrent layer, an error); empty when figures are shown. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The recurrent layers and directions of the recording ({@code rnn/l0}, {@code rnn/l0_reverse}), in run order. */
    public ObservableList<String> layers() {
        return FXCollections.unmodifiableObservableList(layers);
    }

    /** The layer shown; follows the cursor into another layer, and the user may choose. */
    public ObjectProperty<String> selectedLayerProperty() {
        return selectedLayer;
    }

    /** The chooser's text for a layer: its name, cell type and direction. */
    public String layerText(String name) {
        if (activity == null || name == null) {
            return name == null ? "" : name;
        }
        return activity.layer(name).map(l -> i18n.format(l.reverse() ? "gates.layer.reverse" : "gates.layer.forward",
                l.name(), l.cell().name(), l.units())).orElse(name);
    }

    /** The chosen layer's gates, in the order a step computes them. */
    public ReadOnlyObjectProperty<List<GateFigure>> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    /** "Showing units 0–63 of 256" when a layer has more units than {@link #MAX_UNITS}; else empty. */
    public ReadOnlyStringProperty unitsNoteProperty() {
        return unitsNote.getReadOnlyProperty();
    }

    /** Compare mode: RNN, LSTM and GRU of the same size side by side instead of the chosen layer's gates. */
    public BooleanProperty compareProperty() {
        return compare;
    }

    /** Whether the model has a recurrent block whose cell compare mode can swap. */
    public ReadOnlyBooleanProperty compareAvailableProperty() {
        return compareAvailable.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty compareBusyProperty() {
        return compareBusy.getReadOnlyProperty();
    }

    /** What compare mode shows, is doing, or why it cannot run. */
    public ReadOnlyStringProperty compareMessageProperty() {
        return compareMessage.getReadOnlyProperty();
    }

    /** RNN, LSTM, GRU, once recorded; empty before. */
    public ReadOnlyObjectProperty<List<CompareFigure>> compareFiguresProperty() {
        return compareFigures.getReadOnlyProperty();
    }

    /** The activity read from the current recording (null before it is ready). */
    GateActivity activity() {
        return activity;
    }

    // ---- loading --------------------------------------------------------------------------------

    private void reload() {
        int gen = ++generation;
        variants = null;
        compareFigures.set(List.of());
        DebugSession session = context.session().get();
        if (session == null || session.recording() == null) {
            clear();
            reloadMessage();
            return;
        }
        Recording r = session.recording();
        List<String> toks = context.tokens().get() == null ? List.of() : List.copyOf(context.tokens().get());
        compareAvailable.set(CellComparison.possible(session.model().graph()));
        context.executor().submit(() -> GateActivity.of(r), result -> {
            if (gen != generation) {
                return;
            }
            activity = result;
            recording = r;
            tokens = toks;
            String keep = selectedLayer.get();
            List<String> names = result.layers().stream().map(Layer::name).toList();
            layers.setAll(names);
            available.set(!result.isEmpty());
            reloadMessage();
            cursorLayer = layerOfCursor();
            String chosen = names.contains(keep) ? keep : cursorLayer != null ? cursorLayer
                    : names.isEmpty() ? null : names.get(0);
            if (Objects.equals(chosen, selectedLayer.get())) {
                rebuild();
            } else {
                selectedLayer.set(chosen); // rebuilds through the listener
            }
            if (compare.get()) {
                startCompare();
            }
        }, failure -> {
            if (gen != generation) {
                return;
            }
            clear();
            message.set(i18n.format("gates.error", Failures.describe(failure)));
        });
    }

    private void clear() {
        activity = null;
        recording = null;
        layers.clear();
        available.set(false);
        figures.set(List.of());
        unitsNote.set("");
        compareAvailable.set(false);
    }

    private void reloadMessage() {
        DebugSession session = context.session().get();
        if (session == null) {
            message.set(i18n.get("gates.noRecording"));
        } else if (activity != null && activity.isEmpty()) {
            String model = context.modelName().get();
            message.set(i18n.format("gates.noRecurrence", model == null || model.isBlank()
                    ? session.model().graph().name() : model));
        } else if (activity != null) {
            message.set("");
        }
    }

    // ---- the chosen layer -----------------------------------------------------------------------

    private Optional<Layer> layer() {
        return activity == null || selectedLayer.get() == null ? Optional.empty() : activity.layer(selectedLayer.get());
    }

    private void rebuild() {
        Optional<Layer> chosen = layer();
        if (chosen.isEmpty()) {
            figures.set(List.of());
            unitsNote.set("");
            return;
        }
        Layer l = chosen.get();
        List<GateFigure> out = new ArrayList<>();
        for (Gate g : l.gates()) {
            out.add(figure(l, g));
        }
        unitsNote.set(l.units() > MAX_UNITS ? i18n.format("gates.units.some", MAX_UNITS - 1, l.units()) : "");
        figures.set(atCursor(l, out));
    }

    private void cursorMoved() {
        String now = layerOfCursor();
        if (now != null && !now.equals(cursorLayer) && !now.equals(selectedLayer.get())) {
            cursorLayer = now;
            selectedLayer.set(now); // rebuilds through the listener
            return;
        }
        cursorLayer = now;
        layer().ifPresent(l -> figures.set(atCursor(l, figures.get())));
        updateCompareCursor();
    }

    /** The layer the cursor's event is in (a step of it), or null. */
    private String layerOfCursor() {
        Cursor c = context.cursor().get();
        if (activity == null || c == null) {
            return null;
        }
        for (Layer l : activity.layers()) {
            if (l.stepOf(c.label()).isPresent()) {
                return l.name();
            }
        }
        return null;
    }

    /** The figures with their columns filled and marked for the cursor, each gate by its own trace indices. */
    private List<GateFigure> atCursor(Layer l, List<GateFigure> shown) {
        Cursor c = context.cursor().get();
        List<GateFigure> out = new ArrayList<>();
        for (GateFigure f : shown) {
            Gate g = l.gate(f.gate()).orElseThrow();
            out.add(f.at(visibleColumns(l, g, c), highlightedColumn(l, f, c)));
        }
        return out;
    }

    private int visibleColumns(Layer l, Gate g, Cursor c) {
        if (c == null || c.phase() == Phase.BACKWARD || recording == null || c.trace() != recording.trace()) {
            return -1;
        }
        int count = 0;
        for (int column : l.runOrder()) {
            if (!g.computedAt(column, c.position())) {
                break;
            }
            count++;
        }
        return count;
    }

    private static int highlightedColumn(Layer l, GateFigure f, Cursor c) {
        if (c == null) {
            return -1;
        }
        OptionalInt t = l.stepOf(c.label());
        return t.isPresent() ? f.times().indexOf(t.getAsInt()) : -1;
    }

    private GateFigure figure(Layer l, Gate g) {
        return figure(l, g, l.cell(), titleKey(l.cell(), g.name()));
    }

    private GateFigure figure(Layer l, Gate g, CellType cell, String titleKey) {
        List<Integer> order = l.runOrder();
        int rows = Math.min(g.units(), MAX_UNITS);
        int cols = order.size();
        double[] values = new double[rows * cols];
        double maxAbs = 0;
        List<Integer> times = new ArrayList<>();
        for (int c = 0; c < cols; c++) {
            int column = order.get(c);
            times.add(g.times()[column]);
            for (int u = 0; u < rows; u++) {
                double v = g.value(u, column);
                values[u * cols + c] = v;
                if (Double.isFinite(v)) {
                    maxAbs = Math.max(maxAbs, Math.abs(v));
                }
            }
        }
        HeatmapData data = HeatmapData.of(rows, cols, values)
                .withTitles(i18n.get("gates.axis.units"), columnTitle(l))
                .withColumnLabels(columnLabels(l, times));
        if (GateActivity.isSigmoidGate(g.name())) {
            data = data.withScale(ColorScale.SEQUENTIAL).withRange(0, 1);
        } else if (!g.name().equals("cell")) {
            double m = maxAbs <= 1 ? 1 : maxAbs;     // tanh-bounded: a fixed ±1 compares steps and models
            data = data.withScale(ColorScale.DIVERGING).withRange(-m, m);
        } else {
            data = data.withScale(ColorScale.DIVERGING);
        }
        return new GateFigure(g.name(), i18n.get(titleKey), i18n.get(meaningKey(cell, g.name())), data, times, -1, -1);
    }

    private String columnTitle(Layer l) {
        if (!l.readsInput()) {
            return i18n.get("gates.axis.targetStep");
        }
        return i18n.get(l.reverse() ? "gates.axis.timeReverse" : "gates.axis.time");
    }

    private List<String> columnLabels(Layer l, List<Integer> times) {
        List<String> labels = new ArrayList<>();
        boolean useTokens = l.readsInput() && tokens.size() == times.size();
        for (int t : times) {
            labels.add(useTokens ? tokens.get(t) : Integer.toString(t));
        }
        return labels;
    }

    private static String titleKey(CellType cell, String gate) {
        switch (gate) {
            case "input_gate": return "gates.title.input_gate";
            case "forget_gate": return "gates.title.forget_gate";
            case "cell_candidate": return "gates.title.cell_candidate";
            case "output_gate": return "gates.title.output_gate";
            case "cell": return "gates.title.cell";
            case "reset_gate": return "gates.title.reset_gate";
            case "update_gate": return "gates.title.update_gate";
            case "new_gate": return "gates.title.new_gate";
            default:
                return switch (cell) {
                    case LSTM -> "gates.title.hidden.lstm";
                    case GRU -> "gates.title.hidden.gru";
                    case RNN -> "gates.title.hidden.rnn";
                };
        }
    }

    private static String meaningKey(CellType cell, String gate) {
        switch (gate) {
            case "input_gate": return "gates.meaning.input_gate";
            case "forget_gate": return "gates.meaning.forget_gate";
            case "cell_candidate": return "gates.meaning.cell_candidate";
            case "output_gate": return "gates.meaning.output_gate";
            case "cell": return "gates.meaning.cell";
            case "reset_gate": return "gates.meaning.reset_gate";
            case "update_gate": return "gates.meaning.update_gate";
            case "new_gate": return "gates.meaning.new_gate";
            default:
                return switch (cell) {
                    case LSTM -> "gates.meaning.hidden.lstm";
                    case GRU -> "gates.meaning.hidden.gru";
                    case RNN -> "gates.meaning.hidden.rnn";
                };
        }
    }

    // ---- compare mode ---------------------------------------------------------------------------

    private void startCompare() {
        DebugSession session = context.session().get();
        if (session == null || activity == null) {
            return;   // reload() starts it once the recording is read
        }
        ModelGraph graph = session.model().graph();
        if (!CellComparison.possible(graph)) {
            compareMessage.set(i18n.format("gates.compare.unavailable", graph.name()));
            return;
        }
        if (variants != null || compareBusy.get()) {
            return;
        }
        int gen = ++compareGeneration;
        int recordingGen = generation;
        var dtype = session.model().dtype();
        var inputs = session.inputs();
        compareBusy.set(true);
        compareMessage.set(i18n.get("gates.compare.running"));
        context.executor().submit(() -> CellComparison.record(graph, dtype, CellComparison.SEED, inputs), result -> {
            if (gen != compareGeneration) {
                return;
            }
            compareBusy.set(false);
            if (recordingGen != generation) {   // re-recorded meanwhile: compare the new input
                if (compare.get()) {
                    startCompare();
                }
                return;
            }
            variants = result;
            rebuildCompare();
        }, failure -> {
            if (gen != compareGeneration) {
                return;
            }
            compareBusy.set(false);
            compareMessage.set(i18n.format("gates.compare.failed", Failures.describe(failure)));
        });
    }

    private void rebuildCompare() {
        if (variants == null) {
            return;
        }
        List<CompareFigure> out = new ArrayList<>();
        for (CellComparison.Variant v : variants) {
            Optional<Layer> found = v.activity().layer(selectedLayer.get());
            if (found.isEmpty() && !v.activity().isEmpty()) {
                found = Optional.of(v.activity().layers().get(0));
            }
            if (found.isEmpty()) {
                continue;
            }
            Layer l = found.get();
            GateFigure h = figure(l, l.hidden(), v.cell(), titleKey(v.cell(), "hidden"));
            GateFigure key = v.cell().keyGate().flatMap(l::gate).map(g -> figure(l, g)).orElse(null);
            String note = key == null ? i18n.get("gates.compare.rnnNoGate") : "";
            out.add(new CompareFigure(v.cell(), i18n.format("gates.compare.model", v.cell().name(), l.name(),
                    l.units()), h, key, note));
        }
        compareMessage.set(i18n.format("gates.compare.note", CellComparison.SEED));
        compareFigures.set(out);
        updateCompareCursor();
    }

    /**
     * The comparison marks the cursor's time step of the main model. Its columns are all filled: each of the three
     * is a whole recorded pass of its own (and without the "not computed" legend the narrow columns keep room).
     */
    private void updateCompareCursor() {
        List<CompareFigure> shown = compareFigures.get();
        if (shown.isEmpty()) {
            return;
        }
        Cursor c = context.cursor().get();
        int visible = -1;
        Optional<Layer> main = layer();
        List<CompareFigure> out = new ArrayList<>();
        for (CompareFigure f : shown) {
            int highlighted = main.isPresent() ? highlightedColumn(main.get(), f.hidden(), c) : -1;
            GateFigure key = f.keyGate() == null ? null : f.keyGate().at(visible, highlighted);
            out.add(new CompareFigure(f.cell(), f.title(), f.hidden().at(visible, highlighted), key, f.note()));
        }
        compareFigures.set(out);
    }

    // ---- export ---------------------------------------------------------------------------------

    /**
     * What the figure shows, as CSV: {@code gate,unit,t,value}, one row per filled cell (t is the input
     * position). In compare mode the gate is prefixed with the cell ({@code lstm/hidden}).
     */
    public String csv() {
        StringBuilder out = new StringBuilder("gate,unit,t,value\n");
        if (compare.get()) {
            for (CompareFigure f : compareFigures.get()) {
                String prefix = f.cell().name().toLowerCase(Locale.ROOT) + "/";
                append(out, prefix, f.hidden());
                if (f.keyGate() != null) {
                    append(out, prefix, f.keyGate());
                }
            }
        } else {
            for (GateFigure f : figures.get()) {
                append(out, "", f);
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String prefix, GateFigure f) {
        HeatmapData d = f.data();
        int cols = f.visibleColumns() < 0 ? d.cols() : Math.min(f.visibleColumns(), d.cols());
        for (int u = 0; u < d.rows(); u++) {
            for (int c = 0; c < cols; c++) {
                out.append(prefix).append(f.gate()).append(',').append(u).append(',').append(f.times().get(c))
                        .append(',').append(ValueFormat.exact(d.value(u, c))).append('\n');
            }
        }
    }

}
