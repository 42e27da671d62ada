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
import javafx.scene.control.Control;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.ui.fx.Snapshots;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures of the demo charts to look at, in the AtlantaFX themes the app uses: only with
 * {@code -Dseqlab.screenshots=DIR}, e.g.
 * {@code mvn -o -q test -Dtest=SeriesChartPicturesTest -Dseqlab.screenshots=/tmp/charts}.
 */
@ExtendWith(ApplicationExtension.class)
class SeriesChartPicturesTest {

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(), 400, 300));
        stage.show();
    }

    @AfterEach
    void resetTheme() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(null)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void picturesOfTheDemoCharts() throws Exception {
        String dir = System.getProperty("seqlab.screenshots");
        Assumptions.assumeTrue(dir != null, "no -Dseqlab.screenshots=DIR given");
        Path folder = Files.createDirectories(Path.of(dir));
        I18n english = new I18n(Language.ENGLISH);
        I18n chinese = new I18n(Language.SIMPLIFIED_CHINESE);
        List<Path> written = new ArrayList<>();
        written.add(picture(folder, "chart-vanishing.png", false, 560, 340, () -> SeriesChartDemos.vanishing(english)));
        written.add(picture(folder, "chart-loss.png", false, 560, 340, () -> SeriesChartDemos.loss(english)));
        written.add(picture(folder, "chart-clipping.png", false, 420, 320, () -> SeriesChartDemos.clipping(english)));
        written.add(picture(folder, "chart-vanishing-dark-zh.png", true, 560, 340,
                () -> SeriesChartDemos.vanishing(chinese)));
        written.add(picture(folder, "chart-clipping-dark-zh.png", true, 420, 320,
                () -> SeriesChartDemos.clipping(chinese)));
        for (Path file : written) {
            assertThat(file).isNotEmptyFile();
        }
    }

    private static Path picture(Path folder, String name, boolean dark, double width, double height,
                                Supplier<Control> make) throws Exception {
        Path file = folder.resolve(name);
        Stage window = WaitForAsyncUtils.asyncFx(() -> {
            Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                    : new PrimerLight().getUserAgentStylesheet());
            StackPane root = new StackPane(make.get());
            root.setStyle("-fx-background-color: -color-bg-default;");
            Stage w = new Stage();
            w.setScene(new Scene(root, width, height));
            w.show();
            return w;
        }).get(10, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.asyncFx(() -> {
            Snapshots.writePng(window.getScene(), file);
            window.close();
            return null;
        }).get(10, TimeUnit.SECONDS);
        return file;
    }
}
