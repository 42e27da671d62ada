package org.seqlab.ui.panels.gradflow;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import org.seqlab.ui.panels.Panel;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.panels.PanelSpec;

/**
 * The gradient-flow panel of the registry ({@code gradient-flow}): how the gradient flows back through time
 * (|dL/dh_t| per step, log scale, with a reading) and per-parameter gradient norms before and after clipping.
 * Prepares its numbers when the context's revision changes (on the executor); moving the cursor only moves
 * the marker.
 */
public final class GradientFlowPanel implements Panel {

    /** The registry id. */
    public static final String ID = "gradient-flow";

    private final PanelContext context;
    private final GradientFlowViewModel model;
    private final GradientFlowView view;

    public GradientFlowPanel(PanelContext context) {
        this.context = context;
        model = new GradientFlowViewModel(context.i18n(), context.executor());
        view = new GradientFlowView(model, context.i18n());
        context.revision().addListener(obs -> reload());
        context.session().addListener(obs -> reload());
        context.cursor().addListener((obs, old, now) -> model.setCursor(now));
        model.setCursor(context.cursor().get());
        reload();
    }

    /** The registry entry: id {@code gradient-flow}, title {@code gradflow.title}. */
    public static PanelSpec spec() {
        return new PanelSpec(ID, "gradflow.title", GradientFlowPanel::new);
    }

    private void reload() {
        model.load(context.session().get(), context.tokens().get());
    }

    /** The view model (tests, and lessons that set the threshold). */
    public GradientFlowViewModel model() {
        return model;
    }

    public GradientFlowView gradientFlowView() {
        return view;
    }

    @Override
    public Region view() {
        return view.root();
    }

    /** The reading and the charts, without the control bar, on the background they are seen on. */
    @Override
    public Node figure() {
        return view.figureForExport();
    }

    @Override
    public String csv() {
        return model.csv();
    }

    @Override
    public ObservableBooleanValue available() {
        return model.availableProperty();
    }
}
