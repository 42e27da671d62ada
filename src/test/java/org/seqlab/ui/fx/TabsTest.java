package org.seqlab.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.ui.fx.FxTests.fx;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class TabsTest {

    private final Label first = new Label("first");
    private final Label second = new Label("second");
    private final Label third = new Label("third");
    private TabPane pane;

    @Start
    void start(Stage stage) {
        pane = new TabPane(new Tab("1", first), new Tab("2", second), new Tab("3", third), new Tab("empty"));
        Tabs.inSceneOnlyWhenSelected(pane);
        stage.setScene(new Scene(pane, 300, 200));
        stage.show();
    }

    @Test
    void onlyTheSelectedTabsContentIsInTheSceneAndChoosingATabBringsItsOwn() throws Exception {
        assertThat(fx(() -> first.getScene() != null)).isTrue();
        assertThat(fx(() -> second.getScene() == null && third.getScene() == null)).isTrue();

        fx(() -> pane.getSelectionModel().select(2));
        assertThat(fx(() -> third.getScene() != null && third.isVisible())).isTrue();
        assertThat(fx(() -> first.getScene() == null && second.getScene() == null)).isTrue();
        assertThat(fx(() -> pane.getTabs().get(2).getContent())).isSameAs(third);

        fx(() -> pane.getSelectionModel().select(3));   // a tab without content stays without
        assertThat(fx(() -> pane.getTabs().get(3).getContent())).isNull();
        fx(() -> pane.getSelectionModel().select(0));
        assertThat(fx(() -> first.getScene() != null && third.getScene() == null)).isTrue();
        assertThat(fx(() -> pane.getTabs().get(0).getContent())).isSameAs(first);
    }
}
