package org.seqlab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.seqlab.ui.fx.FxTests.fx;

import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.viz.HeadView;
import org.seqlab.ui.viz.Heatmap;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The gallery, headless: every widget demo and every registry panel is an entry, and each shows its content. */
@ExtendWith(ApplicationExtension.class)
class GalleryWindowTest {

    private TaskExecutor executor;
    private GalleryWindow gallery;

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        gallery = App.openGallery(stage, executor, Language.ENGLISH, "headview-attention");
    }

    @AfterEach
    void close() throws Exception {
        executor.close();
        fx(() -> Application.setUserAgentStylesheet(null));
    }

    @Test
    void theEntriesAreTheWidgetDemosThenEveryPanel() {
        assertThat(gallery.ids()).startsWith("heatmap-attention", "headview-attention", "heatmap-gates",
                "chart-gradient", "chart-loss");
        assertThat(gallery.ids()).endsWith(Panels.standard().ids().toArray(String[]::new));
    }

    @Test
    void eachEntryShowsItsWidgetOrPanel(FxRobot robot) throws Exception {
        StackPane content = robot.lookup("#gallery-content").queryAs(StackPane.class);
        assertThat(content.getChildren()).singleElement().isInstanceOf(HeadView.class);
        assertThat(((HeadView) content.getChildren().get(0)).getData().queries()).isEqualTo(7);

        fx(() -> gallery.select("positions"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> gallery.readyProperty().get());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            Node similarity = content.lookup("#positions-similarity");
            return similarity instanceof Heatmap h && h.getData() != null;
        });
        Heatmap similarity = (Heatmap) content.lookup("#positions-similarity");
        assertThat(similarity.getData().rows()).isEqualTo(128);

        fx(() -> gallery.select("attention"));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> content.lookup("#attention-heatmap") instanceof Heatmap h
                && h.getData() != null && h.getVisibleRows() == -1);
    }

    @Test
    void anUnknownEntryIsRefusedWithTheList() {
        assertThatThrownBy(() -> gallery.select("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The gallery has no entry \"nope\"").hasMessageContaining("positions");
    }
}
