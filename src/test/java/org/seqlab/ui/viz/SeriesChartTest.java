package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.viz.SeriesChartData.Series;
import org.seqlab.ui.viz.skin.GroupedBarChartSkin;
import org.seqlab.ui.viz.skin.SeriesChartSkin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The series and bar charts as drawn, headless (Monocle): a series's colour where its points are, floor
 * markers on a log axis, the marker and the threshold, hovering, and the skins' listeners.
 */
@ExtendWith(ApplicationExtension.class)
class SeriesChartTest {

    private static final double TOLERANCE = 3.0 / 255;

    private Stage stage;
    private final I18n i18n = new I18n(Language.ENGLISH);

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 600, 400));
        stage.show();
    }

    @Test
    void eachSeriesIsDrawnInItsColourWhereItsPointsAre() throws Exception {
        SeriesChartData data = SeriesChartData.of(Series.indexed("a", new double[] {1, 3, 2, 5, 4}),
                Series.indexed("b", new double[] {4, 0.5, 4.5, 1, 0.2})).withTitles("t", "value");
        SeriesChart chart = show(new SeriesChart(i18n, data));
        Image picture = snapshot(chart);
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 5; i++) {
                int si = s;
                int ii = i;
                Point2D p = fx(() -> skin(chart).pointPosition(si, ii).orElseThrow());
                assertColour(pixel(chart, picture, p), SeriesChart.colorOf(s), "series " + s + " point " + i);
            }
        }
        assertThat(SeriesChart.colorOf(0)).isNotEqualTo(SeriesChart.colorOf(1));
    }

    @Test
    void onALogAxisBiggerValuesAreHigherByDecadesAndAZeroSitsOnTheFloor() throws Exception {
        SeriesChartData data = SeriesChartData.of(Series.indexed("g", new double[] {1e-6, 1e-4, 1e-2, 0}))
                .withYScale(AxisScale.LOG10);
        SeriesChart chart = show(new SeriesChart(i18n, data));
        Point2D p0 = fx(() -> skin(chart).pointPosition(0, 0).orElseThrow());
        Point2D p1 = fx(() -> skin(chart).pointPosition(0, 1).orElseThrow());
        Point2D p2 = fx(() -> skin(chart).pointPosition(0, 2).orElseThrow());
        Point2D floor = fx(() -> skin(chart).pointPosition(0, 3).orElseThrow());
        assertThat(p1.getY()).isLessThan(p0.getY());
        assertThat(p0.getY() - p1.getY()).as("equal ratios are equal steps")
                .isCloseTo(p1.getY() - p2.getY(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(floor.getY()).as("the zero is below every positive value").isGreaterThan(p0.getY());
        assertThat(fx(() -> skin(chart).yTicks()).stream().map(AxisTicks.Tick::label).toList())
                .contains("1e-6", "1e-4", "0.01");
        Image picture = snapshot(chart);
        assertThat(pixel(chart, picture, p2)).as("the point's dot").isNotEqualTo(pixel(chart, picture,
                new Point2D(p2.getX(), p2.getY() - 30)));
    }

    @Test
    void theMarkerIsDrawnAtItsXInTheCursorColour() throws Exception {
        SeriesChartData data = SeriesChartData.of(Series.indexed("a", new double[] {1, 1, 1, 1, 1, 1}));
        SeriesChart chart = show(new SeriesChart(i18n, data));
        Point2D at2 = fx(() -> skin(chart).pointPosition(0, 2).orElseThrow());
        Point2D at3 = fx(() -> skin(chart).pointPosition(0, 3).orElseThrow());
        Point2D below2 = new Point2D(at2.getX(), at2.getY() + 40);
        assertThat(pixel(chart, snapshot(chart), below2)).isNotEqualTo(opaque(SeriesChart.MARKER));
        fx(() -> chart.setMarkerX(2));
        Image picture = snapshot(chart);
        assertColour(pixel(chart, picture, below2), SeriesChart.MARKER, "marker at x = 2");
        assertThat(pixel(chart, picture, new Point2D(at3.getX(), at3.getY() + 40)))
                .isNotEqualTo(opaque(SeriesChart.MARKER));
    }

    @Test
    void aThresholdAboveTheDataWidensTheAxisAndIsDrawn() throws Exception {
        SeriesChartData data = SeriesChartData.of(Series.indexed("a", new double[] {0.1, 0.2, 0.3}));
        SeriesChart chart = show(new SeriesChart(i18n, data));
        double before = fx(() -> skin(chart).yTicks().get(skin(chart).yTicks().size() - 1).value());
        fx(() -> {
            chart.setThreshold(2);
            chart.setThresholdLabel("max norm 2");
        });
        WaitForAsyncUtils.waitForFxEvents();
        double after = fx(() -> skin(chart).yTicks().get(skin(chart).yTicks().size() - 1).value());
        assertThat(before).isLessThan(1);
        assertThat(after).isGreaterThanOrEqualTo(2);
    }

    @Test
    void hoveringAPointReadsOutItsExactValueAndToken(FxRobot robot) throws Exception {
        SeriesChartData data = SeriesChartData.of(Series.indexed("rnn/l0", new double[] {0.5, 1.0 / 3, 0.25}))
                .withTitles("t", "norm").withXLabels(List.of("a", "b", "c"));
        SeriesChart chart = show(new SeriesChart(i18n, data));
        assertThat(fx(() -> skin(chart).readoutText())).isEqualTo(i18n.get("chart.hint"));
        Point2D p = fx(() -> skin(chart).pointPosition(0, 1).orElseThrow());
        robot.moveTo(fx(() -> chart.localToScreen(p)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> skin(chart).hoveredProperty().get())).isEqualTo(new SeriesChartSkin.Point(0, 1));
        assertThat(fx(() -> skin(chart).readoutText()))
                .isEqualTo("rnn/l0  ·  t = 1 “b”  ·  norm = " + ValueFormat.exact(1.0 / 3));
    }

    @Test
    void aDenseSeriesIsDrawnWithoutDotsAndStillInItsColour() throws Exception {
        double[] y = new double[50_000];
        for (int i = 0; i < y.length; i++) {
            y[i] = 2 + Math.sin(i / 3000.0);
        }
        SeriesChart chart = show(new SeriesChart(i18n, SeriesChartData.of(Series.indexed("loss", y))));
        Image picture = snapshot(chart);
        Point2D p = fx(() -> skin(chart).pointPosition(0, 25_000).orElseThrow());
        assertColour(pixel(chart, picture, p), SeriesChart.colorOf(0), "the dense line at its middle point");
    }

    @Test
    void withoutDataTheChartSaysWhy() throws Exception {
        SeriesChart chart = new SeriesChart(i18n);
        chart.setEmptyText("no recurrent layer");
        show(chart);
        assertThat(fx(() -> chart.lookupAll(".chart-empty").stream()
                .map(n -> ((javafx.scene.control.Label) n).getText()).toList())).containsExactly("no recurrent layer");
    }

    @Test
    void barsAreDrawnInTheirSeriesColourAndAsLongAsTheirValues() throws Exception {
        GroupedBarChartData data = GroupedBarChartData.of(List.of("global", "rnn.weight_hh_l0", "decoder.bias"),
                new GroupedBarChartData.Bars("before", new double[] {3, 2, 1}),
                new GroupedBarChartData.Bars("after", new double[] {1.5, 1, 0.5})).withHeaderRows(1);
        GroupedBarChart chart = show(new GroupedBarChart(i18n, data));
        fx(() -> chart.setThreshold(1.5));
        Image picture = snapshot(chart);
        for (int r = 0; r < 3; r++) {
            for (int s = 0; s < 2; s++) {
                int rr = r;
                int ss = s;
                Bounds b = fx(() -> barSkin(chart).barBounds(rr, ss).orElseThrow());
                assertColour(pixel(chart, picture, new Point2D(b.getMinX() + 3, b.getCenterY())),
                        GroupedBarChart.colorOf(s), "row " + r + " series " + s);
            }
        }
        Bounds pre = fx(() -> barSkin(chart).barBounds(1, 0).orElseThrow());
        Bounds post = fx(() -> barSkin(chart).barBounds(1, 1).orElseThrow());
        assertThat(post.getWidth() / pre.getWidth()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
        assertThat(fx(() -> barSkin(chart).shownName(1).orElseThrow())).isEqualTo("rnn.weight_hh_l0");
    }

    @Test
    void aNameTooLongForItsColumnKeepsItsEnd() throws Exception {
        String name = "transformer.encoder.layers.0.self_attn.in_proj_weight";
        GroupedBarChartData data = GroupedBarChartData.of(List.of(name),
                new GroupedBarChartData.Bars("norm", new double[] {1}));
        GroupedBarChart chart = new GroupedBarChart(i18n, data);
        fx(() -> {
            stage.getScene().setRoot(new StackPane(chart));
            stage.setWidth(300);
        });
        WaitForAsyncUtils.waitForFxEvents();
        String shown = fx(() -> barSkin(chart).shownName(0).orElseThrow());
        assertThat(shown).startsWith("…").endsWith("in_proj_weight");
        fx(() -> stage.setWidth(600));
    }

    @Test
    void skinsRemoveTheirListenersWhenReplaced() throws Exception {
        SeriesChart chart = show(new SeriesChart(i18n, SeriesChartDemos.vanishingData()));
        GroupedBarChart bars = new GroupedBarChart(i18n, SeriesChartDemos.clippingData("pre", "post", "all"));
        fx(() -> stage.getScene().setRoot(new javafx.scene.layout.VBox(chart, bars)));
        WaitForAsyncUtils.waitForFxEvents();
        java.lang.ref.WeakReference<SeriesChartSkin> oldLines = new java.lang.ref.WeakReference<>(skin(chart));
        java.lang.ref.WeakReference<GroupedBarChartSkin> oldBars = new java.lang.ref.WeakReference<>(barSkin(bars));
        fx(() -> {
            chart.setSkin(new SeriesChartSkin(chart));
            bars.setSkin(new GroupedBarChartSkin(bars));
        });
        fx(() -> {
            chart.setData(SeriesChartDemos.lossData());
            chart.setMarkerX(3);
            chart.setThreshold(2);
            bars.setThreshold(0.5);
            i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> skin(chart).readoutText())).isEqualTo("将鼠标指向曲线即可读取精确数值。");
        // the controls and the I18n outlive the old skins: had one left a listener on them, it would stay reachable
        for (int i = 0; i < 50 && (oldLines.get() != null || oldBars.get() != null); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(oldLines.get()).as("the replaced line chart skin").isNull();
        assertThat(oldBars.get()).as("the replaced bar chart skin").isNull();
        fx(() -> i18n.setLanguage(Language.ENGLISH));
    }

    // ---- helpers ----

    private <T extends javafx.scene.control.Control> T show(T control) throws Exception {
        fx(() -> stage.getScene().setRoot(new StackPane(control)));
        WaitForAsyncUtils.waitForFxEvents();
        return control;
    }

    private static SeriesChartSkin skin(SeriesChart chart) {
        return (SeriesChartSkin) chart.getSkin();
    }

    private static GroupedBarChartSkin barSkin(GroupedBarChart chart) {
        return (GroupedBarChartSkin) chart.getSkin();
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
    }

    private static void fx(Runnable action) throws Exception {
        WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Image snapshot(javafx.scene.Node node) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> node.snapshot(null, null));
    }

    private static Color pixel(javafx.scene.Node node, Image picture, Point2D p) throws Exception {
        Bounds local = fx(node::getBoundsInLocal);
        return picture.getPixelReader().getColor((int) Math.floor(p.getX() - local.getMinX()),
                (int) Math.floor(p.getY() - local.getMinY()));
    }

    private static Color opaque(Color c) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), 1);
    }

    private static void assertColour(Color actual, Color expected, String what) {
        assertThat(Math.abs(actual.getRed() - expected.getRed()) <= TOLERANCE
                && Math.abs(actual.getGreen() - expected.getGreen()) <= TOLERANCE
                && Math.abs(actual.getBlue() - expected.getBlue()) <= TOLERANCE)
                .as("%s: expected %s, found %s", what, expected, actual).isTrue();
    }
}
