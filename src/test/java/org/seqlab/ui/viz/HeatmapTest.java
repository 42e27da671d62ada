package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.transform.Rotate;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.viz.skin.HeatmapSkin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The heatmap as drawn, headless (Monocle): pixels at cell centres in a snapshot of the whole widget,
 * the colour bar, hovering with the mouse, the cursor's outline and greyed-out columns, export, and the
 * skin's listeners.
 */
@ExtendWith(ApplicationExtension.class)
class HeatmapTest {

    private static final double TOLERANCE = 2.5 / 255;

    private Stage stage;
    private final I18n i18n = new I18n(Language.ENGLISH);

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 640, 520));
        stage.show();
    }

    // ---- the colours drawn ----

    @Test
    void eachCellIsDrawnInTheColourItsValueMapsTo() throws Exception {
        HeatmapData data = HeatmapData.of(new double[][] {{-2, -1, 0, 0.5}, {1, 2, -0.25, 1.75}, {0.1, -1.5, 0.9, -0.6}});
        Heatmap heatmap = show(new Heatmap(i18n, data));
        Image picture = snapshot(heatmap);
        ColorMap map = data.colorMap();
        for (int r = 0; r < data.rows(); r++) {
            for (int c = 0; c < data.cols(); c++) {
                assertColour(pixelAtCentre(heatmap, picture, r, c), map.color(data.value(r, c)),
                        "cell (" + r + ", " + c + ") = " + data.value(r, c));
            }
        }
        assertColour(pixelAtCentre(heatmap, picture, 0, 2), Color.WHITE, "0 is white");
        assertColour(pixelAtCentre(heatmap, picture, 1, 1), Color.web("#67001f"), "+max is the red end");
        assertColour(pixelAtCentre(heatmap, picture, 0, 0), Color.web("#053061"), "-max is the blue end");
    }

    @Test
    void attentionWeightsAreDrawnOnTheSequentialScale() throws Exception {
        HeatmapData data = HeatmapDemos.attentionData();
        Heatmap heatmap = show(new Heatmap(i18n, data));
        Image picture = snapshot(heatmap);
        for (int q = 0; q < data.rows(); q++) {
            for (int k = 0; k <= q; k++) {
                assertColour(pixelAtCentre(heatmap, picture, q, k), ColorMap.sequential(0, 1).color(data.value(q, k)),
                        "weight (" + q + ", " + k + ")");
            }
        }
    }

    @Test
    void aMaskedCellIsDrawnHatchedGreyNotLikeAZero() throws Exception {
        HeatmapData data = HeatmapData.of(new double[][] {{0, 0}, {1, -1}})
                .withMask(new boolean[][] {{false, true}, {false, false}});
        Heatmap heatmap = show(new Heatmap(i18n, data));
        Image picture = snapshot(heatmap);

        Set<Color> zeroCell = coloursInside(heatmap, picture, 0, 0);
        Set<Color> maskedCell = coloursInside(heatmap, picture, 0, 1);
        assertThat(zeroCell).as("the unmasked zero is plain white").containsOnly(Color.WHITE);
        assertThat(maskedCell).as("the masked zero is grey with hatching").contains(opaque(ColorMap.MASKED),
                opaque(ColorMap.MASKED_HATCH)).doesNotContain(Color.WHITE);
        assertThat(pixelAtCentre(heatmap, picture, 0, 1)).isNotEqualTo(pixelAtCentre(heatmap, picture, 0, 0));
        assertThat(legendTexts(heatmap)).containsExactly("masked");
    }

    @Test
    void columnsBeyondTheCursorAreGreyAndTheCursorColumnIsOutlined() throws Exception {
        HeatmapData data = HeatmapDemos.gatesData();
        Heatmap heatmap = new Heatmap(i18n, data);
        heatmap.setVisibleColumns(4);
        heatmap.setHighlightedColumn(3);
        show(heatmap);
        Image picture = snapshot(heatmap);
        ColorMap map = data.colorMap();
        for (int r = 0; r < data.rows(); r++) {
            for (int c = 0; c < data.cols(); c++) {
                Color expected = c < 4 ? map.color(data.value(r, c)) : opaque(ColorMap.HIDDEN);
                assertColour(pixelAtCentre(heatmap, picture, r, c), expected, "cell (" + r + ", " + c + ")");
            }
        }
        Bounds cursor = cellBounds(heatmap, 5, 3);
        assertColour(pixel(heatmap, picture, cursor.getMinX() - 1, cursor.getCenterY()), HeatmapSkin.CURSOR,
                "just left of the cursor column");
        assertColour(pixel(heatmap, picture, cursor.getMaxX(), cursor.getCenterY()), HeatmapSkin.CURSOR,
                "just right of the cursor column");
        assertColour(pixel(heatmap, picture, cursor.getMinX() + 1, cursor.getCenterY()),
                map.color(data.value(5, 3)), "the cursor column's own cells stay visible");
        assertThat(legendTexts(heatmap)).containsExactly("not computed yet");

        fx(() -> heatmap.setVisibleColumns(-1));
        Image all = snapshot(heatmap);
        assertColour(pixelAtCentre(heatmap, all, 0, 7), map.color(data.value(0, 7)), "shown once visible again");
        assertThat(legendTexts(heatmap)).isEmpty();
    }

    @Test
    void aHighlightedRowIsOutlinedInTheCursorColour() throws Exception {
        Heatmap heatmap = new Heatmap(i18n, HeatmapDemos.gatesData());
        heatmap.setHighlightedRow(2);
        show(heatmap);
        Image picture = snapshot(heatmap);
        Bounds cell = cellBounds(heatmap, 2, 4);
        assertColour(pixel(heatmap, picture, cell.getCenterX(), cell.getMinY() - 1), HeatmapSkin.CURSOR,
                "just above the row");
        assertColour(pixel(heatmap, picture, cell.getCenterX(), cell.getMaxY()), HeatmapSkin.CURSOR,
                "just below the row");
    }

    @Test
    void notANumberIsDrawnInItsOwnColourAndExplained() throws Exception {
        HeatmapData data = HeatmapData.of(new double[][] {{1, Double.NaN}, {Double.POSITIVE_INFINITY, -1}});
        Heatmap heatmap = show(new Heatmap(i18n, data));
        Image picture = snapshot(heatmap);
        assertColour(pixelAtCentre(heatmap, picture, 0, 1), ColorMap.NON_FINITE, "NaN");
        assertColour(pixelAtCentre(heatmap, picture, 1, 0), ColorMap.NON_FINITE, "+∞");
        assertThat(legendTexts(heatmap)).containsExactly("NaN or ∞");
    }

    // ---- colour bar, labels ----

    @Test
    void theColourBarRunsFromMinusMaxThroughZeroToMaxAndIsLabelled() throws Exception {
        HeatmapData data = HeatmapData.of(new double[][] {{-0.5, 2}, {1, 0}});
        Heatmap heatmap = show(new Heatmap(i18n, data));
        Canvas bar = fx(() -> (Canvas) heatmap.lookup(".heatmap-colorbar"));
        assertThat(bar).isNotNull();
        assertThat(fx(bar::isVisible)).isTrue();
        assertThat(bar.getHeight()).isGreaterThan(50);
        assertThat(texts(heatmap, ".colorbar-label")).containsExactlyInAnyOrder("2", "-2", "0");

        Image picture = snapshot(heatmap);
        Bounds b = fx(() -> heatmap.sceneToLocal(bar.localToScene(bar.getBoundsInLocal())));
        double x = b.getMinX() + 7;
        ColorMap map = data.colorMap();
        for (int row : new int[] {2, (int) b.getHeight() / 4, (int) b.getHeight() / 2, (int) b.getHeight() - 3}) {
            assertColour(pixel(heatmap, picture, x, b.getMinY() + row), map.colorAt(1 - (row + 0.5) / b.getHeight()),
                    "the bar " + row + " px from its top");
        }
        assertColour(pixel(heatmap, picture, x, b.getMinY() + 1), Color.web("#67001f"), "the top of the bar", 0.1);
        assertColour(pixel(heatmap, picture, x, b.getMaxY() - 2), Color.web("#053061"), "the bottom of the bar", 0.1);
        assertColour(pixel(heatmap, picture, x, b.getMinY() + b.getHeight() / 2), Color.WHITE, "the middle", 0.05);

        Label zero = fx(() -> (Label) heatmap.lookupAll(".colorbar-label").stream()
                .filter(n -> "0".equals(((Label) n).getText())).findFirst().orElseThrow());
        Bounds z = fx(() -> heatmap.sceneToLocal(zero.localToScene(zero.getBoundsInLocal())));
        assertThat(z.getCenterY()).as("the 0 label sits at the bar's middle")
                .isCloseTo(b.getMinY() + b.getHeight() / 2, org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void aSequentialBarIsLabelledWithItsRange() throws Exception {
        Heatmap heatmap = show(new Heatmap(i18n, HeatmapDemos.attentionData()));
        assertThat(texts(heatmap, ".colorbar-label")).containsExactlyInAnyOrder("1", "0");
    }

    @Test
    void tokensLabelTheAxesAndTitlesNameThem() throws Exception {
        Heatmap heatmap = show(HeatmapDemos.attention(i18n));
        assertThat(texts(heatmap, ".heatmap-row-ticks .tick-label")).containsExactlyElementsOf(
                HeatmapDemos.ATTENTION_TOKENS);
        assertThat(texts(heatmap, ".heatmap-column-ticks .tick-label")).containsExactlyElementsOf(
                HeatmapDemos.ATTENTION_TOKENS);
        assertThat(texts(heatmap, ".axis-title")).containsExactlyInAnyOrder("Query token", "Key token");
        assertEveryLabelIsInside(heatmap);
    }

    @Test
    void longColumnLabelsTurnAndShortOnesStayLevel() throws Exception {
        Heatmap level = show(new Heatmap(i18n, HeatmapData.of(new double[][] {{1, 2, 3}})
                .withColumnLabels(List.of("a", "b", "c"))));
        assertThat(columnLabelRotations(level)).containsOnly(0.0);

        List<String> tokens = List.of("internationalization", "tokenization", "unbelievable", "[SEP]", "x", "y",
                "z", "w", "v", "u", "t", "s");
        double[][] v = new double[3][tokens.size()];
        Heatmap turned = show(new Heatmap(i18n, HeatmapData.of(v).withColumnLabels(tokens)));
        assertThat(columnLabelRotations(turned)).containsOnly(-45.0);
        assertThat(texts(turned, ".heatmap-column-ticks .tick-label")).contains("international…");
        assertEveryLabelIsInside(turned);
    }

    @Test
    void a256By256MatrixDrawsQuicklyAndThinsItsLabels() throws Exception {
        int n = 256;
        double[] values = new double[n * n];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(i * 0.013) * (i % n);
        }
        HeatmapData data = HeatmapData.of(n, n, values);
        Heatmap heatmap = show(new Heatmap(i18n));
        long start = System.nanoTime();
        fx(() -> {
            heatmap.setData(data);
            heatmap.applyCss();
            heatmap.layout();
            return null;
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("setting and drawing 256 × 256 cells (ms)").isLessThan(1000);

        List<String> rows = texts(heatmap, ".heatmap-row-ticks .tick-label");
        assertThat(rows.size()).as("row labels shown").isBetween(5, 64);
        int stride = Integer.parseInt(rows.get(1));
        assertThat(List.of(1, 2, 5, 10, 20, 50, 100)).contains(stride);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i)).isEqualTo(Integer.toString(i * stride));
        }
        assertThat(texts(heatmap, ".heatmap-column-ticks .tick-label").size()).isBetween(5, 64);
        Image picture = snapshot(heatmap);
        assertColour(pixelAtCentre(heatmap, picture, 200, 100), data.colorMap().color(data.value(200, 100)),
                "cell (200, 100)");
        assertEveryLabelIsInside(heatmap);
    }

    // ---- hovering ----

    @Test
    void hoveringACellShowsItsRowColumnLabelsAndExactValue(FxRobot robot) throws Exception {
        Heatmap heatmap = show(HeatmapDemos.attention(i18n));
        assertThat(readout(heatmap)).isEqualTo("Point at a cell to read its exact value.");

        robot.moveTo(screenCentre(heatmap, 2, 1));
        WaitForAsyncUtils.waitForFxEvents();
        double value = heatmap.getData().value(2, 1);
        assertThat(readout(heatmap)).isEqualTo("Query token 2 “sat”  ·  Key token 1 “cat”  ·  value "
                + ValueFormat.exact(value));
        assertThat(Double.parseDouble(readout(heatmap).substring(readout(heatmap).lastIndexOf(' ') + 1)))
                .as("the value shown is exact").isEqualTo(value);
        assertThat(skin(heatmap).hoveredCellProperty().get()).isEqualTo(new HeatmapSkin.Cell(2, 1));

        robot.moveTo(screenCentre(heatmap, 1, 4));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(readout(heatmap)).isEqualTo("Query token 1 “cat”  ·  Key token 4 “the”  ·  masked (stored value 0)");

        robot.moveTo(fx(() -> heatmap.localToScreen(2, 2)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(readout(heatmap)).as("back to the hint off the cells")
                .isEqualTo("Point at a cell to read its exact value.");
    }

    @Test
    void hoveringWithoutLabelsOrTitlesNamesRowAndColumnByIndex(FxRobot robot) throws Exception {
        Heatmap heatmap = show(new Heatmap(i18n, HeatmapData.of(new double[][] {{0.125, -3e-8}})));
        robot.moveTo(screenCentre(heatmap, 0, 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(readout(heatmap)).isEqualTo("row 0  ·  column 1  ·  value -3.0E-8");
    }

    @Test
    void hoveringAColumnNotComputedYetSaysSo(FxRobot robot) throws Exception {
        Heatmap heatmap = show(HeatmapDemos.gates(i18n));
        robot.moveTo(screenCentre(heatmap, 3, 8));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(readout(heatmap)).isEqualTo("Hidden unit 3  ·  Time step 8 “the”  ·  not computed yet");
    }

    // ---- language, skin ----

    @Test
    void theTextFollowsTheLanguage() throws Exception {
        Heatmap heatmap = show(HeatmapDemos.attention(i18n));
        fx(() -> {
            i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(readout(heatmap)).isEqualTo("将鼠标指向单元格即可读取其精确数值。");
        assertThat(legendTexts(heatmap)).containsExactly("已遮蔽");
        assertThat(texts(heatmap, ".axis-title")).containsExactlyInAnyOrder("查询词元", "键词元");
    }

    @Test
    void aReplacedSkinStopsListeningAndCanBeCollected() throws Exception {
        Heatmap heatmap = show(new Heatmap(i18n, HeatmapDemos.attentionData()));
        WeakReference<HeatmapSkin> old = new WeakReference<>(skin(heatmap));
        HeatmapSkin fresh = fx(() -> {
            HeatmapSkin s = new HeatmapSkin(heatmap);
            heatmap.setSkin(s);
            return s;
        });
        fx(() -> {
            i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
            heatmap.setData(HeatmapDemos.gatesData());
            heatmap.setHighlightedColumn(2);
            heatmap.setVisibleColumns(3);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fresh.readoutText()).isEqualTo("将鼠标指向单元格即可读取其精确数值。");
        assertThat(fresh.cellBounds(0, 9)).isPresent();
        // the control and the I18n outlive the old skin: had it left a listener on them, it would stay reachable
        for (int i = 0; i < 50 && old.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(old.get()).as("the old skin, once disposed, is garbage").isNull();
    }

    @Test
    void withoutDataItSaysNoData() throws Exception {
        Heatmap heatmap = show(new Heatmap(i18n));
        assertThat(texts(heatmap, ".heatmap-empty")).containsExactly("No data");
        assertThat(fx(() -> heatmap.lookup(".heatmap-empty").isVisible())).isTrue();
        assertThat(fx(() -> heatmap.lookup(".heatmap-cells").isVisible())).isFalse();
    }

    // ---- export ----

    @Test
    void csvExportReadsBackAsTheSameNumbersAndLabels(@TempDir Path dir) throws Exception {
        List<String> tokens = List.of("a,b", "say \"hi\"", "c");
        HeatmapData data = HeatmapData.of(new double[][] {{0.1, -2.5e-9, 3}, {Double.NaN, 1 / 3.0, -0.0}, {7, 8, 9}})
                .withTitles("query", "key").withRowLabels(tokens).withColumnLabels(tokens);
        Heatmap heatmap = new Heatmap(i18n, data);
        Path file = dir.resolve("attention.csv");
        heatmap.writeCsv(file);

        List<List<String>> table = parseCsv(Files.readString(file, StandardCharsets.UTF_8));
        assertThat(table).hasSize(4);
        assertThat(table.get(0)).containsExactly("query", "a,b", "say \"hi\"", "c");
        for (int r = 0; r < 3; r++) {
            assertThat(table.get(r + 1).get(0)).isEqualTo(tokens.get(r));
            for (int c = 0; c < 3; c++) {
                assertThat(Double.valueOf(table.get(r + 1).get(c + 1))).as("(%s, %s)", r, c)
                        .isEqualTo(Double.valueOf(data.value(r, c)));   // boxed: NaN equals NaN, -0.0 is not 0.0
            }
        }
        assertThat(Files.list(dir)).as("no temporary file left behind").containsExactly(file);
    }

    @Test
    void pngExportIsTheFigureAsDrawn(@TempDir Path dir) throws Exception {
        Heatmap heatmap = show(HeatmapDemos.attention(i18n));
        Path file = dir.resolve("attention.png");
        fx(() -> {
            heatmap.writePng(file);
            return null;
        });
        BufferedImage png = ImageIO.read(file.toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo((int) Math.ceil(heatmap.getWidth()));
        assertThat(png.getHeight()).isEqualTo((int) Math.ceil(heatmap.getHeight()));
        Bounds cell = cellBounds(heatmap, 3, 3);
        Bounds local = fx(heatmap::getBoundsInLocal);
        int argb = png.getRGB((int) (cell.getCenterX() - local.getMinX()), (int) (cell.getCenterY() - local.getMinY()));
        Color drawn = Color.rgb((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF);
        assertColour(drawn, ColorMap.sequential(0, 1).color(heatmap.getData().value(3, 3)), "cell (3, 3) in the PNG");
        assertThat((argb >>> 24)).as("opaque background").isEqualTo(0xFF);
    }

    @Test
    void pngExportNeedsTheFxThread(@TempDir Path dir) {
        Heatmap heatmap = new Heatmap(i18n, HeatmapDemos.attentionData());
        assertThatThrownBy(() -> heatmap.writePng(dir.resolve("x.png"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("JavaFX application thread");
    }

    @Test
    void csvExportWithoutDataSaysSo(@TempDir Path dir) {
        assertThatThrownBy(() -> new Heatmap(i18n).writeCsv(dir.resolve("x.csv")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no data");
    }

    // ---- helpers ----

    private Heatmap show(Heatmap heatmap) throws Exception {
        fx(() -> {
            stage.getScene().setRoot(new StackPane(heatmap));
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(heatmap.getSkin()).isInstanceOf(HeatmapSkin.class);
        return heatmap;
    }

    private static <T> T fx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
    }

    private static void fx(Runnable action) throws Exception {
        WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static HeatmapSkin skin(Heatmap heatmap) {
        return (HeatmapSkin) heatmap.getSkin();
    }

    private static Image snapshot(Heatmap heatmap) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> heatmap.snapshot(null, null));
    }

    private static Bounds cellBounds(Heatmap heatmap, int row, int col) throws Exception {
        return fx(() -> skin(heatmap).cellBounds(row, col).orElseThrow());
    }

    private static Point2D screenCentre(Heatmap heatmap, int row, int col) throws Exception {
        Bounds cell = cellBounds(heatmap, row, col);
        return fx(() -> heatmap.localToScreen(cell.getCenterX(), cell.getCenterY()));
    }

    /** The pixel of the snapshot at a point of the heatmap's local coordinates. */
    private static Color pixel(Heatmap heatmap, Image picture, double x, double y) throws Exception {
        Bounds local = fx(heatmap::getBoundsInLocal);
        return picture.getPixelReader().getColor((int) Math.floor(x - local.getMinX()),
                (int) Math.floor(y - local.getMinY()));
    }

    private static Color pixelAtCentre(Heatmap heatmap, Image picture, int row, int col) throws Exception {
        Bounds cell = cellBounds(heatmap, row, col);
        return pixel(heatmap, picture, cell.getCenterX(), cell.getCenterY());
    }

    /** Every colour inside a cell, a pixel in from its edges (the separators). */
    private static Set<Color> coloursInside(Heatmap heatmap, Image picture, int row, int col) throws Exception {
        Bounds cell = cellBounds(heatmap, row, col);
        Set<Color> colours = new HashSet<>();
        for (double y = cell.getMinY() + 2; y < cell.getMaxY() - 2; y++) {
            for (double x = cell.getMinX() + 2; x < cell.getMaxX() - 2; x++) {
                colours.add(pixel(heatmap, picture, x, y));
            }
        }
        return colours;
    }

    private static Color opaque(Color c) {
        return Color.rgb((int) Math.round(c.getRed() * 255), (int) Math.round(c.getGreen() * 255),
                (int) Math.round(c.getBlue() * 255));
    }

    private static void assertColour(Color actual, Color expected, String what) {
        assertColour(actual, expected, what, TOLERANCE);
    }

    private static void assertColour(Color actual, Color expected, String what, double tolerance) {
        double d = Math.max(Math.abs(actual.getRed() - expected.getRed()), Math.max(
                Math.abs(actual.getGreen() - expected.getGreen()), Math.abs(actual.getBlue() - expected.getBlue())));
        assertThat(d).as("%s: drawn %s, expected %s", what, actual, expected).isLessThanOrEqualTo(tolerance);
    }

    private static String readout(Heatmap heatmap) throws Exception {
        return fx(() -> skin(heatmap).readoutText());
    }

    private static List<String> texts(Heatmap heatmap, String selector) throws Exception {
        return fx(() -> heatmap.lookupAll(selector).stream().filter(Node::isVisible)
                .map(n -> ((Label) n).getText()).collect(Collectors.toList()));
    }

    private static List<String> legendTexts(Heatmap heatmap) throws Exception {
        return texts(heatmap, ".legend-label");
    }

    private static List<Double> columnLabelRotations(Heatmap heatmap) throws Exception {
        return fx(() -> heatmap.lookupAll(".heatmap-column-ticks .tick-label").stream()
                .map(n -> n.getTransforms().stream().filter(t -> t instanceof Rotate)
                        .mapToDouble(t -> ((Rotate) t).getAngle()).sum())
                .collect(Collectors.toList()));
    }

    /** No label sticks out of the widget, and tick labels on one axis do not overlap one another. */
    private static void assertEveryLabelIsInside(Heatmap heatmap) throws Exception {
        fx(() -> {
            Bounds widget = new javafx.geometry.BoundingBox(0, 0, heatmap.getWidth(), heatmap.getHeight());
            for (Node n : heatmap.lookupAll(".label")) {
                if (!n.isVisible() || ((Label) n).getText() == null || ((Label) n).getText().isEmpty()) {
                    continue;
                }
                Bounds b = heatmap.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
                assertThat(widget.contains(b)).as("label '%s' at %s inside the heatmap %s", ((Label) n).getText(), b,
                        widget).isTrue();
            }
            for (String axis : List.of(".heatmap-row-ticks .tick-label", ".heatmap-column-ticks .tick-label")) {
                List<Bounds> boxes = new ArrayList<>();
                for (Node n : heatmap.lookupAll(axis)) {
                    boxes.add(heatmap.sceneToLocal(n.localToScene(n.getBoundsInLocal())));
                }
                boolean rotated = axis.contains("column") && !heatmap.lookupAll(axis).isEmpty()
                        && !heatmap.lookupAll(axis).iterator().next().getTransforms().isEmpty();
                for (int i = 1; i < boxes.size() && !rotated; i++) {
                    assertThat(boxes.get(i).intersects(boxes.get(i - 1))).as("%s %s overlaps the one before", axis, i)
                            .isFalse();
                }
            }
            return null;
        });
    }

    /** RFC 4180, enough for the test: quoted fields with doubled quotes, commas and no newlines inside. */
    private static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char ch = line.charAt(i);
                if (quoted) {
                    if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (ch == '"') {
                        quoted = false;
                    } else {
                        field.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(ch);
                }
            }
            fields.add(field.toString());
            rows.add(fields);
        }
        return rows;
    }
}
