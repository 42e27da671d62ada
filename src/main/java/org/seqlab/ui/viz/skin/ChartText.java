package org.seqlab.ui.viz.skin;

import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * The text of a chart drawn on a canvas, styled by the theme: two hidden labels ({@code .chart-text},
 * {@code .chart-title}) carry the font and colour the stylesheet gives them, and a {@link Text} measures.
 * Shared by {@link SeriesChartSkin} and {@link GroupedBarChartSkin}.
 */
final class ChartText {

    final Label text = hidden("chart-text");
    final Label title = hidden("chart-title");
    private final Text measure = new Text();

    private static Label hidden(String styleClass) {
        Label label = new Label("Xg");
        label.getStyleClass().add(styleClass);
        label.setVisible(false);
        label.setManaged(false);
        return label;
    }

    Font font() {
        return text.getFont();
    }

    Font titleFont() {
        return title.getFont();
    }

    /** The theme's text colour (black where the theme gives none). */
    Color color() {
        Paint p = text.getTextFill();
        return p instanceof Color c ? c : Color.BLACK;
    }

    /** The text colour, lighter: tick labels of secondary lines (tokens), the grid. */
    Color muted(double opacity) {
        Color c = color();
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), opacity);
    }

    double width(String s, Font font) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    double width(String s) {
        return width(s, font());
    }

    /** The height of one line of text. */
    double lineHeight() {
        measure.setFont(font());
        measure.setText("Xg");
        return Math.ceil(measure.getLayoutBounds().getHeight());
    }

    /** {@code s} cut from the front with an ellipsis so that it fits {@code maxWidth} (names keep their ends). */
    String fitFromEnd(String s, double maxWidth, Font font) {
        if (width(s, font) <= maxWidth) {
            return s;
        }
        for (int i = 1; i < s.length(); i++) {
            String cut = "…" + s.substring(i);
            if (width(cut, font) <= maxWidth) {
                return cut;
            }
        }
        return "…";
    }
}
