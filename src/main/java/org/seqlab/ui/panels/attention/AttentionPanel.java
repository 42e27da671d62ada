package org.seqlab.ui.panels.attention;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import org.seqlab.ui.panels.Panel;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.panels.PanelSpec;

/**
 * The attention panel: every attention module of the recording as a heatmap per layer and head with token
 * labels, a layers × heads grid of thumbnails, a head view of lines from queries to keys, self, causal and cross
 * attention told apart with the mask drawn, the chosen query's q·k → scaled → masked → softmax breakdown, the
 * mean over heads and the attention rollout. Fills in as the cursor reaches attention in the forward pass.
 * Available when the recording has attention.
 */
public final class AttentionPanel implements Panel {

    /** The id lessons open it by. */
    public static final String ID = "attention";

    private final AttentionViewModel viewModel;
    private final AttentionView view;
    private final Region node;

    public AttentionPanel(PanelContext context) {
        this.viewModel = new AttentionViewModel(context);
        this.view = new AttentionView(viewModel, context.i18n());
        this.node = view.build();
    }

    /** The registry's entry: id {@code attention}, title {@code attention.panel.title}. */
    public static PanelSpec spec() {
        return new PanelSpec(ID, "attention.panel.title", AttentionPanel::new);
    }

    public AttentionViewModel viewModel() {
        return viewModel;
    }

    AttentionView nodes() {
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
