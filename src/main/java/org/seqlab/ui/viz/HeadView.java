package org.seqlab.ui.viz;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.paint.Color;

/**
 * An attention head drawn as lines (the "head view" of BertViz and tensor2tensor): the query tokens in a column on
 * the left, the key tokens on the right, and a line from every query to every key it attends to, as thick and
 * as opaque as its weight. A {@linkplain #selectedQueryProperty() selected query} (click its token) is drawn in
 * the accent colour with its weights beside the keys, the other queries' lines faint; keys masked for it are
 * greyed and marked "masked" instead of a weight, so a masked key reads differently from one with a weight near
 * zero. Rows beyond
 * {@linkplain #visibleRowsProperty() visibleRows} (queries the forward pass has not reached) draw no lines.
 *
 * <p>Nodes, not a canvas (at most a few thousand lines for the sequences a learner steps through), drawn by
 * {@link org.seqlab.ui.viz.skin.HeadViewSkin}, named by {@code -fx-skin} in {@code head-view.css}.
 */
public class HeadView extends Control {

    static final String STYLESHEET = "/org/seqlab/ui/viz/head-view.css";

    /** The style class of every head view. */
    public static final String STYLE_CLASS = "head-view";

    /** The colour of the lines (Okabe–Ito blue, as the first series of the charts). */
    public static final Color LINE = Color.web("#0072B2");

    /** The colour of the selected query's lines. */
    public static final Color SELECTED = Color.web("#D55E00");

    /** Lines of weights below this are not drawn (they would be invisible anyway). */
    public static final double MIN_WEIGHT = 0.01;

    private final ObjectProperty<HeadViewData> data = new SimpleObjectProperty<>(this, "data");
    private final IntegerProperty selectedQuery = new SimpleIntegerProperty(this, "selectedQuery", -1);
    private final IntegerProperty visibleRows = new SimpleIntegerProperty(this, "visibleRows", -1);
    private final StringProperty emptyText = new SimpleStringProperty(this, "emptyText", "");
    private final StringProperty maskedText = new SimpleStringProperty(this, "maskedText", "masked");

    public HeadView() {
        getStyleClass().add(STYLE_CLASS);
    }

    public HeadView(HeadViewData data) {
        this();
        setData(data);
    }

    /** The head drawn; null draws {@link #emptyTextProperty() emptyText}. */
    public final ObjectProperty<HeadViewData> dataProperty() {
        return data;
    }

    public final HeadViewData getData() {
        return data.get();
    }

    public final void setData(HeadViewData value) {
        data.set(value);
    }

    /** The query whose lines stand out (a click on a query token sets it); -1 draws every query alike. */
    public final IntegerProperty selectedQueryProperty() {
        return selectedQuery;
    }

    public final int getSelectedQuery() {
        return selectedQuery.get();
    }

    public final void setSelectedQuery(int query) {
        selectedQuery.set(query);
    }

    /** How many queries, from the top, are computed yet; -1 (the default): all. */
    public final IntegerProperty visibleRowsProperty() {
        return visibleRows;
    }

    public final int getVisibleRows() {
        return visibleRows.get();
    }

    public final void setVisibleRows(int count) {
        visibleRows.set(count);
    }

    /** Whether query {@code t} is beyond {@link #visibleRowsProperty() visibleRows}. */
    public final boolean isRowHidden(int t) {
        int v = getVisibleRows();
        return v >= 0 && t >= v;
    }

    /** The text shown without data. */
    public final StringProperty emptyTextProperty() {
        return emptyText;
    }

    public final void setEmptyText(String text) {
        emptyText.set(text);
    }

    /** The word shown beside a key masked for the selected query, in the user's language. */
    public final StringProperty maskedTextProperty() {
        return maskedText;
    }

    public final void setMaskedText(String text) {
        maskedText.set(text);
    }

    /** The opacity of the line from query {@code t} to key {@code s} as drawn now (0: no line). */
    public final double lineOpacity(int t, int s) {
        HeadViewData d = getData();
        if (d == null || isRowHidden(t) || d.isMasked(t, s) || d.weight(t, s) < MIN_WEIGHT) {
            return 0;
        }
        double w = Math.min(1, d.weight(t, s));
        int selected = getSelectedQuery();
        if (selected < 0 || selected == t) {
            return 0.15 + 0.85 * w;
        }
        return 0.12 * w;
    }

    @Override
    public String getUserAgentStylesheet() {
        return HeadView.class.getResource(STYLESHEET).toExternalForm();
    }
}
