package org.seqlab.ui.viz;

import java.util.Objects;
import java.util.Optional;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Control;
import org.seqlab.debug.TraceGraph;
import org.seqlab.debug.TraceGraph.Magnitude;
import org.seqlab.debug.TraceGraph.Node;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;

/**
 * The model as blocks: a recorded pass's {@link TraceGraph} drawn as rounded boxes (name and op count)
 * joined by arrows labelled with the shapes they carry, laid out left to right. Clicking a block opens it
 * into its sub-blocks, time steps and ops, drawn inside a frame; clicking the frame's title closes it.
 * The box holding the {@linkplain #cursorEventProperty() cursor's event} is highlighted, and each box is
 * shaded by the largest |value| or |gradient| among its events ({@link #tintProperty()}). Scroll zooms,
 * dragging pans, a double click fits the graph to the view.
 *
 * <p>Properties: {@link #graphProperty() graph}, {@link #viewProperty() view} (which blocks are open;
 * reset to the top level when the graph changes), {@link #cursorEventProperty() cursor event},
 * {@link #tintProperty() tint}, {@link #zoomProperty() zoom}.
 *
 * <p>Its skin, {@code org.seqlab.ui.viz.skin.GraphViewSkin}, is named by {@code -fx-skin} in
 * {@code graph-view.css} rather than made here, so that the widget package does not depend on the skin
 * package (the skin depends on the widget: no package cycle).
 */
public class GraphView extends Control {

    /** Style class of the control; its stylesheet is {@code graph-view.css} beside this class. */
    public static final String STYLE_CLASS = "graph-view";

    /** The smallest and largest zoom factors. */
    public static final double MIN_ZOOM = 0.1;
    public static final double MAX_ZOOM = 4;

    private final I18n i18n;
    private final TaskExecutor executor;
    private final ObjectProperty<TraceGraph> graph = new SimpleObjectProperty<>(this, "graph");
    private final ObjectProperty<TraceGraph.View> view = new SimpleObjectProperty<>(this, "view");
    private final IntegerProperty cursorEvent = new SimpleIntegerProperty(this, "cursorEvent", -1);
    private final ObjectProperty<Magnitude> tint = new SimpleObjectProperty<>(this, "tint", Magnitude.VALUE);
    private final DoubleProperty zoom = new SimpleDoubleProperty(this, "zoom", 1) {
        @Override
        public void set(double v) {
            super.set(Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, v)));
        }
    };

    /**
     * @param i18n the UI text
     * @param executor where the layout runs (ELK takes from a few milliseconds to a second for hundreds of
     *     boxes): the app's executor, or a {@link org.seqlab.ui.fx.SameThreadTaskExecutor} in tests
     */
    public GraphView(I18n i18n, TaskExecutor executor) {
        this.i18n = Objects.requireNonNull(i18n);
        this.executor = Objects.requireNonNull(executor);
        getStyleClass().add(STYLE_CLASS);
        graph.addListener((obs, old, g) -> {
            TraceGraph.View v = view.get();
            if (g == null) {
                view.set(null);
            } else if (v == null || v.graph() != g) {
                view.set(g.topLevel());
            }
        });
        view.addListener((obs, old, v) -> {
            if (v != null && v.graph() != graph.get()) {
                throw new IllegalArgumentException("The view belongs to another graph: set the graph first, then a"
                        + " view made from it (graph.topLevel(), graph.view(paths)).");
            }
        });
        tint.addListener((obs, old, t) -> {
            if (t == null) {
                tint.set(old == null ? Magnitude.VALUE : old);
            }
        });
    }

    public GraphView(I18n i18n, TaskExecutor executor, TraceGraph graph) {
        this(i18n, executor);
        setGraph(graph);
    }

    /** The UI text this widget shows. */
    public I18n i18n() {
        return i18n;
    }

    /** Where the skin lays the graph out, off the FX thread. */
    public TaskExecutor getExecutor() {
        return executor;
    }

    /** The pass drawn; null draws a short note instead. */
    public ObjectProperty<TraceGraph> graphProperty() {
        return graph;
    }

    public TraceGraph getGraph() {
        return graph.get();
    }

    public void setGraph(TraceGraph value) {
        graph.set(value);
    }

    /** Which blocks are open: a view of {@link #getGraph()}; the top level whenever the graph changes. */
    public ObjectProperty<TraceGraph.View> viewProperty() {
        return view;
    }

    public TraceGraph.View getView() {
        return view.get();
    }

    public void setView(TraceGraph.View value) {
        view.set(value);
    }

    /** The debugger cursor's event index (forward or backward); -1 highlights nothing. */
    public IntegerProperty cursorEventProperty() {
        return cursorEvent;
    }

    public int getCursorEvent() {
        return cursorEvent.get();
    }

    public void setCursorEvent(int value) {
        cursorEvent.set(value);
    }

    /** What shades the boxes: the largest |value| or the largest |gradient| among their events. */
    public ObjectProperty<Magnitude> tintProperty() {
        return tint;
    }

    public Magnitude getTint() {
        return tint.get();
    }

    public void setTint(Magnitude value) {
        tint.set(value);
    }

    /** The scale of the drawing, between {@link #MIN_ZOOM} and {@link #MAX_ZOOM}; 1 is 100 %. */
    public DoubleProperty zoomProperty() {
        return zoom;
    }

    public double getZoom() {
        return zoom.get();
    }

    public void setZoom(double value) {
        zoom.set(value);
    }

    /** Opens a closed block, closes an open one (what a click on it does). */
    public void toggle(Node node) {
        TraceGraph.View v = view.get();
        if (v != null && node.isExpandable()) {
            view.set(v.toggle(node));
        }
    }

    /** The box that holds the cursor's event in the current view, if any. */
    public Optional<Node> cursorNode() {
        TraceGraph.View v = view.get();
        int c = cursorEvent.get();
        if (v == null || c < 0 || c >= v.graph().trace().size()) {
            return Optional.empty();
        }
        return v.nodeContaining(c);
    }

    @Override
    public String getUserAgentStylesheet() {
        return Objects.requireNonNull(GraphView.class.getResource("graph-view.css"), "graph-view.css")
                .toExternalForm();
    }
}
