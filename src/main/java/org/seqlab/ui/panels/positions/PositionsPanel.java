package org.seqlab.ui.panels.positions;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import org.seqlab.ui.panels.Panel;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.panels.PanelSpec;

/**
 * The positional encoding view: the sinusoidal or learned table of positions × dimensions the model adds to its
 * token embeddings, and the cosine similarity between positions. Available when the recording has one.
 */
public final class PositionsPanel implements Panel {

    /** The id lessons open it by. */
    public static final String ID = "positions";

    private final PositionsViewModel viewModel;
    private final PositionsView view;
    private final Region node;

    public PositionsPanel(PanelContext context) {
        this.viewModel = new PositionsViewModel(context);
        this.view = new PositionsView(viewModel, context.i18n());
        this.node = view.build();
    }

    /** The registry's entry: id {@code positions}, title {@code positions.panel.title}. */
    public static PanelSpec spec() {
        return new PanelSpec(ID, "positions.panel.title", PositionsPanel::new);
    }

    public PositionsViewModel viewModel() {
        return viewModel;
    }

    PositionsView nodes() {
        return view;
    }

    @Override
    public Region view() {
        return node;
    }

    @Override
    public Node figure() {
        return view.figure();
    }

    @Override
    public String csv() {
        return viewModel.csv();
    }

    @Override
    public ObservableBooleanValue available() {
        return viewModel.availableProperty();
    }
}
