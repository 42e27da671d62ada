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
 * Lines over a shared x axis: gradient norms per time step, training loss per step. Shows the
 * {@link SeriesChartData} it is given with a linear or log10 y axis (nice ticks: {@code 1e-7, 1e-6, …}), axis
 * titles, a legend, a read-out naming the point under the mouse with its exact value, an optional vertical
 * {@linkplain #markerXProperty() marker} (the cursor's time step) and an optional horizontal
 * {@linkplain #thresholdProperty() threshold} line (a clipping threshold).
 *
 * <p>On a log axis a value of 0 or below has no place: the line breaks there and the point is drawn as a
 * hollow triangle on the floor of the plot, which the legend explains. NaN and ±∞ leave a gap.
 *
 * <p>Drawn on a canvas by {@link org.seqlab.ui.viz.skin.SeriesChartSkin} (named by {@code -fx-skin} in
 * {@code series-chart.css}); a series longer than the plot is wide is drawn as one min-max stroke per pixel
 * column, so 100 000 points draw as fast as 1 000. Not JavaFX's {@code XYChart}, which slows down past a few
 * thousand points.
 */
public class SeriesChart extends Control {

    static final String STYLESHEET = "/org/seqlab/ui/viz/series-chart.css";

    /** The style class of every series chart. */
    public static final String STYLE_CLASS = "series-chart";

    /** The colours of the series, in order (Okabe–Ito, readable for colour-blind eyes and on both themes). */
    public static final List<Color> PALETTE = List.of(Color.web("#0072B2"), Color.web("#D55E00"),
            Color.web("#009E73"), Color.web("#CC79A7"), Color.web("#56B4E9"), Color.web("#8C564B"),
            Color.web("#7F7F7F"));

    /** The debugger cursor's colour ({@code -seqlab-cursor}), for the marker. */
    public static final Color MARKER = Color.web("#ffb020");

    /** The threshold line's colour. */
    public static final Color THRESHOLD = Color.web("#C2185B");

    private final ObjectProperty<SeriesChartData> data = new SimpleObjectProperty<>(this, "data");
    private final ObjectProperty<I18n> i18n = new SimpleObjectProperty<>(this, "i18n");
    private final DoubleProperty markerX = new SimpleDoubleProperty(this, "markerX", Double.NaN);
    private final DoubleProperty threshold = new SimpleDoubleProperty(this, "threshold", Double.NaN);
    private final StringProperty thresholdLabel = new SimpleStringProperty(this, "thresholdLabel", "");
    private final StringProperty emptyText = new SimpleStringProperty(this, "emptyText", null);

    /** An empty chart with English text. */
    public SeriesChart() {
        this(new I18n(Language.ENGLISH));
    }

    /** An empty chart whose own text (read-out, legend) follows {@code i18n}'s language. */
    public SeriesChart(I18n i18n) {
        this.i18n.set(Objects.requireNonNull(i18n));
        getStyleClass().add(STYLE_CLASS);
    }

    public SeriesChart(I18n i18n, SeriesChartData data) {
        this(i18n);
        setData(data);
    }

    /** The colour series {@code index} is drawn in. */
    public static Color colorOf(int index) {
        return PALETTE.get(Math.floorMod(index, PALETTE.size()));
    }

    /** The lines shown; {@code null} shows {@link #emptyTextProperty() emptyText}. */
    public final ObjectProperty<SeriesChartData> dataProperty() {
        return data;
    }

    public final SeriesChartData getData() {
        return data.get();
    }

    public final void setData(SeriesChartData value) {
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

    /** The x of the vertical marker (the cursor's time step), or NaN (the default) for none. */
    public final DoubleProperty markerXProperty() {
        return markerX;
    }

    public final double getMarkerX() {
        return markerX.get();
    }

    public final void setMarkerX(double x) {
        markerX.set(x);
    }

    /** The y of the horizontal threshold line, or NaN (the default) for none; the y axis always reaches it. */
    public final DoubleProperty thresholdProperty() {
        return threshold;
    }

    public final double getThreshold() {
        return threshold.get();
    }

    public final void setThreshold(double y) {
        threshold.set(y);
    }

    /** The text written on the threshold line ({@code max norm 1}); empty for none. */
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
        return SeriesChart.class.getResource(STYLESHEET).toExternalForm();
    }
}
