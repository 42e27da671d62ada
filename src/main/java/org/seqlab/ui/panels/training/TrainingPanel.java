package org.seqlab.ui.panels.training;

import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import org.seqlab.ui.panels.Panel;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.panels.PanelSpec;

/**
 * The training dashboard of the registry ({@code training}): trains one of the curriculum's experiments on the
 * window's task executor and draws the loss and the gradient norm live, with pause, one step, resume, stop and a
 * checkpoint to save. When no run is under way it follows the model bar: choosing a template that an experiment
 * trains chooses that experiment.
 */
public final class TrainingPanel implements Panel {

    /** The registry id. */
    public static final String ID = "training";

    private final TrainingViewModel model;
    private final TrainingView view;
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(this, "available", true);

    public TrainingPanel(PanelContext context) {
        model = new TrainingViewModel(context.i18n(), context.executor());
        view = new TrainingView(model, context.i18n());
        context.modelName().addListener((obs, o, name) -> model.followModel(name));
        model.followModel(context.modelName().get());
    }

    /** The registry entry: id {@code training}, title {@code training.title}. */
    public static PanelSpec spec() {
        return new PanelSpec(ID, "training.title", TrainingPanel::new);
    }

    /** The view model (tests, and lessons that start a run). */
    public TrainingViewModel model() {
        return model;
    }

    public TrainingView trainingView() {
        return view;
    }

    @Override
    public Region view() {
        return view.root();
    }

    /** The run's lines and both charts, without the controls, on the background they are seen on. */
    @Override
    public Node figure() {
        return view.figureForExport();
    }

    @Override
    public String csv() {
        return model.csv();
    }

    /** Every model can be trained: the dashboard is always available. */
    @Override
    public ObservableBooleanValue available() {
        return available.getReadOnlyProperty();
    }
}
