package org.seqlab.ui.shell;

import java.util.List;
import org.seqlab.ui.panels.PanelRegistry;
import org.seqlab.ui.panels.attention.AttentionPanel;
import org.seqlab.ui.panels.gates.GatesPanel;
import org.seqlab.ui.panels.gradflow.GradientFlowPanel;
import org.seqlab.ui.panels.graph.GraphPanel;
import org.seqlab.ui.panels.positions.PositionsPanel;
import org.seqlab.ui.panels.training.TrainingPanel;

/** The panels the main window shows, in order: where the registry is assembled. */
public final class Panels {

    private Panels() {
    }

    /** Every panel of the debugger window. */
    public static PanelRegistry standard() {
        return PanelRegistry.of(List.of(
                GraphPanel.spec(),
                GatesPanel.spec(),
                GradientFlowPanel.spec(),
                AttentionPanel.spec(),
                PositionsPanel.spec(),
                TrainingPanel.spec()));
    }
}
