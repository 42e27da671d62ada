package org.seqlab.ui.fx;

import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/** Helpers for tab panes whose hidden tabs hold views that keep up with live data. */
public final class Tabs {

    private Tabs() {
    }

    /**
     * Keeps only the selected tab's content in the scene: the others' nodes stay built and keep following their
     * models, but cost no CSS or layout pass until their tab is chosen (a tab pane otherwise styles and lays out
     * every tab's content, hidden or not). Applies to the tabs {@code pane} holds now; call it after adding them.
     */
    public static void inSceneOnlyWhenSelected(TabPane pane) {
        for (Tab tab : pane.getTabs()) {
            Node content = tab.getContent();
            if (content != null) {
                setContentInSceneOnlyWhenSelected(tab, content);
            }
        }
    }

    /**
     * Gives {@code tab} its {@code content}, in the scene only while the tab is selected (as {@link
     * #inSceneOnlyWhenSelected}), for a tab whose content is built after the tab (on first use).
     */
    public static void setContentInSceneOnlyWhenSelected(Tab tab, Node content) {
        tab.setContent(tab.isSelected() ? content : null);
        tab.selectedProperty().addListener((obs, was, selected) -> tab.setContent(selected ? content : null));
    }
}
