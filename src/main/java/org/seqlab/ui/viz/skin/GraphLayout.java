package org.seqlab.ui.viz.skin;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.geometry.Dimension2D;
import javafx.geometry.Point2D;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;
import org.seqlab.debug.TraceGraph;
import org.seqlab.debug.TraceGraph.Edge;
import org.seqlab.debug.TraceGraph.Node;

/**
 * Lays a {@link TraceGraph.View} out with ELK's layered algorithm (Sugiyama style: layers left to
 * right, crossings minimised, orthogonal edges): boxes at the sizes given, each open block a frame
 * around its contents with room for its title, edge labels placed beside their edges. Everything in
 * the result is in one coordinate system, with the drawing's top-left corner at (0, 0). Pure
 * computation: call it from any thread.
 */
public final class GraphLayout {

    /** Space around the whole drawing, between boxes, and between layers. */
    static final double MARGIN = 16;
    static final double NODE_SPACING = 18;
    static final double LAYER_SPACING = 36;
    /** Space inside a frame around its contents (the top also holds the title). */
    static final double FRAME_PADDING = 12;

    static {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    /** An edge's route: its points from source to target, and where its label goes (null when none). */
    public record Route(List<Point2D> points, Bounds label) {
        public Route {
            points = List.copyOf(points);
        }
    }

    /** An edge label to make room for. */
    public record EdgeLabel(String text, double width, double height) {
    }

    /** Where everything goes. */
    public record Result(Map<Node, Bounds> boxes, Map<Node, Bounds> frames, Map<Edge, Route> routes, double width,
            double height) {
    }

    private GraphLayout() {
    }

    /**
     * @param view what to draw
     * @param boxSize the size of each box
     * @param titleSize the size of an open block's title (the frame's top padding and minimum width)
     * @param label an edge's label text and size (null for none)
     */
    public static Result layout(TraceGraph.View view, Function<Node, Dimension2D> boxSize,
            Function<Node, Dimension2D> titleSize, Function<Edge, EdgeLabel> label) {
        ElkNode root = ElkGraphUtil.createGraph();
        configure(root);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(MARGIN));
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);

        Map<Node, ElkNode> frames = new IdentityHashMap<>();
        for (Node c : view.containers()) {
            Node outer = view.container(c);
            ElkNode frame = ElkGraphUtil.createNode(outer == null ? root : frames.get(outer));
            configure(frame);
            Dimension2D title = titleSize.apply(c);
            frame.setProperty(CoreOptions.PADDING, new ElkPadding(title.getHeight() + FRAME_PADDING / 2, FRAME_PADDING,
                    FRAME_PADDING, FRAME_PADDING));
            frame.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, EnumSet.of(SizeConstraint.MINIMUM_SIZE));
            frame.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new KVector(title.getWidth() + 2 * FRAME_PADDING,
                    title.getHeight() + 2 * FRAME_PADDING));
            frames.put(c, frame);
        }
        Map<Node, ElkNode> boxes = new IdentityHashMap<>();
        for (Node n : view.nodes()) {
            Node outer = view.container(n);
            ElkNode box = ElkGraphUtil.createNode(outer == null ? root : frames.get(outer));
            Dimension2D size = boxSize.apply(n);
            box.setDimensions(size.getWidth(), size.getHeight());
            boxes.put(n, box);
        }
        Map<Edge, ElkEdge> edges = new IdentityHashMap<>();
        for (Edge e : view.edges()) {
            ElkEdge edge = ElkGraphUtil.createSimpleEdge(boxes.get(e.from()), boxes.get(e.to()));
            EdgeLabel text = label.apply(e);
            if (text != null) {
                // ELK leaves labels without text where they are: give it the text, not just the size
                ElkLabel l = ElkGraphUtil.createLabel(text.text(), edge);
                l.setDimensions(text.width(), text.height());
                l.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.TAIL);
            }
            edges.put(e, edge);
        }

        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        Map<Node, Bounds> boxBounds = new IdentityHashMap<>();
        boxes.forEach((n, b) -> boxBounds.put(n, absolute(b)));
        Map<Node, Bounds> frameBounds = new IdentityHashMap<>();
        frames.forEach((n, f) -> frameBounds.put(n, absolute(f)));
        Map<Edge, Route> routes = new IdentityHashMap<>();
        edges.forEach((e, edge) -> routes.put(e, route(edge)));
        return new Result(boxBounds, frameBounds, routes, root.getWidth(), root.getHeight());
    }

    /** The options every level of the drawing shares (INCLUDE_CHILDREN lays all levels out at once). */
    private static void configure(ElkNode n) {
        n.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        n.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        n.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        n.setProperty(CoreOptions.SPACING_NODE_NODE, NODE_SPACING);
        n.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, LAYER_SPACING);
        n.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 12.0);
        n.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 8.0);
        n.setProperty(CoreOptions.SPACING_EDGE_LABEL, 3.0);
        n.setProperty(LayeredOptions.MERGE_EDGES, true);
        // NOTE: no considerModelOrder: with INCLUDE_CHILDREN, ELK 0.10.0 throws an NPE in
        // LayerSweepCrossingMinimizer when the given order has no crossings (eclipse-elk/elk#968, fixed after 0.10.0)
    }

    private static Bounds absolute(ElkNode n) {
        double x = 0;
        double y = 0;
        for (ElkNode p = n; p != null; p = p.getParent()) {
            x += p.getX();
            y += p.getY();
        }
        return new BoundingBox(x, y, n.getWidth(), n.getHeight());
    }

    /** ELK gives an edge's points and labels relative to the node that contains the edge. */
    private static Route route(ElkEdge edge) {
        ElkNode container = edge.getContainingNode();
        Bounds origin = container == null ? new BoundingBox(0, 0, 0, 0) : absolute(container);
        double ox = origin.getMinX();
        double oy = origin.getMinY();
        List<Point2D> points = new ArrayList<>();
        for (ElkEdgeSection s : edge.getSections()) {
            points.add(new Point2D(ox + s.getStartX(), oy + s.getStartY()));
            for (ElkBendPoint b : s.getBendPoints()) {
                points.add(new Point2D(ox + b.getX(), oy + b.getY()));
            }
            points.add(new Point2D(ox + s.getEndX(), oy + s.getEndY()));
        }
        Bounds label = null;
        if (!edge.getLabels().isEmpty()) {
            ElkLabel l = edge.getLabels().get(0);
            label = new BoundingBox(ox + l.getX(), oy + l.getY(), l.getWidth(), l.getHeight());
        }
        return new Route(points, label);
    }
}
