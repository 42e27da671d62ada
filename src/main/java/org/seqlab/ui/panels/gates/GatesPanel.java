package org.seqlab.ui.panels.gates;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import org.seqlab.ui.panels.Panel;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.panels.PanelSpec;

/**
 * The gates panel: a recurrent layer's gates over time, one units × time heatmap per gate (LSTM i, f, g, o, c,
 * h; GRU r, z, n, h; RNN h), filled up to the cursor's time step; and a compare mode with an RNN, an LSTM and a
 * GRU of the same size on the same input side by side. Available when the recording has a recurrent layer.
 */
public final class GatesPanel implements Panel {

    /** The id lessons open it by. */
    public static final String ID = "gates";

    private final GatesViewModel viewModel;
    private final GatesView view;
    private final Region node;

    public GatesPanel(PanelContext context) {
        this.viewModel = new GatesViewModel(context);
        this.view = new GatesView(viewModel, context.i18n());
        this.node = view.build();
    }

    /** The registry's entry: id {@code gates}, title {@code gates.panel.title}. */
    public static PanelSpec spec() {
        return new PanelSpec(ID, "gates.panel.title", GatesPanel::new);
    }

    public GatesViewModel viewModel() {
        return viewModel;
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
