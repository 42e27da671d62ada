package org.seqlab.ui.panels.graph;

import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.seqlab.debug.DebugSession;
import org.seqlab.debug.Recording;
import org.seqlab.debug.TraceGraph;
import org.seqlab.ui.panels.PanelContext;
import org.seqlab.ui.viz.Csv;

/**
 * The graph panel's state: the current recording as blocks (made on the executor after each recording), the
 * cursor's event, and which magnitude shades the blocks. Holds no node.
 */
public final class GraphViewModel {

    private final PanelContext context;
    private final ReadOnlyObjectWrapper<TraceGraph> graph = new ReadOnlyObjectWrapper<>(this, "graph");
    private final ObjectProperty<TraceGraph.Magnitude> tint =
            new SimpleObjectProperty<>(this, "tint", TraceGraph.Magnitude.VALUE);
    private int requested;

    public GraphViewModel(PanelContext context) {
        this.context = Objects.requireNonNull(context);
        context.revision().addListener((obs, o, n) -> rebuild());
        if (context.session().get() != null) {
            rebuild();
        }
    }

    /** The recorded pass as blocks; null until the first recording has been laid out as blocks. */
    public ReadOnlyObjectProperty<TraceGraph> graphProperty() {
        return graph.getReadOnlyProperty();
    }

    /** Shade the blocks by their largest |value| or |gradient|. */
    public ObjectProperty<TraceGraph.Magnitude> tintProperty() {
        return tint;
    }

    /** The trace index of the cursor's event, or -1. */
    public int cursorEvent() {
        var c = context.cursor().get();
        return c == null ? -1 : c.position();
    }

    private void rebuild() {
        DebugSession session = context.session().get();
        if (session == null) {
            return;
        }
        Recording recording = session.recording(); // read on the FX thread: the recording the revision announced
        int ticket = ++requested;
        context.executor().submit(() -> TraceGraph.of(recording, recording.inputs()), g -> {
            if (ticket == requested) { // a later recording's graph supersedes this one
                graph.set(g);
            }
        }, failure -> graph.set(null));
    }

    /**
     * The blocks as CSV: one row per block of the whole hierarchy (path, kind, ops, first and last forward
     * event, largest |value| and |gradient|).
     */
    public String csv() {
        TraceGraph g = graph.get();
        if (g == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("path,kind,ops,first_event,last_event,max_abs_value,max_abs_gradient\n");
        appendRows(g.root(), out);
        return out.toString();
    }

    private static void appendRows(TraceGraph.Node node, StringBuilder out) {
        for (TraceGraph.Node child : node.children()) {
            out.append(Csv.field(child.path())).append(',').append(child.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append(',').append(child.opCount())
                    .append(',').append(child.firstEvent()).append(',').append(child.lastEvent())
                    .append(',').append(child.maxAbs(TraceGraph.Magnitude.VALUE))
                    .append(',').append(child.maxAbs(TraceGraph.Magnitude.GRADIENT)).append('\n');
            appendRows(child, out);
        }
    }

}
