package org.seqlab.ui.viz.skin;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.paint.Color;
import javafx.scene.shape.Line;
import javafx.scene.shape.StrokeLineCap;
import org.seqlab.ui.viz.HeadView;
import org.seqlab.ui.viz.HeadViewData;

/**
 * Draws a {@link HeadView}: query labels right-aligned in the left column, key labels left-aligned in the right
 * column, one {@link Line} (style class {@code head-line}, user data {@code "t,s"}) per drawn query-key pair. The
 * selected query's lines are drawn last, on top, in {@link HeadView#SELECTED}; its key labels are shaded by weight
 * and followed by the weight (or "masked").
 */
public class HeadViewSkin extends SkinBase<HeadView> {

    private static final double MAX_ROW = 26;
    private static final double MIN_GAP = 50;

    private final Group lines = new Group();
    private final List<Label> queryLabels = new ArrayList<>();
    private final List<Label> keyLabels = new ArrayList<>();
    private final List<Label> weightLabels = new ArrayList<>();
    private final Label queryTitle = new Label();
    private final Label keyTitle = new Label();
    private final Label empty = new Label();
    private HeadViewData built;

    private final InvalidationListener dataChanged = obs -> rebuild();
    private final InvalidationListener stateChanged = obs -> restyle();

    public HeadViewSkin(HeadView view) {
        super(view);
        queryTitle.getStyleClass().add("head-title");
        keyTitle.getStyleClass().add("head-title");
        empty.getStyleClass().add("head-empty");
        empty.textProperty().bind(view.emptyTextProperty());
        lines.setManaged(false);
        getChildren().addAll(lines, queryTitle, keyTitle, empty);
        view.dataProperty().addListener(dataChanged);
        view.selectedQueryProperty().addListener(stateChanged);
        view.visibleRowsProperty().addListener(stateChanged);
        view.maskedTextProperty().addListener(stateChanged);
        rebuild();
    }

    @Override
    public void dispose() {
        getSkinnable().dataProperty().removeListener(dataChanged);
        getSkinnable().selectedQueryProperty().removeListener(stateChanged);
        getSkinnable().visibleRowsProperty().removeListener(stateChanged);
        getSkinnable().maskedTextProperty().removeListener(stateChanged);
        empty.textProperty().unbind();
        super.dispose();
    }

    private void rebuild() {
        HeadViewData data = getSkinnable().getData();
        built = data;
        getChildren().removeAll(queryLabels);
        getChildren().removeAll(keyLabels);
        getChildren().removeAll(weightLabels);
        queryLabels.clear();
        keyLabels.clear();
        weightLabels.clear();
        empty.setVisible(data == null);
        queryTitle.setVisible(data != null);
        keyTitle.setVisible(data != null);
        if (data != null) {
            queryTitle.setText(data.queryTitle());
            keyTitle.setText(data.keyTitle());
            for (int t = 0; t < data.queries(); t++) {
                Label l = token(data.queryTokens().get(t), "query");
                int query = t;
                l.setOnMouseClicked(e -> {
                    if (e.getButton() == MouseButton.PRIMARY) {
                        HeadView v = getSkinnable();
                        v.setSelectedQuery(v.getSelectedQuery() == query ? -1 : query);
                    }
                });
                queryLabels.add(l);
            }
            for (int s = 0; s < data.keys(); s++) {
                keyLabels.add(token(data.keyTokens().get(s), "key"));
                Label w = new Label();
                w.getStyleClass().add("head-weight");
                w.setMinWidth(Label.USE_PREF_SIZE);
                weightLabels.add(w);
            }
            getChildren().addAll(queryLabels);
            getChildren().addAll(keyLabels);
            getChildren().addAll(weightLabels);
        }
        restyle();
        getSkinnable().requestLayout();
    }

    private static Label token(String text, String side) {
        Label l = new Label(text);
        l.getStyleClass().addAll("head-token", side);
        l.setMinWidth(Label.USE_PREF_SIZE);
        return l;
    }

    /** Selection, masking and weights of the key labels; the lines follow in layout. */
    private void restyle() {
        HeadViewData data = built;
        if (data == null) {
            return;
        }
        HeadView v = getSkinnable();
        int selected = v.getSelectedQuery();
        boolean showSelected = selected >= 0 && selected < data.queries() && !v.isRowHidden(selected);
        for (int t = 0; t < queryLabels.size(); t++) {
            Label l = queryLabels.get(t);
            l.getStyleClass().remove("selected");
            if (t == selected) {
                l.getStyleClass().add("selected");
            }
            l.setOpacity(v.isRowHidden(t) ? 0.45 : 1);
        }
        for (int s = 0; s < keyLabels.size(); s++) {
            Label k = keyLabels.get(s);
            Label w = weightLabels.get(s);
            k.getStyleClass().remove("masked");
            if (showSelected && data.isMasked(selected, s)) {
                k.getStyleClass().add("masked");
                k.setBackground(Background.EMPTY);
                w.setText(v.maskedTextProperty().get());
            } else if (showSelected) {
                double weight = data.weight(selected, s);
                Color c = HeadView.SELECTED;
                k.setBackground(new Background(new BackgroundFill(
                        new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.min(1, weight) * 0.6),
                        new CornerRadii(3), null)));
                w.setText(weightText(weight));
            } else {
                k.setBackground(Background.EMPTY);
                w.setText("");
            }
        }
        getSkinnable().requestLayout();
    }

    /** A weight as the head view writes it: two decimals, or "<0.01" for a small non-zero weight. */
    static String weightText(double weight) {
        if (weight > 0 && weight < 0.005) {
            return "<0.01";
        }
        return String.format(java.util.Locale.ROOT, "%.2f", weight);
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        HeadViewData data = built;
        empty.resizeRelocate(x, y, w, h);
        lines.getChildren().clear();
        if (data == null) {
            return;
        }
        double titleH = Math.max(queryTitle.prefHeight(-1), keyTitle.prefHeight(-1));
        queryTitle.resizeRelocate(x, y, Math.min(queryTitle.prefWidth(-1), w / 2), titleH);
        double keyTitleW = Math.min(keyTitle.prefWidth(-1), w / 2);
        keyTitle.resizeRelocate(x + w - keyTitleW, y, keyTitleW, titleH);
        double top = y + titleH + 4;
        double leftW = 0;
        for (Label l : queryLabels) {
            leftW = Math.max(leftW, l.prefWidth(-1));
        }
        double rightW = 0;
        for (int s = 0; s < keyLabels.size(); s++) {
            rightW = Math.max(rightW, keyLabels.get(s).prefWidth(-1) + 4 + weightLabels.get(s).prefWidth(-1));
        }
        double maxSide = Math.max(50, (w - MIN_GAP) / 2);
        leftW = Math.min(leftW, maxSide);
        rightW = Math.min(rightW, maxSide);
        int rows = Math.max(data.queries(), data.keys());
        double rowH = Math.min(MAX_ROW, (y + h - top) / Math.max(1, rows));
        double qStep = rowH * rows / Math.max(1, data.queries());
        double kStep = rowH * rows / Math.max(1, data.keys());
        double lineX0 = x + leftW + 6;
        double keyX = x + w - rightW;
        double lineX1 = keyX - 6;
        double[] qy = new double[data.queries()];
        for (int t = 0; t < data.queries(); t++) {
            Label l = queryLabels.get(t);
            double lh = Math.min(l.prefHeight(-1), Math.max(qStep, 8));
            double cy = top + (t + 0.5) * qStep;
            double lw = Math.min(l.prefWidth(-1), leftW);
            l.resizeRelocate(x + leftW - lw, cy - lh / 2, lw, lh);
            l.setAlignment(Pos.CENTER_RIGHT);
            qy[t] = cy;
        }
        double[] ky = new double[data.keys()];
        for (int s = 0; s < data.keys(); s++) {
            Label k = keyLabels.get(s);
            Label wl = weightLabels.get(s);
            double lh = Math.min(k.prefHeight(-1), Math.max(kStep, 8));
            double cy = top + (s + 0.5) * kStep;
            double kw = Math.min(k.prefWidth(-1), rightW);
            k.resizeRelocate(keyX, cy - lh / 2, kw, lh);
            double ww = Math.max(0, Math.min(wl.prefWidth(-1), rightW - kw - 4));
            wl.resizeRelocate(keyX + kw + 4, cy - lh / 2, ww, lh);
            ky[s] = cy;
        }
        HeadView v = getSkinnable();
        int selected = v.getSelectedQuery();
        List<Line> front = new ArrayList<>();
        for (int t = 0; t < data.queries(); t++) {
            for (int s = 0; s < data.keys(); s++) {
                double opacity = v.lineOpacity(t, s);
                if (opacity <= 0) {
                    continue;
                }
                Line line = new Line(lineX0, qy[t], lineX1, ky[s]);
                line.getStyleClass().add("head-line");
                line.setUserData(t + "," + s);
                line.setStrokeLineCap(StrokeLineCap.ROUND);
                line.setStrokeWidth(1 + 3 * Math.min(1, data.weight(t, s)));
                line.setStroke(t == selected ? HeadView.SELECTED : HeadView.LINE);
                line.setOpacity(opacity);
                line.setMouseTransparent(true);
                if (t == selected) {
                    front.add(line);
                } else {
                    lines.getChildren().add(line);
                }
            }
        }
        lines.getChildren().addAll(front);
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return 320 + left + right;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        HeadViewData data = built;
        int rows = data == null ? 6 : Math.max(data.queries(), data.keys());
        return Math.min(MAX_ROW * rows, 600) + 30 + top + bottom;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return 80 + top + bottom;
    }

    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return 160 + left + right;
    }
}
