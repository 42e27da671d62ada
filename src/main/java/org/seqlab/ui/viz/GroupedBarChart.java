package org.seqlab.ui.viz;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Control;
import javafx.scene.paint.Color;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;

/**
 * Horizontal bars, a group per row, names on the left where long names stay readable (cut from the front,
 * so {@code …self_attn.in_proj_weight} keeps its end): per-parameter gradient norms before and after
 * clipping, drawn together. A linear or log10 value axis, a legend, a read-out with the exact values of the
 * row under the mouse, and an optional vertical {@linkplain #thresholdProperty() threshold} line.
 *
 * <p>Drawn on a canvas by {@link org.seqlab.ui.viz.skin.GroupedBarChartSkin} (named by {@code -fx-skin} in
 * {@code grouped-bar-chart.css}). Its preferred height gives every row room; put it in a scroll pane for
 * models with many parameters.
 */
public class GroupedBarChart extends Control {

    static final String STYLESHEET = "/org/seqlab/ui/viz/grouped-bar-chart.css";

    /** The style class of every grouped bar chart. */
    public static final String STYLE_CLASS = "grouped-bar-chart";

    /**
     * The colours of the series in a row, in order: a light blue then a strong blue (before / after), then
     * the {@link SeriesChart#PALETTE} colours.
     */
    public static final List<Color> PALETTE = List.of(Color.web("#9CB9DA"), Color.web("#0072B2"),
            Color.web("#D55E00"), Color.web("#009E73"), Color.web("#CC79A7"), Color.web("#56B4E9"));

    private final ObjectProperty<GroupedBarChartData> data = new SimpleObjectProperty<>(this, "data");
    private final ObjectProperty<I18n> i18n = new SimpleObjectProperty<>(this, "i18n");
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold", Double.NaN);
    private final StringProperty thresholdLabel = new SimpleStringProperty(this, "thresholdLabel", "");
    private final StringProperty emptyText = new SimpleStringProperty(this, "emptyText", null);

    /** An empty chart with English text. */
    public GroupedBarChart() {
        this(new I18n(Language.ENGLISH));
    }

    /** An empty chart whose own text (read-out, legend) follows {@code i18n}'s language. */
    public GroupedBarChart(I18n i18n) {
        this.i18n.set(Objects.requireNonNull(i18n));
        getStyleClass().add(STYLE_CLASS);
    }

    public GroupedBarChart(I18n i18n, GroupedBarChartData data) {
        this(i18n);
        setData(data);
    }

    /** The colour series {@code index} is drawn in. */
    public static Color colorOf(int index) {
        return PALETTE.get(Math.floorMod(index, PALETTE.size()));
    }

    /** The bars shown; {@code null} shows {@link #emptyTextProperty() emptyText}. */
    public final ObjectProperty<GroupedBarChartData> dataProperty() {
        return data;
    }

    public final GroupedBarChartData getData() {
        return data.get();
    }

    public final void setData(GroupedBarChartData value) {
        data.set(value);
    }

    public final ObjectProperty<I18n> i18nProperty() {
        return i18n;
    }

    public final I18n getI18n() {
        return i18n.get();
    }

    public final void setI18n(I18n value) {
        i18n.set(Objects.requireNonNull(value));
    }

    /** The value of the vertical threshold line, or NaN (the default) for none; the axis always reaches it. */
    public final DoubleProperty thresholdProperty() {
        return threshold;
    }

    public final double getThreshold() {
        return threshold.get();
    }

    public final void setThreshold(double value) {
        threshold.set(value);
    }

    /** The threshold's legend text ({@code max norm 1}); empty for none. */
    public final StringProperty thresholdLabelProperty() {
        return thresholdLabel;
    }

    public final String getThresholdLabel() {
        return thresholdLabel.get();
    }

    public final void setThresholdLabel(String value) {
        thresholdLabel.set(value == null ? "" : value);
    }

    /** What the chart says without data; {@code null} (the default) says "No data" in the current language. */
    public final StringProperty emptyTextProperty() {
        return emptyText;
    }

    public final String getEmptyText() {
        return emptyText.get();
    }

    public final void setEmptyText(String value) {
        emptyText.set(value);
    }

    @Override
    public String getUserAgentStylesheet() {
        return GroupedBarChart.class.getResource(STYLESHEET).toExternalForm();
    }
}
