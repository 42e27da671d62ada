package org.seqlab.ui.panels.graph;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.seqlab.debug.TraceGraph;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.panels.Panel;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.panels.PanelSpec;
import org.seqlab.ui.viz.GraphView;

/** The graph panel: the model as blocks, with a choice of shading by |value| or by |gradient|. */
public final class GraphPanel implements Panel {

    /** The panel's id in the registry. */
    public static final String ID = "graph";

    private final GraphViewModel vm;
    private final GraphView graphView;
    private final BorderPane view;

    public GraphPanel(PanelContext context) {
        I18n i18n = context.i18n();
        this.vm = new GraphViewModel(context);
        graphView = new GraphView(i18n, context.executor());
        graphView.setId("graph-view");
        graphView.graphProperty().bind(vm.graphProperty());
        graphView.tintProperty().bind(vm.tintProperty());
        graphView.setCursorEvent(vm.cursorEvent());
        context.cursor().addListener((obs, o, c) -> graphView.setCursorEvent(c == null ? -1 : c.position()));

        Label shadeBy = new Label();
        shadeBy.textProperty().bind(i18n.text("graphPanel.shadeBy"));
        ToggleGroup group = new ToggleGroup();
        ToggleButton byValue = shadeButton("graph-shade-value", "graphPanel.shade.value",
                "graphPanel.shade.value.tooltip", TraceGraph.Magnitude.VALUE, group, i18n);
        ToggleButton byGradient = shadeButton("graph-shade-gradient", "graphPanel.shade.gradient",
                "graphPanel.shade.gradient.tooltip", TraceGraph.Magnitude.GRADIENT, group, i18n);
        byValue.getStyleClass().add("left-pill");
        byGradient.getStyleClass().add("right-pill");
        group.selectToggle(vm.tintProperty().get() == TraceGraph.Magnitude.VALUE ? byValue : byGradient);
        group.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) {
                group.selectToggle(old); // one of the two is always chosen
            } else {
                vm.tintProperty().set((TraceGraph.Magnitude) toggle.getUserData());
            }
        });
        HBox bar = new HBox(6, shadeBy, new HBox(byValue, byGradient));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("panel-toolbar");

        view = new BorderPane(graphView);
        view.setTop(bar);
        view.setId("graph-panel");
    }

    public static PanelSpec spec() {
        return new PanelSpec(ID, "graphPanel.title", GraphPanel::new);
    }

    private static ToggleButton shadeButton(String id, String key, String tooltipKey, TraceGraph.Magnitude m,
            ToggleGroup group, I18n i18n) {
        ToggleButton b = new ToggleButton();
        b.setId(id);
        b.textProperty().bind(i18n.text(key));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(i18n.text(tooltipKey));
        b.setTooltip(tip);
        b.setUserData(m);
        b.setToggleGroup(group);
        return b;
    }

    public GraphViewModel viewModel() {
        return vm;
    }

    @Override
    public Region view() {
        return view;
    }

    @Override
    public Node figure() {
        return graphView;
    }

    @Override
    public String csv() {
        return vm.csv();
    }

    @Override
    public ObservableBooleanValue available() {
        return Bindings.createBooleanBinding(() -> true);
    }
}
