package org.seqlab.ui.panels;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Node;
import javafx.scene.layout.Region;

/**
 * One panel of the window (gates, gradient flow, attention, positions, …), made by its {@link PanelSpec}'s
 * factory from a {@link PanelContext}. The view is built once; the panel follows the context by itself.
 *
 * <p>Every panel exports its figure to PNG ({@link #figure()}: the node whose picture is the figure, without
 * the panel's own controls) and its numbers to CSV ({@link #csv()}); {@link PanelExport} writes both files,
 * atomically.
 */
public interface Panel {

    /** The panel's node, built once. */
    Region view();

    /** The node whose snapshot is the panel's figure (often part of {@link #view()}). */
    Node figure();

    /**
     * The numbers the figure shows, as CSV: a header row, then one row per value (RFC 4180 quoting); empty
     * when there is nothing to show yet. Called on the FX thread: return what was prepared in the background.
     */
    String csv();

    /** Whether the panel has something to show for the current model (attention: only models with attention). */
    ObservableBooleanValue available();
}
