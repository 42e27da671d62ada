package org.seqlab.ui.panels.attention;

import java.util.ArrayList;
import java.util.List;
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
import org.seqlab.autograd.Phase;
import org.seqlab.data.tokenize.CharTokenizer;
import org.seqlab.debug.AttentionMaps;
import org.seqlab.debug.AttentionMaps.AttentionMap;
import org.seqlab.debug.AttentionMaps.Kind;
import org.seqlab.debug.AttentionMaps.Score;
import org.seqlab.debug.AttentionMaps.Side;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.DebugSession;
import org.seqlab.debug.Recording;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.Failures;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.viz.ColorScale;
import org.seqlab.ui.viz.Csv;
import org.seqlab.ui.viz.HeadViewData;
import org.seqlab.ui.viz.HeatmapData;
import org.seqlab.ui.viz.ValueFormat;

/**
 * The attention panel's state: the attention modules of the current recording ({@link AttentionMaps}), the one
 * chosen and what of it is shown (one head, the mean over heads, or the rollout up to it), the chosen query and
 * its breakdown q·k → scaled → masked → softmax, and a layers × heads grid of thumbnails. Holds no node; tested
 * without a stage.
 *
 * <p>Reading the trace runs on the context's executor. A cursor move only recomputes how many query rows are
 * filled in: during the forward pass, a module's rows appear as its softmax events are reached (all at once for
 * a Transformer layer, step by step for a recurrent decoder); on the backward pass everything is shown. When the
 * cursor enters a module, the panel opens it.
 *
 * <p>Axis labels are the tokens: the model bar's input tokens for the source side, the decoder input's tokens
 * (read from the recording, the default character vocabulary) for the target side; positions where they do not
 * match one to one.
 */
public final class AttentionViewModel {

    /** What the big heatmap shows of a module: one of its heads, the mean over heads, or the rollout. */
    public record View(Kind kind, int head) {
        /** The kinds of view. */
        public enum Kind { HEAD, MEAN, ROLLOUT }

        /** Head {@code h}. */
        public static View head(int h) {
            return new View(Kind.HEAD, h);
        }
    }

    /**
     * The chosen module as drawn.
     *
     * @param name the module
     * @param title its heading ({@code decoder layer 0 · self_attn — head 1})
     * @param kindText one sentence on the kind of attention and its mask
     * @param heatmap the weights with token labels, range 0 to 1, masked cells marked
     * @param head the same weights for the head view
     * @param visibleRows the query rows computed at the cursor (-1: all)
     */
    public record Figure(String name, String title, String kindText, HeatmapData heatmap, HeadViewData head,
                         int visibleRows) {
        Figure at(int rows) {
            return rows == visibleRows ? this : new Figure(name, title, kindText, heatmap, head, rows);
        }
    }

    /** The kind line with, while the cursor has not reached all of the module, where it is computed. */
    public String kindLine(Figure f) {
        if (f == null) {
            return "";
        }
        Optional<AttentionMap> m = loaded == null ? Optional.empty() : loaded.maps().map(f.name());
        if (f.visibleRows() < 0 || m.isEmpty()) {
            return f.kindText();
        }
        int[] rows = m.get().rowIndex();
        int next = rows[Math.min(f.visibleRows(), rows.length - 1)];
        return f.kindText() + " " + i18n.format("attention.progress", f.visibleRows(), m.get().queries(), next + 1);
    }

    /** One thumbnail: a view of a module, T × S, and its mask (may be null). */
    public record Thumbnail(String map, View view, String tooltip, double[][] values, boolean[][] mask,
                            int visibleRows) {
    }

    /** A row of the thumbnails grid: one module, a thumbnail per head and one for the mean. */
    public record ThumbnailRow(String map, String title, List<Thumbnail> thumbnails) {
        public ThumbnailRow {
            thumbnails = List.copyOf(thumbnails);
        }
    }

    /**
     * One key of the chosen query's breakdown.
     *
     * @param key the key's position
     * @param token its token
     * @param score the raw score (q·k, or v·tanh(W q + U k))
     * @param scaled the score over √d, NaN when the module does not scale
     * @param maskedScore the score after the mask (−∞ where masked), NaN without a mask
     * @param masked whether the key is masked
     * @param weight the softmax
     */
    public record BreakdownRow(int key, String token, double score, double scaled, double maskedScore,
                               boolean masked, double weight) {
    }

    private final PanelContext context;
    private final I18n i18n;

    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ObservableList<String> maps = FXCollections.observableArrayList();
    private final ObjectProperty<String> selectedMap = new SimpleObjectProperty<>(this, "selectedMap");
    private final ObservableList<View> views = FXCollections.observableArrayList();
    private final ObjectProperty<View> selectedView = new SimpleObjectProperty<>(this, "selectedView");
    private final IntegerProperty selectedQuery = new SimpleIntegerProperty(this, "selectedQuery", 0);
    private final ReadOnlyObjectWrapper<Figure> figure = new ReadOnlyObjectWrapper<>(this, "figure");
    private final ReadOnlyObjectWrapper<List<ThumbnailRow>> thumbnails =
            new ReadOnlyObjectWrapper<>(this, "thumbnails", List.of());
    private final ReadOnlyObjectWrapper<List<BreakdownRow>> breakdown =
            new ReadOnlyObjectWrapper<>(this, "breakdown", List.of());
    private final ReadOnlyStringWrapper breakdownTitle = new ReadOnlyStringWrapper(this, "breakdownTitle", "");

    private Loaded loaded;
    private int generation;
    private String cursorMap;

    /** What the background task read: the modules and the axis labels of both sides. */
    private record Loaded(Recording recording, AttentionMaps maps, List<String> source, List<String> target) {
    }

    public AttentionViewModel(PanelContext context) {
        this.context = Objects.requireNonNull(context, "context");
        this.i18n = context.i18n();
        context.revision().addListener((obs, o, n) -> reload());   // the session is set before the revision moves
        context.cursor().addListener((obs, o, n) -> cursorMoved());
        i18n.languageProperty().addListener((obs, o, n) -> {
            reloadMessage();
            rebuild();
        });
        selectedMap.addListener((obs, o, n) -> mapChanged());
        selectedView.addListener((obs, o, n) -> rebuild());
        selectedQuery.addListener((obs, o, n) -> rebuildBreakdown());
        reload();
    }

    // ---- properties -----------------------------------------------------------------------------

    /** Whether the current recording has attention. */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** Why nothing is shown (no recording, no attention, an error); empty when a module is shown. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The attention modules, in the order they ran. */
    public ObservableList<String> maps() {
        return FXCollections.unmodifiableObservableList(maps);
    }

    /** The module shown; follows the cursor into another module, and the user may choose. */
    public ObjectProperty<String> selectedMapProperty() {
        return selectedMap;
    }

    /** The views of the chosen module: each head, the mean over heads, and the rollout where it is defined. */
    public ObservableList<View> views() {
        return FXCollections.unmodifiableObservableList(views);
    }

    public ObjectProperty<View> selectedViewProperty() {
        return selectedView;
    }

    /** The query whose breakdown is shown and whose lines stand out in the head view. */
    public IntegerProperty selectedQueryProperty() {
        return selectedQuery;
    }

    public ReadOnlyObjectProperty<Figure> figureProperty() {
        return figure.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<ThumbnailRow>> thumbnailsProperty() {
        return thumbnails.getReadOnlyProperty();
    }

    /** The chosen query's keys with every stage; empty for the mean and the rollout, which are not one softmax. */
    public ReadOnlyObjectProperty<List<BreakdownRow>> breakdownProperty() {
        return breakdown.getReadOnlyProperty();
    }

    /** The breakdown's heading (the query and the formula), or why there is none. */
    public ReadOnlyStringProperty breakdownTitleProperty() {
        return breakdownTitle.getReadOnlyProperty();
    }

    /** The modules read from the current recording, or null before they are ready. */
    AttentionMaps attentionMaps() {
        return loaded == null ? null : loaded.maps();
    }

    /** The chosen module, if any. */
    public Optional<AttentionMap> map() {
        return loaded == null || selectedMap.get() == null ? Optional.empty() : loaded.maps().map(selectedMap.get());
    }

    /** The chooser's text for a module: its name, kind and heads. */
    public String mapText(String name) {
        if (loaded == null || name == null) {
            return name == null ? "" : name;
        }
        return loaded.maps().map(name).map(m -> i18n.format("attention.map.text", shortName(name),
                kindName(m.kind()), m.heads())).orElse(name);
    }

    /** The chooser's text for a view. */
    public String viewText(View v) {
        if (v == null) {
            return "";
        }
        return switch (v.kind()) {
            case HEAD -> i18n.format("attention.view.head", v.head());
            case MEAN -> i18n.get("attention.view.mean");
            case ROLLOUT -> i18n.get("attention.view.rollout");
        };
    }

    /** Whether the stage columns of the breakdown apply to the chosen module: scaled, masked. */
    public boolean hasScaledStage() {
        return map().map(m -> m.scaled() != null).orElse(false);
    }

    public boolean hasMaskedStage() {
        return map().map(AttentionMap::hasMask).orElse(false);
    }

    /** The score column's heading: q·k for dot-product attention, v·tanh(W q + U k) for additive. */
    public String scoreHeading() {
        return i18n.get(map().map(m -> m.score() == Score.ADDITIVE).orElse(false)
                ? "attention.breakdown.additive" : "attention.breakdown.dot");
    }

    /** Opens module {@code name} and view {@code view} (a thumbnail's click). */
    public void open(String name, View view) {
        selectedMap.set(name);
        if (views.contains(view)) {
            selectedView.set(view);
        }
    }

    // ---- loading --------------------------------------------------------------------------------

    private void reload() {
        int gen = ++generation;
        DebugSession session = context.session().get();
        if (session == null || session.recording() == null) {
            clear();
            reloadMessage();
            return;
        }
        Recording r = session.recording();
        ModelGraph graph = session.model().graph();
        List<String> source = context.tokens().get() == null ? List.of() : List.copyOf(context.tokens().get());
        context.executor().submit(() -> new Loaded(r, AttentionMaps.of(r.trace()), source, targetTokens(graph, r)),
                result -> {
                    if (gen != generation) {
                        return;
                    }
                    loaded = result;
                    String keep = selectedMap.get();
                    List<String> names = result.maps().maps().stream().map(AttentionMap::name).toList();
                    maps.setAll(names);
                    available.set(!names.isEmpty());
                    reloadMessage();
                    cursorMap = mapOfCursor();
                    String chosen = names.contains(keep) ? keep : cursorMap != null ? cursorMap
                            : names.isEmpty() ? null : names.get(0);
                    if (Objects.equals(chosen, selectedMap.get())) {
                        mapChanged();
                    } else {
                        selectedMap.set(chosen);
                    }
                    rebuildThumbnails();
                }, failure -> {
                    if (gen != generation) {
                        return;
                    }
                    clear();
                    message.set(i18n.format("attention.error", Failures.describe(failure)));
                });
    }

    /** The decoder input's tokens, one per position, in the model's default character vocabulary; else empty. */
    static List<String> targetTokens(ModelGraph graph, Recording r) {
        Flow decoderInput = r.inputs().get("decoder_input");
        if (decoderInput == null) {
            return List.of();
        }
        long[] ids = decoderInput.value().toLongArray();
        int length = Math.toIntExact(decoderInput.value().shape().size(decoderInput.value().rank() - 1));
        long vocab = graph.input("decoder_input").map(i -> i.type().dim()).orElse(0L);
        CharTokenizer tokenizer = vocab >= 5 ? CharTokenizer.defaultFor(Math.toIntExact(vocab)) : null;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < length && i < ids.length; i++) {
            long id = ids[i];
            String token = tokenizer != null && id >= 0 && id < vocab ? tokenizer.vocabulary().token((int) id)
                    : Long.toString(id);
            out.add(token.equals(" ") ? "␣" : token.equals("\n") ? "⏎" : token);
        }
        return out;
    }

    private void clear() {
        loaded = null;
        maps.clear();
        views.clear();
        available.set(false);
        figure.set(null);
        thumbnails.set(List.of());
        breakdown.set(List.of());
        breakdownTitle.set("");
    }

    private void reloadMessage() {
        DebugSession session = context.session().get();
        if (session == null) {
            message.set(i18n.get("attention.noRecording"));
        } else if (loaded != null && loaded.maps().isEmpty()) {
            String model = context.modelName().get();
            message.set(i18n.format("attention.noAttention", model == null || model.isBlank()
                    ? session.model().graph().name() : model));
        } else if (loaded != null) {
            message.set("");
        }
    }

    // ---- the chosen module -----------------------------------------------------------------------

    private void mapChanged() {
        Optional<AttentionMap> m = map();
        View keep = selectedView.get();
        List<View> list = new ArrayList<>();
        m.ifPresent(a -> {
            for (int h = 0; h < a.heads(); h++) {
                list.add(View.head(h));
            }
            if (a.heads() > 1) {
                list.add(new View(View.Kind.MEAN, -1));
            }
            if (!loaded.maps().rolloutChain(a).isEmpty()) {
                list.add(new View(View.Kind.ROLLOUT, -1));
            }
        });
        views.setAll(list);
        View chosen = list.contains(keep) ? keep : list.isEmpty() ? null : list.get(0);
        if (m.isPresent() && selectedQuery.get() >= m.get().queries()) {
            selectedQuery.set(0);
        }
        if (Objects.equals(chosen, selectedView.get())) {
            rebuild();
        } else {
            selectedView.set(chosen);   // rebuilds through the listener
        }
        rebuildThumbnails();
    }

    private void rebuild() {
        Optional<AttentionMap> chosen = map();
        View v = selectedView.get();
        if (chosen.isEmpty() || v == null) {
            figure.set(null);
            rebuildBreakdown();
            return;
        }
        AttentionMap m = chosen.get();
        double[][] values;
        boolean[][] mask;
        switch (v.kind()) {
            case HEAD -> {
                values = m.head(v.head());
                mask = m.headMask(v.head());
            }
            case MEAN -> {
                values = m.meanOverHeads();
                mask = m.maskInEveryHead();
            }
            default -> {
                values = loaded.maps().rollout(m).orElseGet(m::meanOverHeads);
                mask = null;
            }
        }
        List<String> rows = labels(m.querySide(), m.queries());
        List<String> cols = labels(m.keySide(), m.keys());
        String rowTitle = i18n.get(m.querySide() == Side.TARGET ? "attention.axis.queriesTarget"
                : "attention.axis.queries");
        String colTitle = i18n.get(v.kind() == View.Kind.ROLLOUT ? "attention.axis.inputs"
                : m.keySide() == Side.TARGET ? "attention.axis.keysTarget" : "attention.axis.keys");
        HeatmapData data = HeatmapData.of(values).withTitles(rowTitle, colTitle).withRowLabels(rows)
                .withColumnLabels(cols).withScale(ColorScale.SEQUENTIAL).withRange(0, 1);
        if (mask != null) {
            data = data.withMask(mask);
        }
        HeadViewData head = new HeadViewData(rows, cols, values, mask, rowTitle, colTitle);
        String title = i18n.format("attention.figure.title", shortName(m.name()), viewText(v));
        figure.set(new Figure(m.name(), title, kindText(m, v), data, head, visibleRows(m, v)));
        rebuildBreakdown();
    }

    private String kindText(AttentionMap m, View v) {
        String text = switch (m.kind()) {
            case SELF -> i18n.get("attention.kind.self");
            case CAUSAL -> i18n.get("attention.kind.causal");
            case CROSS -> i18n.get("attention.kind.cross");
        };
        if (m.hasMask() && m.kind() != Kind.CAUSAL) {
            text = text + " " + i18n.get("attention.kind.padding");
        }
        return switch (v.kind()) {
            case HEAD -> text;
            case MEAN -> text + " " + i18n.get("attention.view.meanMeaning");
            case ROLLOUT -> text + " " + i18n.format("attention.view.rolloutMeaning",
                    loaded.maps().rolloutChain(m).size());
        };
    }

    private String kindName(Kind kind) {
        return i18n.get(switch (kind) {
            case SELF -> "attention.kindName.self";
            case CAUSAL -> "attention.kindName.causal";
            case CROSS -> "attention.kindName.cross";
        });
    }

    /**
     * The module's name as the panel shows it: without a leading {@code transformer/}, {@code bert/} or
     * {@code model/}, without {@code layers/}, and without a last part that only names the attention op
     * ({@code attn}, {@code heads}): {@code transformer/encoder/layers/0/self_attn/attn} is
     * {@code encoder/0/self_attn}, {@code transformer/h/1/attn/heads} is {@code h/1/attn}.
     */
    static String shortName(String name) {
        List<String> parts = new ArrayList<>(List.of(name.split("/")));
        if (parts.size() > 1 && List.of("transformer", "bert", "model").contains(parts.get(0))) {
            parts.remove(0);
        }
        parts.removeIf(p -> p.equals("layers") || p.equals("layer"));
        if (parts.size() > 1 && List.of("attn", "heads").contains(parts.get(parts.size() - 1))) {
            parts.remove(parts.size() - 1);
        }
        return parts.isEmpty() ? name : String.join("/", parts);
    }

    private List<String> labels(Side side, int n) {
        List<String> tokens = side == Side.SOURCE ? loaded.source() : loaded.target();
        if (tokens.size() == n) {
            return tokens;
        }
        List<String> positions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            positions.add(Integer.toString(i));
        }
        return positions;
    }

    // ---- the cursor -------------------------------------------------------------------------------

    private void cursorMoved() {
        if (loaded == null) {
            return;
        }
        String now = mapOfCursor();
        if (now != null && !now.equals(cursorMap) && !now.equals(selectedMap.get())) {
            cursorMap = now;
            selectedMap.set(now);   // rebuilds through the listener
            return;
        }
        cursorMap = now;
        Figure f = figure.get();
        Optional<AttentionMap> m = map();
        if (f != null && m.isPresent() && selectedView.get() != null) {
            figure.set(f.at(visibleRows(m.get(), selectedView.get())));
        }
        rebuildThumbnails();
        rebuildBreakdown();
    }

    /** The module whose events the cursor is on, or null. */
    private String mapOfCursor() {
        Cursor c = context.cursor().get();
        if (loaded == null || c == null || c.phase() != Phase.FORWARD || c.trace() != loaded.recording().trace()) {
            return null;
        }
        for (AttentionMap m : loaded.maps().maps()) {
            if (m.spans(c.position())) {
                return m.name();
            }
        }
        return null;
    }

    /** The rows of {@code m} computed at the cursor: in the forward pass, those whose softmax has run. */
    private int visibleRows(AttentionMap m, View v) {
        Cursor c = context.cursor().get();
        if (c == null || c.phase() == Phase.BACKWARD || loaded == null || c.trace() != loaded.recording().trace()) {
            return -1;
        }
        if (v.kind() == View.Kind.ROLLOUT) {
            int rows = m.queries();
            for (AttentionMap part : loaded.maps().rolloutChain(m)) {
                rows = Math.min(rows, part.rowsComputedAt(c.position()));
            }
            return rows == m.queries() ? -1 : rows;
        }
        int rows = m.rowsComputedAt(c.position());
        return rows == m.queries() ? -1 : rows;
    }

    private void rebuildThumbnails() {
        if (loaded == null) {
            thumbnails.set(List.of());
            return;
        }
        List<ThumbnailRow> rows = new ArrayList<>();
        for (AttentionMap m : loaded.maps().maps()) {
            List<Thumbnail> list = new ArrayList<>();
            for (int h = 0; h < m.heads(); h++) {
                View v = View.head(h);
                list.add(new Thumbnail(m.name(), v, shortName(m.name()) + " · " + viewText(v), m.head(h),
                        m.headMask(h), visibleRows(m, v)));
            }
            if (m.heads() > 1) {
                View v = new View(View.Kind.MEAN, -1);
                list.add(new Thumbnail(m.name(), v, shortName(m.name()) + " · " + viewText(v), m.meanOverHeads(),
                        m.maskInEveryHead(), visibleRows(m, v)));
            }
            rows.add(new ThumbnailRow(m.name(), i18n.format("attention.thumbnails.row", shortName(m.name()),
                    kindName(m.kind())), list));
        }
        thumbnails.set(rows);
    }

    // ---- the breakdown ------------------------------------------------------------------------------

    private void rebuildBreakdown() {
        Optional<AttentionMap> chosen = map();
        View v = selectedView.get();
        if (chosen.isEmpty() || v == null) {
            breakdown.set(List.of());
            breakdownTitle.set("");
            return;
        }
        AttentionMap m = chosen.get();
        if (v.kind() != View.Kind.HEAD) {
            breakdown.set(List.of());
            breakdownTitle.set(i18n.get("attention.breakdown.perHead"));
            return;
        }
        int t = Math.max(0, Math.min(selectedQuery.get(), m.queries() - 1));
        Figure f = figure.get();
        List<String> rowLabels = labels(m.querySide(), m.queries());
        if (f != null && f.visibleRows() >= 0 && t >= f.visibleRows()) {
            breakdown.set(List.of());
            breakdownTitle.set(i18n.format("attention.breakdown.notYet", rowLabels.get(t), t));
            return;
        }
        int h = v.head();
        double[] scaled = m.scaled();
        double[] maskedScores = m.masked();
        List<String> keyLabels = labels(m.keySide(), m.keys());
        List<BreakdownRow> rows = new ArrayList<>();
        for (int s = 0; s < m.keys(); s++) {
            int i = (h * m.queries() + t) * m.keys() + s;
            rows.add(new BreakdownRow(s, keyLabels.get(s), m.score(h, t, s),
                    scaled == null ? Double.NaN : scaled[i], maskedScores == null ? Double.NaN : maskedScores[i],
                    m.isMasked(h, t, s), m.weight(h, t, s)));
        }
        breakdown.set(rows);
        String formula = i18n.get(m.score() == Score.ADDITIVE ? "attention.breakdown.formulaAdditive"
                : m.scaled() != null ? "attention.breakdown.formulaScaled" : "attention.breakdown.formulaDot");
        breakdownTitle.set(i18n.format("attention.breakdown.title", rowLabels.get(t), t, viewText(v), formula));
    }

    // ---- export ----------------------------------------------------------------------------------------

    /**
     * Every module, head, query and key: the stages and the weight (the numbers behind every view; the
     * mean and the rollout follow from them). Empty before a recording.
     */
    public String csv() {
        if (loaded == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(
                "module,kind,head,query,query_token,key,key_token,score,scaled,masked_score,masked,weight\n");
        for (AttentionMap m : loaded.maps().maps()) {
            List<String> rows = labels(m.querySide(), m.queries());
            List<String> cols = labels(m.keySide(), m.keys());
            double[] scaled = m.scaled();
            double[] masked = m.masked();
            String kind = m.kind().name().toLowerCase(java.util.Locale.ROOT);
            for (int h = 0; h < m.heads(); h++) {
                for (int t = 0; t < m.queries(); t++) {
                    for (int s = 0; s < m.keys(); s++) {
                        int i = (h * m.queries() + t) * m.keys() + s;
                        out.append(Csv.field(m.name())).append(',').append(kind).append(',').append(h).append(',')
                                .append(t).append(',').append(Csv.field(rows.get(t))).append(',').append(s)
                                .append(',').append(Csv.field(cols.get(s))).append(',')
                                .append(ValueFormat.exact(m.score(h, t, s))).append(',')
                                .append(scaled == null ? "" : ValueFormat.exact(scaled[i])).append(',')
                                .append(masked == null ? "" : ValueFormat.exact(masked[i])).append(',')
                                .append(m.isMasked(h, t, s)).append(',')
                                .append(ValueFormat.exact(m.weight(h, t, s))).append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    /** For tests: the labels of a side as the axes show them. */
    List<String> axisLabels(Side side, int n) {
        return loaded == null ? List.of() : labels(side, n);
    }
}
