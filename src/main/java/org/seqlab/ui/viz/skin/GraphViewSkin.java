package org.seqlab.ui.viz.skin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ChangeListener;
import javafx.css.PseudoClass;
import javafx.event.EventHandler;
import javafx.geometry.Bounds;
import javafx.geometry.Dimension2D;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import org.seqlab.autograd.Shape;
import org.seqlab.debug.TraceGraph;
import org.seqlab.debug.TraceGraph.Edge;
import org.seqlab.debug.TraceGraph.Kind;
import org.seqlab.debug.TraceGraph.Magnitude;
import org.seqlab.debug.TraceGraph.Node;
import org.seqlab.debug.TraceGraph.Source;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.viz.GraphView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws a {@link GraphView}: boxes, frames and arrows as scene-graph nodes (so they take CSS, tooltips
 * and clicks), laid out by {@link GraphLayout}, inside a clipped viewport that scrolls to zoom and drags
 * to pan. The drawing is rebuilt when the graph, the view or the language changes; the cursor and the
 * tint only restyle it.
 */
public class GraphViewSkin extends SkinBase<GraphView> {

    /** Key in a box's or frame's {@link javafx.scene.Node#getProperties() properties}: its {@link Node}. */
    public static final Object NODE_KEY = Node.class;

    private static final Logger LOG = LoggerFactory.getLogger(GraphViewSkin.class);
    private static final PseudoClass CURSOR = PseudoClass.getPseudoClass("cursor");
    private static final double ARROW_LENGTH = 7;
    private static final double ARROW_HALF_WIDTH = 4;
    private static final double FIT_MARGIN = 12;
    private static final double ZOOM_STEP = 1.15;
    /** Opening a block zooms out to show it, but not below this. */
    private static final double READABLE_ZOOM = 0.6;
    /** The tint's opacity at the smallest and the largest magnitude in view (text stays readable on top). */
    static final double MIN_SHADE = 0.06;
    static final double MAX_SHADE = 0.5;

    private final StackPane surface = new StackPane();
    private final Pane viewport = new Pane();
    private final Group content = new Group();
    private final Translate pan = new Translate();
    private final Scale scale = new Scale(1, 1, 0, 0);
    private final Label hint = new Label();
    private final HBox legend = new HBox();
    private final Label legendText = new Label();
    private final Region legendRamp = new Region();
    private final Label empty = new Label();

    private final Map<String, Region> boxes = new LinkedHashMap<>();
    private final Map<String, Region> frames = new LinkedHashMap<>();
    private final Map<Region, Node> tinted = new IdentityHashMap<>();
    private Region cursorBox;

    private boolean dirty = true;
    /** Counts rebuilds: a layout that arrives after a newer rebuild began is dropped. */
    private long layouts;
    private boolean waiting;
    private boolean fitPending = true;
    /** What was clicked and where it was on screen, so that it stays there after the drawing changes. */
    private String anchorPath;
    private Point2D anchorScreen;
    private double pivotX = Double.NaN;
    private double pivotY = Double.NaN;
    private double dragX;
    private double dragY;

    private final InvalidationListener graphChanged = obs -> {
        fitPending = true;
        markDirty();
    };
    private final InvalidationListener viewChanged = obs -> markDirty();
    private final InvalidationListener languageChanged = obs -> markDirty();
    private final InvalidationListener cursorChanged = obs -> {
        updateCursor();
        revealCursor();
    };
    private final InvalidationListener tintChanged = obs -> updateTint();
    private final ChangeListener<Number> zoomChanged = (obs, old, z) -> applyZoom(old.doubleValue(), z.doubleValue());
    private final EventHandler<ScrollEvent> onScroll = this::scrolled;
    private final EventHandler<MouseEvent> onPress = this::pressed;
    private final EventHandler<MouseEvent> onDrag = this::dragged;
    private final EventHandler<MouseEvent> onClick = this::clicked;

    public GraphViewSkin(GraphView control) {
        super(control);
        content.setAutoSizeChildren(false);
        content.getTransforms().setAll(pan, scale);
        scale.setX(control.getZoom());
        scale.setY(control.getZoom());
        viewport.getStyleClass().add("graph-viewport");
        viewport.getChildren().add(content);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(viewport.widthProperty());
        clip.heightProperty().bind(viewport.heightProperty());
        viewport.setClip(clip);

        hint.getStyleClass().add("graph-hint-text");
        StackPane hintBox = new StackPane(hint);
        hintBox.getStyleClass().add("graph-hint");
        hintBox.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        hintBox.setMouseTransparent(true);
        StackPane.setAlignment(hintBox, Pos.TOP_LEFT);
        StackPane.setMargin(hintBox, new Insets(6));

        legendRamp.getStyleClass().add("graph-legend-ramp");
        legend.getStyleClass().add("graph-legend");
        legend.getChildren().addAll(legendRamp, legendText);
        legend.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        legend.setMouseTransparent(true);
        StackPane.setAlignment(legend, Pos.BOTTOM_LEFT);
        StackPane.setMargin(legend, new Insets(6));

        empty.getStyleClass().add("graph-empty");
        empty.setMouseTransparent(true);

        surface.getChildren().addAll(viewport, hintBox, legend, empty);
        getChildren().add(surface);

        control.graphProperty().addListener(graphChanged);
        control.viewProperty().addListener(viewChanged);
        control.i18n().languageProperty().addListener(languageChanged);
        control.cursorEventProperty().addListener(cursorChanged);
        control.tintProperty().addListener(tintChanged);
        control.zoomProperty().addListener(zoomChanged);
        viewport.addEventHandler(ScrollEvent.SCROLL, onScroll);
        viewport.addEventHandler(MouseEvent.MOUSE_PRESSED, onPress);
        viewport.addEventHandler(MouseEvent.MOUSE_DRAGGED, onDrag);
        viewport.addEventHandler(MouseEvent.MOUSE_CLICKED, onClick);
    }

    @Override
    public void dispose() {
        GraphView control = getSkinnable();
        if (control == null) {
            return;   // disposed already
        }
        control.graphProperty().removeListener(graphChanged);
        control.viewProperty().removeListener(viewChanged);
        control.i18n().languageProperty().removeListener(languageChanged);
        control.cursorEventProperty().removeListener(cursorChanged);
        control.tintProperty().removeListener(tintChanged);
        control.zoomProperty().removeListener(zoomChanged);
        viewport.removeEventHandler(ScrollEvent.SCROLL, onScroll);
        viewport.removeEventHandler(MouseEvent.MOUSE_PRESSED, onPress);
        viewport.removeEventHandler(MouseEvent.MOUSE_DRAGGED, onDrag);
        viewport.removeEventHandler(MouseEvent.MOUSE_CLICKED, onClick);
        control.getStyleClass().removeAll("tint-value", "tint-gradient");
        super.dispose();
    }

    /** The boxes drawn now, by their node's path (for tests and tools). */
    public Map<String, Region> boxes() {
        return Collections.unmodifiableMap(boxes);
    }

    /** The frames of the open blocks drawn now, by path. */
    public Map<String, Region> frames() {
        return Collections.unmodifiableMap(frames);
    }

    /** The group that holds the whole drawing, untransformed by zoom and pan inside it. */
    public Group content() {
        return content;
    }

    /** Scales and centres the drawing so that all of it shows (never above 100 %). */
    public void fit() {
        Bounds b = content.getLayoutBounds();
        double w = viewport.getWidth();
        double h = viewport.getHeight();
        if (b.isEmpty() || w <= 0 || h <= 0) {
            fitPending = true;
            return;
        }
        double z = Math.min(1, Math.min((w - 2 * FIT_MARGIN) / b.getWidth(), (h - 2 * FIT_MARGIN) / b.getHeight()));
        getSkinnable().setZoom(z);
        z = getSkinnable().getZoom();
        pan.setX((w - b.getWidth() * z) / 2 - b.getMinX() * z);
        pan.setY((h - b.getHeight() * z) / 2 - b.getMinY() * z);
        fitPending = false;
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        if (dirty) {
            dirty = false;
            rebuild();
        }
        super.layoutChildren(x, y, w, h);
        if (fitPending && !waiting && viewport.getWidth() > 0) {
            fit();
        }
    }

    private void markDirty() {
        dirty = true;
        getSkinnable().requestLayout();
    }

    // ---- building the drawing -------------------------------------------------------------------------------

    /**
     * Makes the new drawing's nodes (hidden, beside the old drawing), measures them, and lays them out in
     * the background; {@link #show} swaps the drawings when the layout arrives. A newer rebuild makes an
     * older layout stale.
     */
    private void rebuild() {
        GraphView control = getSkinnable();
        I18n i18n = control.i18n();
        long generation = ++layouts;
        boxes.clear();
        frames.clear();
        tinted.clear();
        cursorBox = null;
        hint.setText(i18n.get("graphView.hint"));
        empty.setText(i18n.get("graphView.empty"));
        TraceGraph.View view = control.getView();
        empty.setVisible(view == null);
        hint.getParent().setVisible(view != null);
        legend.setVisible(view != null);
        if (view == null) {
            content.getChildren().clear();
            waiting = false;
            return;
        }
        Drawing d = new Drawing(view);
        for (Node c : view.containers()) {
            HBox title = frameTitle(c, i18n);
            StackPane frame = new StackPane(title);
            StackPane.setAlignment(title, Pos.TOP_LEFT);
            frame.getStyleClass().add("graph-frame");
            frame.getProperties().put(NODE_KEY, c);
            d.frameOf.put(c, frame);
            d.titleOf.put(c, title);
            frames.put(c.path(), frame);
            d.frameLayer.getChildren().add(frame);
        }
        for (Node n : view.nodes()) {
            Region box = box(n, i18n);
            d.boxOf.put(n, box);
            boxes.put(n.path(), box);
            d.boxLayer.getChildren().add(box);
        }
        // labels sit at the tail: edges that leave a box with the same tensors share one label
        Map<Node, List<String>> labelledFrom = new IdentityHashMap<>();
        for (Edge e : view.edges()) {
            String text = shapes(e.shapes(), i18n);
            List<String> seen = labelledFrom.computeIfAbsent(e.from(), k -> new ArrayList<>());
            if (seen.contains(text)) {
                continue;
            }
            seen.add(text);
            Label label = new Label(text);
            label.getStyleClass().add("graph-edge-label");
            d.labelOf.put(e, label);
            d.labelLayer.getChildren().add(label);
        }
        // measured here, on the FX thread, with CSS applied; laid out in the background
        d.root.setVisible(false);
        content.getChildren().add(d.root);
        d.root.applyCss();
        Map<Node, Dimension2D> boxSizes = new IdentityHashMap<>();
        d.boxOf.forEach((n, r) -> boxSizes.put(n, prefSize(r)));
        Map<Node, Dimension2D> titleSizes = new IdentityHashMap<>();
        d.titleOf.forEach((c, r) -> titleSizes.put(c, prefSize(r)));
        Map<Edge, GraphLayout.EdgeLabel> labels = new IdentityHashMap<>();
        d.labelOf.forEach((e, l) -> {
            Dimension2D size = prefSize(l);
            labels.put(e, new GraphLayout.EdgeLabel(l.getText(), size.getWidth(), size.getHeight()));
        });
        updateTint();
        updateCursor();
        waiting = true;
        control.getExecutor().submit(() -> GraphLayout.layout(view, boxSizes::get, titleSizes::get, labels::get),
                result -> {
                    if (generation == layouts && getSkinnable() != null) {
                        waiting = false;
                        show(d, result);
                    }
                },
                failure -> {
                    LOG.warn("Could not lay out the graph view of {} boxes", view.nodes().size(), failure);
                    if (generation == layouts && getSkinnable() != null) {
                        waiting = false;
                        content.getChildren().setAll(d.root);
                        empty.setText(i18n.format("graphView.layoutFailed", String.valueOf(failure.getMessage())));
                        empty.setVisible(true);
                    }
                });
    }

    /** A drawing being made: its layers and its parts by graph node. */
    private static final class Drawing {
        final TraceGraph.View view;
        final Group frameLayer = layer();
        final Group edgeLayer = layer();
        final Group boxLayer = layer();
        final Group labelLayer = layer();
        final Group root = layer();
        final Map<Node, StackPane> frameOf = new IdentityHashMap<>();
        final Map<Node, HBox> titleOf = new IdentityHashMap<>();
        final Map<Node, Region> boxOf = new IdentityHashMap<>();
        final Map<Edge, Label> labelOf = new IdentityHashMap<>();

        Drawing(TraceGraph.View view) {
            this.view = view;
            root.getChildren().setAll(frameLayer, edgeLayer, boxLayer, labelLayer);
        }
    }

    /** Puts a drawing's parts where the layout says and swaps it in for the old drawing. */
    private void show(Drawing d, GraphLayout.Result layout) {
        layout.frames().forEach((c, b) -> place(d.frameOf.get(c), b));
        layout.boxes().forEach((n, b) -> place(d.boxOf.get(n), b));
        for (Edge e : d.view.edges()) {
            GraphLayout.Route route = layout.routes().get(e);
            d.edgeLayer.getChildren().addAll(edge(route.points()));
            if (route.label() != null && d.labelOf.containsKey(e)) {
                place(d.labelOf.get(e), route.label());
            }
        }
        content.getChildren().setAll(d.root);
        d.root.setVisible(true);
        keepAnchorInPlace();
        if (fitPending) {
            fit();
        }
    }

    private static Group layer() {
        Group g = new Group();
        g.setAutoSizeChildren(false);
        return g;
    }

    private static Dimension2D prefSize(Region r) {
        return new Dimension2D(Math.ceil(r.prefWidth(-1)), Math.ceil(r.prefHeight(-1)));
    }

    private static void place(Region r, Bounds b) {
        r.resizeRelocate(b.getMinX(), b.getMinY(), b.getWidth(), b.getHeight());
        r.layout();
    }

    private Region box(Node n, I18n i18n) {
        Box box = new Box();
        box.getStyleClass().addAll("graph-node", "graph-node-" + n.kind().name().toLowerCase(Locale.ROOT));
        box.getProperties().put(NODE_KEY, n);
        if (n.kind() != Kind.INPUT) {
            tinted.put(box.tint, n);
        }
        Label title = new Label(title(n, i18n));
        title.getStyleClass().add("graph-node-title");
        HBox titleRow = new HBox(title);
        titleRow.getStyleClass().add("graph-node-title-row");
        titleRow.setAlignment(Pos.CENTER);
        if (n.isExpandable()) {
            titleRow.getChildren().add(mark("M0 4 H8 M4 0 V8"));
        }
        VBox text = new VBox(titleRow);
        text.setAlignment(Pos.CENTER);
        text.getStyleClass().add("graph-node-text");
        String detail = detail(n, i18n);
        if (!detail.isEmpty()) {
            Label d = new Label(detail);
            d.getStyleClass().add("graph-node-detail");
            text.getChildren().add(d);
        }
        box.getChildren().add(1, text);
        Tooltip.install(box, new Tooltip(tooltip(n, i18n)));
        box.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 1 && e.isStillSincePress()
                    && n.isExpandable()) {
                open(n, box);
            }
            e.consume();
        });
        return box;
    }

    /**
     * A box: its text, with the tint behind it and the cursor's ring around it, both outside the layout so
     * that neither changes the box's size (the ring shows only on the cursor's box, by CSS).
     */
    private static final class Box extends StackPane {
        private static final double RING = 4;
        private final Region tint = new Region();
        private final Region ring = new Region();

        Box() {
            tint.getStyleClass().add("graph-node-tint");
            ring.getStyleClass().add("graph-node-ring");
            for (Region r : List.of(tint, ring)) {
                r.setManaged(false);
                r.setMouseTransparent(true);
            }
            tint.setOpacity(0);
            getChildren().addAll(tint, ring);
        }

        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            tint.resizeRelocate(1, 1, getWidth() - 2, getHeight() - 2);
            ring.resizeRelocate(-RING, -RING, getWidth() + 2 * RING, getHeight() + 2 * RING);
        }
    }

    private HBox frameTitle(Node c, I18n i18n) {
        Label name = new Label(c.name());
        name.getStyleClass().add("graph-frame-name");
        Label detail = new Label(i18n.format("graphView.ops", c.opCount()));
        detail.getStyleClass().add("graph-frame-detail");
        HBox title = new HBox(mark("M0 4 H8"), name, detail);
        title.getStyleClass().add("graph-frame-title");
        title.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        Tooltip.install(title, new Tooltip(tooltip(c, i18n)));
        title.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 1 && e.isStillSincePress()) {
                open(c, title.getParent() instanceof Region r ? r : title);
            }
            e.consume();
        });
        return title;
    }

    private static SVGPath mark(String path) {
        SVGPath p = new SVGPath();
        p.setContent(path);
        p.getStyleClass().add("graph-node-mark");
        p.setMouseTransparent(true);
        return p;
    }

    /** Opens or closes a block, keeping what was clicked where it was on screen. */
    private void open(Node n, Region clicked) {
        anchorPath = n.path();
        anchorScreen = screen(clicked.getLayoutX(), clicked.getLayoutY());
        getSkinnable().toggle(n);
    }

    /**
     * After a click opened or closed a block: puts its frame (or box) back where the click was, then
     * brings an opened frame into view, zooming out for it if need be, but not below a readable size.
     */
    private void keepAnchorInPlace() {
        if (anchorPath == null) {
            return;
        }
        Region r = frames.containsKey(anchorPath) ? frames.get(anchorPath) : boxes.get(anchorPath);
        if (r != null) {
            double w = viewport.getWidth();
            double h = viewport.getHeight();
            double z = scale.getX();
            double fits = Math.min((w - 2 * FIT_MARGIN) / r.getWidth(), (h - 2 * FIT_MARGIN) / r.getHeight());
            if (fits < z && z > READABLE_ZOOM) {
                getSkinnable().setZoom(Math.max(READABLE_ZOOM, fits));
                z = getSkinnable().getZoom();
            }
            double x = anchorScreen.getX();
            double y = anchorScreen.getY();
            // shift left/up just enough to show the right/bottom edge, never past the left/top edge
            x = Math.max(Math.min(x, w - FIT_MARGIN - r.getWidth() * z), FIT_MARGIN);
            y = Math.max(Math.min(y, h - FIT_MARGIN - r.getHeight() * z), FIT_MARGIN);
            pan.setX(x - r.getLayoutX() * z);
            pan.setY(y - r.getLayoutY() * z);
        }
        anchorPath = null;
        anchorScreen = null;
    }

    private Point2D screen(double x, double y) {
        double z = scale.getX();
        return new Point2D(pan.getX() + x * z, pan.getY() + y * z);
    }

    /** Arrow along the route: a line, shortened to end at the arrowhead's base, and the arrowhead. */
    private static List<javafx.scene.Node> edge(List<Point2D> points) {
        List<javafx.scene.Node> parts = new ArrayList<>();
        if (points.size() < 2) {
            return parts;
        }
        Point2D tip = points.get(points.size() - 1);
        Point2D before = points.get(points.size() - 2);
        Point2D d = tip.subtract(before);
        d = d.magnitude() == 0 ? new Point2D(1, 0) : d.normalize();
        Point2D base = tip.subtract(d.multiply(ARROW_LENGTH));
        Path line = new Path();
        line.getStyleClass().add("graph-edge");
        line.getElements().add(new MoveTo(points.get(0).getX(), points.get(0).getY()));
        for (int i = 1; i < points.size() - 1; i++) {
            line.getElements().add(new LineTo(points.get(i).getX(), points.get(i).getY()));
        }
        line.getElements().add(new LineTo(base.getX(), base.getY()));
        line.setMouseTransparent(true);
        Point2D normal = new Point2D(-d.getY(), d.getX()).multiply(ARROW_HALF_WIDTH);
        Polygon head = new Polygon(tip.getX(), tip.getY(), base.getX() + normal.getX(), base.getY() + normal.getY(),
                base.getX() - normal.getX(), base.getY() - normal.getY());
        head.getStyleClass().add("graph-edge-arrow");
        head.setMouseTransparent(true);
        parts.add(line);
        parts.add(head);
        return parts;
    }

    // ---- text -----------------------------------------------------------------------------------------------

    private static String title(Node n, I18n i18n) {
        return switch (n.kind()) {
            case BLOCK, OP, INPUT -> n.name();
            case PARAMETERS -> n.sources().size() == 1 ? shortName(n.sources().get(0).name())
                    : i18n.format("graphView.parameters", n.sources().size());
        };
    }

    private static String detail(Node n, I18n i18n) {
        return switch (n.kind()) {
            case BLOCK -> i18n.format("graphView.ops", n.opCount());
            case OP -> i18n.format("graphView.event", n.firstEvent());
            case INPUT -> i18n.get("graphView.input");
            case PARAMETERS -> n.sources().size() == 1 ? i18n.get("graphView.parameter") : shortNames(n.sources());
        };
    }

    /** {@code rnn.weight_ih_l0} → {@code weight_ih_l0}: the box sits beside its block already. */
    private static String shortName(String stateDictName) {
        return stateDictName.substring(stateDictName.lastIndexOf('.') + 1);
    }

    private static String shortNames(List<Source> sources) {
        String joined = String.join(", ", sources.stream().map(s -> shortName(s.name())).toList());
        return joined.length() <= 28 ? joined : "";
    }

    private static String tooltip(Node n, I18n i18n) {
        String magnitudes = i18n.format("graphView.tooltip.magnitudes", number(n.maxAbs(Magnitude.VALUE), i18n),
                number(n.maxAbs(Magnitude.GRADIENT), i18n));
        return switch (n.kind()) {
            case BLOCK -> i18n.format("graphView.tooltip.block", n.path(), n.opCount(), n.firstEvent(),
                    n.lastEvent()) + "\n" + magnitudes;
            case OP -> i18n.format("graphView.tooltip.op", n.name(), n.parent().path(), n.firstEvent()) + "\n"
                    + magnitudes;
            case INPUT, PARAMETERS -> String.join("\n", n.sources().stream()
                    .map(s -> i18n.format("graphView.tooltip.source", s.name(), s.shape().toString())).toList())
                    + (n.kind() == Kind.PARAMETERS ? "\n" + magnitudes : "");
        };
    }

    /** An edge's label: its shapes, repeats counted ({@code 2 × (1,64)}), many tensors just counted. */
    static String shapes(List<Shape> shapes, I18n i18n) {
        Map<Shape, Integer> counts = new LinkedHashMap<>();
        for (Shape s : shapes) {
            counts.merge(s, 1, Integer::sum);
        }
        if (counts.size() > 2) {
            return i18n.format("graphView.tensors", shapes.size());
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((s, k) -> parts.add(k == 1 ? s.toString() : i18n.format("graphView.repeat", k, s.toString())));
        return String.join(", ", parts);
    }

    /** A magnitude as people read it: 0.0933, 12.8, 3.1e-07; "none" for NaN. */
    static String number(double v, I18n i18n) {
        if (Double.isNaN(v)) {
            return i18n.get("graphView.none");
        }
        double a = Math.abs(v);
        if (a == 0 || (a >= 1e-3 && a < 1e4)) {
            return String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    // ---- cursor and tint ------------------------------------------------------------------------------------

    private void updateCursor() {
        if (cursorBox != null) {
            cursorBox.pseudoClassStateChanged(CURSOR, false);
            cursorBox = null;
        }
        getSkinnable().cursorNode().ifPresent(n -> {
            cursorBox = boxes.get(n.path());
            if (cursorBox != null) {
                cursorBox.pseudoClassStateChanged(CURSOR, true);
            }
        });
    }

    /** Pans (without zooming) just enough to bring the cursor's box into view when stepping took it out. */
    private void revealCursor() {
        if (cursorBox == null || waiting || cursorBox.getParent() == null || !cursorBox.getParent().isVisible()) {
            return;
        }
        double z = scale.getX();
        Point2D topLeft = screen(cursorBox.getLayoutX(), cursorBox.getLayoutY());
        double w = cursorBox.getWidth() * z;
        double h = cursorBox.getHeight() * z;
        double dx = 0;
        double dy = 0;
        if (topLeft.getX() < FIT_MARGIN) {
            dx = FIT_MARGIN - topLeft.getX();
        } else if (topLeft.getX() + w > viewport.getWidth() - FIT_MARGIN) {
            dx = viewport.getWidth() - FIT_MARGIN - topLeft.getX() - w;
        }
        if (topLeft.getY() < FIT_MARGIN) {
            dy = FIT_MARGIN - topLeft.getY();
        } else if (topLeft.getY() + h > viewport.getHeight() - FIT_MARGIN) {
            dy = viewport.getHeight() - FIT_MARGIN - topLeft.getY() - h;
        }
        pan.setX(pan.getX() + dx);
        pan.setY(pan.getY() + dy);
    }

    /**
     * Shades each box by its magnitude on a log scale between the smallest and the largest non-zero one
     * in view (gradients span many orders of magnitude: a vanishing one stays pale); zero and "none" stay
     * unshaded.
     */
    private void updateTint() {
        GraphView control = getSkinnable();
        Magnitude m = control.getTint();
        control.getStyleClass().removeAll("tint-value", "tint-gradient");
        control.getStyleClass().add(m == Magnitude.GRADIENT ? "tint-gradient" : "tint-value");
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Node n : tinted.values()) {
            double v = n.maxAbs(m);
            if (v > 0 && Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        I18n i18n = control.i18n();
        if (hi == 0) {
            legendText.setText(i18n.get(m == Magnitude.GRADIENT ? "graphView.legend.noGradient"
                    : "graphView.legend.noValue"));
            legendRamp.setVisible(false);
            legendRamp.setManaged(false);
        } else {
            lo = Math.max(lo, hi * 1e-8);
            legendText.setText(i18n.format(m == Magnitude.GRADIENT ? "graphView.legend.gradient"
                    : "graphView.legend.value", number(lo, i18n), number(hi, i18n)));
            legendRamp.setVisible(true);
            legendRamp.setManaged(true);
        }
        for (Map.Entry<Region, Node> e : tinted.entrySet()) {
            e.getKey().setOpacity(shade(e.getValue().maxAbs(m), lo, hi));
        }
    }

    /** The tint's opacity for a magnitude: 0 for none or zero, 0.06 at the smallest, 0.5 at the largest. */
    static double shade(double v, double lo, double hi) {
        if (!(v > 0) || hi == 0) {
            return 0;
        }
        double t = hi <= lo ? 1 : (Math.log(Math.max(v, lo)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
        return MIN_SHADE + (MAX_SHADE - MIN_SHADE) * Math.min(1, Math.max(0, t));
    }

    // ---- zoom and pan ---------------------------------------------------------------------------------------

    private void applyZoom(double old, double z) {
        double px = Double.isNaN(pivotX) ? viewport.getWidth() / 2 : pivotX;
        double py = Double.isNaN(pivotY) ? viewport.getHeight() / 2 : pivotY;
        double ratio = old == 0 ? 1 : z / old;
        pan.setX(px - (px - pan.getX()) * ratio);
        pan.setY(py - (py - pan.getY()) * ratio);
        scale.setX(z);
        scale.setY(z);
        pivotX = Double.NaN;
        pivotY = Double.NaN;
    }

    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0) {
            return;
        }
        pivotX = e.getX();
        pivotY = e.getY();
        GraphView control = getSkinnable();
        control.setZoom(control.getZoom() * (e.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP));
        pivotX = Double.NaN;
        pivotY = Double.NaN;
        e.consume();
    }

    private void pressed(MouseEvent e) {
        dragX = e.getX();
        dragY = e.getY();
    }

    private void dragged(MouseEvent e) {
        pan.setX(pan.getX() + e.getX() - dragX);
        pan.setY(pan.getY() + e.getY() - dragY);
        dragX = e.getX();
        dragY = e.getY();
        e.consume();
    }

    private void clicked(MouseEvent e) {
        if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !e.isConsumed()) {
            fit();
            e.consume();
        }
    }
}
