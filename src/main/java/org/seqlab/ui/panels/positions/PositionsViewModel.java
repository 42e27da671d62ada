package org.seqlab.ui.panels.positions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.seqlab.debug.DebugSession;
import org.seqlab.debug.PositionEncodings;
import org.seqlab.debug.PositionEncodings.Encoding;
import org.seqlab.debug.PositionEncodings.Kind;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.Failures;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.viz.ColorScale;
import org.seqlab.ui.viz.Csv;
import org.seqlab.ui.viz.HeatmapData;
import org.seqlab.ui.viz.ValueFormat;

/**
 * The positional encoding view's state: the encodings of the current recording ({@link PositionEncodings}), the
 * one chosen, its table (positions × dimensions) and the cosine similarity between its positions as heatmaps,
 * and a chosen position whose row both highlight. Holds no node; tested without a stage. Reading the recording
 * runs on the context's executor; the encoding does not change along the trace, so the cursor is not followed.
 */
public final class PositionsViewModel {

    /**
     * The chosen encoding as drawn.
     *
     * @param name the module
     * @param reading one sentence on what the table is and what the similarity shows, in the current language
     * @param table positions × dimensions
     * @param similarity positions × positions, −1 to 1
     * @param used how many positions the input used
     */
    public record Figure(String name, String reading, HeatmapData table, HeatmapData similarity, int used) {
    }

    private final PanelContext context;
    private final I18n i18n;
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ObservableList<String> encodings = FXCollections.observableArrayList();
    private final ObjectProperty<String> selected = new SimpleObjectProperty<>(this, "selected");
    private final IntegerProperty selectedPosition = new SimpleIntegerProperty(this, "selectedPosition", 0);
    private final ReadOnlyObjectWrapper<Figure> figure = new ReadOnlyObjectWrapper<>(this, "figure");
    private final ReadOnlyStringWrapper positionNote = new ReadOnlyStringWrapper(this, "positionNote", "");
    private PositionEncodings loaded;
    private int generation;

    public PositionsViewModel(PanelContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.i18n = context.i18n();
        context.revision().addListener((obs, o, n) -> reload());
        i18n.languageProperty().addListener((obs, o, n) -> {
            reloadMessage();
            rebuild();
        });
        selected.addListener((obs, o, n) -> rebuild());
        selectedPosition.addListener((obs, o, n) -> rebuildNote());
        reload();
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** Why nothing is shown; empty when an encoding is shown. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The encodings of the recording (source and target for an encoder-decoder), in the order they ran. */
    public ObservableList<String> encodings() {
        return FXCollections.unmodifiableObservableList(encodings);
    }

    public ObjectProperty<String> selectedProperty() {
        return selected;
    }

    /** The position whose row is outlined in both heatmaps (a click on a row sets it). */
    public IntegerProperty selectedPositionProperty() {
        return selectedPosition;
    }

    public ReadOnlyObjectProperty<Figure> figureProperty() {
        return figure.getReadOnlyProperty();
    }

    /** The chosen position's most and least similar other positions, one line. */
    public ReadOnlyStringProperty positionNoteProperty() {
        return positionNote.getReadOnlyProperty();
    }

    /** The chosen encoding, if any. */
    public Optional<Encoding> encoding() {
        return loaded == null || selected.get() == null ? Optional.empty() : loaded.encoding(selected.get());
    }

    /** The chooser's text: the module and its kind. */
    public String encodingText(String name) {
        if (loaded == null || name == null) {
            return name == null ? "" : name;
        }
        return loaded.encoding(name).map(e -> i18n.format("positions.encoding.text", name, kindName(e.kind()),
                e.maxLength(), e.dim())).orElse(name);
    }

    private String kindName(Kind kind) {
        return i18n.get(switch (kind) {
            case SINUSOIDAL -> "positions.kind.sinusoidal";
            case LEARNED -> "positions.kind.learned";
            case FIXED -> "positions.kind.fixed";
        });
    }

    private void reload() {
        int gen = ++generation;
        DebugSession session = context.session().get();
        if (session == null || session.recording() == null) {
            clear();
            reloadMessage();
            return;
        }
        var recording = session.recording();
        context.executor().submit(() -> PositionEncodings.of(recording), result -> {
            if (gen != generation) {
                return;
            }
            loaded = result;
            String keep = selected.get();
            List<String> names = result.encodings().stream().map(Encoding::name).toList();
            encodings.setAll(names);
            available.set(!names.isEmpty());
            reloadMessage();
            String chosen = names.contains(keep) ? keep : names.isEmpty() ? null : names.get(0);
            if (Objects.equals(chosen, selected.get())) {
                rebuild();
            } else {
                selected.set(chosen);
            }
        }, failure -> {
            if (gen != generation) {
                return;
            }
            clear();
            message.set(i18n.format("positions.error", Failures.describe(failure)));
        });
    }

    private void clear() {
        loaded = null;
        encodings.clear();
        available.set(false);
        figure.set(null);
        positionNote.set("");
    }

    private void reloadMessage() {
        DebugSession session = context.session().get();
        if (session == null) {
            message.set(i18n.get("positions.noRecording"));
        } else if (loaded != null && loaded.isEmpty()) {
            String model = context.modelName().get();
            message.set(i18n.format("positions.none", model == null || model.isBlank()
                    ? session.model().graph().name() : model));
        } else if (loaded != null) {
            message.set("");
        }
    }

    private void rebuild() {
        Optional<Encoding> chosen = encoding();
        if (chosen.isEmpty()) {
            figure.set(null);
            positionNote.set("");
            return;
        }
        Encoding e = chosen.get();
        List<String> positions = new ArrayList<>();
        for (int p = 0; p < e.positions(); p++) {
            positions.add(Integer.toString(p));
        }
        double maxAbs = 0;
        for (double v : e.table()) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double range = e.kind() == Kind.SINUSOIDAL || maxAbs == 0 ? 1 : maxAbs;
        HeatmapData table = HeatmapData.of(e.tableRows())
                .withTitles(i18n.get("positions.axis.position"), i18n.get("positions.axis.dimension"))
                .withRowLabels(positions).withScale(ColorScale.DIVERGING).withRange(-range, range);
        HeatmapData similarity = HeatmapData.of(e.similarityRows())
                .withTitles(i18n.get("positions.axis.position"), i18n.get("positions.axis.position"))
                .withRowLabels(positions).withColumnLabels(positions)
                .withScale(ColorScale.DIVERGING).withRange(-1, 1);
        String reading = i18n.format(switch (e.kind()) {
            case SINUSOIDAL -> "positions.reading.sinusoidal";
            case LEARNED -> "positions.reading.learned";
            case FIXED -> "positions.reading.fixed";
        }, e.dim(), e.used() - 1, e.positions(), e.maxLength());
        if (selectedPosition.get() >= e.positions()) {
            selectedPosition.set(0);
        }
        figure.set(new Figure(e.name(), reading, table, similarity, e.used()));
        rebuildNote();
    }

    private void rebuildNote() {
        Optional<Encoding> chosen = encoding();
        if (chosen.isEmpty()) {
            positionNote.set("");
            return;
        }
        Encoding e = chosen.get();
        int p = Math.max(0, Math.min(selectedPosition.get(), e.positions() - 1));
        int most = -1;
        int least = -1;
        for (int q = 0; q < e.positions(); q++) {
            if (q == p) {
                continue;
            }
            if (most < 0 || e.similarity(p, q) > e.similarity(p, most)) {
                most = q;
            }
            if (least < 0 || e.similarity(p, q) < e.similarity(p, least)) {
                least = q;
            }
        }
        if (most < 0) {
            positionNote.set("");
            return;
        }
        positionNote.set(i18n.format("positions.note", p, most, ValueFormat.compact(e.similarity(p, most)), least,
                ValueFormat.compact(e.similarity(p, least))));
    }

    /** Every value of every encoding, then every similarity: {@code encoding,kind,what,row,column,value}. */
    public String csv() {
        if (loaded == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("encoding,kind,matrix,row,column,value\n");
        for (Encoding e : loaded.encodings()) {
            String prefix = Csv.field(e.name()) + ","
                    + e.kind().name().toLowerCase(Locale.ROOT) + ",";
            for (int p = 0; p < e.positions(); p++) {
                for (int d = 0; d < e.dim(); d++) {
                    out.append(prefix).append("table,").append(p).append(',').append(d).append(',')
                            .append(ValueFormat.exact(e.value(p, d))).append('\n');
                }
            }
            for (int i = 0; i < e.positions(); i++) {
                for (int j = 0; j < e.positions(); j++) {
                    out.append(prefix).append("similarity,").append(i).append(',').append(j).append(',')
                            .append(ValueFormat.exact(e.similarity(i, j))).append('\n');
                }
            }
        }
        return out.toString();
    }
}
