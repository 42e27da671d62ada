package org.seqlab.ui.viz;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.viz.skin.HeatmapSkin;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the demo heatmaps to look at, in the AtlantaFX themes the app uses: only with
 * {@code -Dseqlab.screenshots=DIR}, e.g.
 * {@code mvn -o -q test -Dtest=HeatmapPicturesTest -Dseqlab.screenshots=/tmp/heatmaps}.
 */
@ExtendWith(ApplicationExtension.class)
class HeatmapPicturesTest {

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
    }

    @AfterEach
    void resetTheme() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(null)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void picturesOfTheDemoHeatmaps(FxRobot robot) throws Exception {
        String dir = System.getProperty("seqlab.screenshots");
        Assumptions.assumeTrue(dir != null, "no -Dseqlab.screenshots=DIR given");
        Path folder = Files.createDirectories(Path.of(dir));
        I18n english = new I18n(Language.ENGLISH);
        I18n chinese = new I18n(Language.SIMPLIFIED_CHINESE);

        List<Path> written = new ArrayList<>();
        written.add(picture(folder, "heatmap-attention.png", false, 560, 480, () -> HeatmapDemos.attention(english)));
        written.add(picture(folder, "heatmap-gates.png", false, 620, 420, () -> HeatmapDemos.gates(english)));
        written.add(picture(folder, "heatmap-attention-dark-zh.png", true, 560, 480,
                () -> HeatmapDemos.attention(chinese)));
        written.add(picture(folder, "heatmap-gates-dark-zh.png", true, 620, 420, () -> HeatmapDemos.gates(chinese)));
        written.add(picture(folder, "heatmap-dense-256.png", false, 700, 640, () -> dense(english, 256)));
        written.add(picture(folder, "heatmap-long-tokens.png", false, 640, 520, () -> longTokens(english)));
        written.add(picture(folder, "heatmap-small-pref.png", false, -1, -1, () -> HeatmapDemos.attention(english)));
        written.add(picture(folder, "heatmap-gates-pref.png", false, -1, -1, () -> HeatmapDemos.gates(english)));
        written.add(picture(folder, "heatmap-attention-hover.png", false, 560, 480,
                () -> HeatmapDemos.attention(english), robot));
        for (Path file : written) {
            assertThat(file).isNotEmptyFile();
        }
    }

    /** A 256 × 256 signed matrix with a masked band and a NaN, labelled by index. */
    static Heatmap dense(I18n i18n, int n) {
        double[][] v = new double[n][n];
        boolean[][] mask = new boolean[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                v[r][c] = Math.sin(r * 0.05) * Math.cos(c * 0.08) * 3 + (r == c ? 2 : 0);
                mask[r][c] = c > r + n / 2;
            }
        }
        v[40][20] = Double.NaN;
        Heatmap heatmap = new Heatmap(i18n);
        heatmap.setData(HeatmapData.of(v).withMask(mask).withTitles("Row", "Column"));
        heatmap.setHighlightedRow(100);
        heatmap.setHighlightedColumn(30);
        return heatmap;
    }

    /** Sub-word tokens too long to fit under their columns: the labels turn 45°. */
    static Heatmap longTokens(I18n i18n) {
        List<String> tokens = List.of("[CLS]", "unbelievable", "##ly", "tokenization", "works", "?", "[SEP]",
                "internationalization", " ", "end");
        int n = tokens.size();
        double[][] w = new double[n][n];
        for (int r = 0; r < n; r++) {
            double sum = 0;
            for (int c = 0; c < n; c++) {
                w[r][c] = Math.exp(Math.cos(r * 0.9 + c * 1.7) * 2);
                sum += w[r][c];
            }
            for (int c = 0; c < n; c++) {
                w[r][c] /= sum;
            }
        }
        Heatmap heatmap = new Heatmap(i18n);
        heatmap.setData(HeatmapData.of(w).withRowLabels(tokens).withColumnLabels(tokens)
                .withTitles("Query token", "Key token").withScale(ColorScale.SEQUENTIAL));
        return heatmap;
    }

    private Path picture(Path folder, String name, boolean dark, double width, double height,
                         Supplier<Heatmap> make) throws Exception {
        return picture(folder, name, dark, width, height, make, null);
    }

    /** Shows the heatmap in a window of its own (the given size, or its preferred one), then writes its PNG. */
    private Path picture(Path folder, String name, boolean dark, double width, double height,
                         Supplier<Heatmap> make, FxRobot hoverWith) throws Exception {
        Path file = folder.resolve(name);
        Stage window = WaitForAsyncUtils.asyncFx(() -> {
            Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                    : new PrimerLight().getUserAgentStylesheet());
            Heatmap heatmap = make.get();
            StackPane root = new StackPane(heatmap);
            Stage w = new Stage();
            w.setScene(width > 0 ? new Scene(root, width, height) : new Scene(root));
            w.show();
            return w;
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        Heatmap heatmap = (Heatmap) ((StackPane) window.getScene().getRoot()).getChildren().get(0);
        if (hoverWith != null) {
            javafx.geometry.Bounds cell = WaitForAsyncUtils.asyncFx(() -> ((HeatmapSkin) heatmap.getSkin())
                    .cellBounds(4, 1).orElseThrow()).get(10, TimeUnit.SECONDS);
            hoverWith.moveTo(WaitForAsyncUtils.asyncFx(() -> heatmap.localToScreen(cell.getCenterX(),
                    cell.getCenterY())).get(10, TimeUnit.SECONDS));
            WaitForAsyncUtils.waitForFxEvents();
        }
        WaitForAsyncUtils.asyncFx(() -> {
            heatmap.writePng(file);
            window.close();
            return null;
        }).get(10, TimeUnit.SECONDS);
        return file;
    }
}
