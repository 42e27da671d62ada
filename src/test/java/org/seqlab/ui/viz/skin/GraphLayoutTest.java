package org.seqlab.ui.viz.skin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javafx.geometry.Bounds;
import javafx.geometry.Dimension2D;
import javafx.geometry.Point2D;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqlab.debug.TemplateTraces;
import org.seqlab.debug.TraceGraph;
import org.seqlab.debug.TraceGraph.Edge;
import org.seqlab.debug.TraceGraph.Node;

/** ELK's layout of real graphs at many levels, checked for what a reader needs: no overlaps, arrows that connect. */
class GraphLayoutTest {

    private static final double EPS = 0.5;

    @ParameterizedTest
    @ValueSource(strings = {"char-lstm-lm", "transformer-seq2seq", "seq2seq-gru-additive", "gpt-mini",
            "bilstm-crf-tagger"})
    void boxesNeverOverlapSitInsideTheirFramesAndArrowsJoinTheirEnds(String template) {
        TraceGraph g = TemplateTraces.of(template).graph();
        for (TraceGraph.View v : views(g)) {
            GraphLayout.Result r = GraphLayout.layout(v, GraphLayoutTest::boxSize,
                    n -> new Dimension2D(8 * n.name().length() + 60, 22),
                    e -> new GraphLayout.EdgeLabel("(1,4,32)", 56, 14));
            String where = template + " " + v.expandedPaths();

            assertThat(r.boxes().keySet()).containsExactlyInAnyOrderElementsOf(v.nodes());
            assertThat(r.frames().keySet()).containsExactlyInAnyOrderElementsOf(v.containers());
            List<Node> nodes = v.nodes();
            for (int i = 0; i < nodes.size(); i++) {
                Bounds a = r.boxes().get(nodes.get(i));
                assertThat(a.getWidth()).isEqualTo(boxSize(nodes.get(i)).getWidth());
                for (int j = i + 1; j < nodes.size(); j++) {
                    Bounds b = r.boxes().get(nodes.get(j));
                    assertThat(overlap(a, b)).as("%s: %s overlaps %s", where, nodes.get(i), nodes.get(j)).isFalse();
                }
                inside(r, v, nodes.get(i), a, where);
            }
            for (Node c : v.containers()) {
                inside(r, v, c, r.frames().get(c), where);
            }
            // sibling frames do not overlap each other or the boxes beside them
            for (Node c : v.containers()) {
                Bounds f = r.frames().get(c);
                for (Node n : nodes) {
                    if (!c.isAncestorOf(n) && !isAnyAncestor(n, c)) {
                        assertThat(overlap(f, r.boxes().get(n))).as("%s: frame %s overlaps %s", where, c, n).isFalse();
                    }
                }
            }
            for (Edge e : v.edges()) {
                List<Point2D> points = r.routes().get(e).points();
                assertThat(points).as("%s: route of %s", where, e).hasSizeGreaterThanOrEqualTo(2);
                assertThat(onBorder(points.get(0), r.boxes().get(e.from())))
                        .as("%s: %s starts at %s, source box %s", where, e, points.get(0), r.boxes().get(e.from()))
                        .isTrue();
                assertThat(onBorder(points.get(points.size() - 1), r.boxes().get(e.to())))
                        .as("%s: %s ends at %s, target box %s", where, e, points.get(points.size() - 1),
                                r.boxes().get(e.to()))
                        .isTrue();
                Bounds label = r.routes().get(e).label();
                assertThat(label).isNotNull();
                for (Node n : nodes) {
                    assertThat(overlap(label, r.boxes().get(n))).as("%s: label of %s on %s", where, e, n).isFalse();
                }
            }
            assertThat(r.width()).isPositive();
        }
    }

    /** The top level, each depth open, and random mixtures. */
    private static List<TraceGraph.View> views(TraceGraph g) {
        List<TraceGraph.View> views = new ArrayList<>();
        for (int d = 0; d <= 3; d++) {
            views.add(g.expandedTo(d));
        }
        List<Node> blocks = new ArrayList<>();
        collect(g.root(), blocks);
        Random random = new Random(11);
        for (int k = 0; k < 6; k++) {
            Set<String> open = new LinkedHashSet<>();
            for (Node b : blocks) {
                if (b.depth() <= 4 && random.nextInt(3) == 0) {
                    open.add(b.path());
                }
            }
            views.add(g.view(open));
        }
        return views;
    }

    private static void collect(Node n, List<Node> out) {
        for (Node c : n.children()) {
            if (c.isExpandable()) {
                out.add(c);
                collect(c, out);
            }
        }
    }

    private static Dimension2D boxSize(Node n) {
        return new Dimension2D(7 * Math.max(n.name().length(), 6) + 30,
                n.kind() == TraceGraph.Kind.PARAMETERS ? 24 : 36);
    }

    private static void inside(GraphLayout.Result r, TraceGraph.View v, Node n, Bounds b, String where) {
        Node c = v.container(n);
        if (c != null) {
            Bounds f = r.frames().get(c);
            assertThat(f.getMinX() - EPS <= b.getMinX() && f.getMinY() - EPS <= b.getMinY()
                    && b.getMaxX() <= f.getMaxX() + EPS && b.getMaxY() <= f.getMaxY() + EPS)
                    .as("%s: %s %s inside the frame of %s %s", where, n, b, c, f).isTrue();
        }
    }

    private static boolean isAnyAncestor(Node inner, Node outer) {
        return inner.isAncestorOf(outer);
    }

    private static boolean overlap(Bounds a, Bounds b) {
        return a.getMinX() < b.getMaxX() - EPS && b.getMinX() < a.getMaxX() - EPS && a.getMinY() < b.getMaxY() - EPS
                && b.getMinY() < a.getMaxY() - EPS;
    }

    private static boolean onBorder(Point2D p, Bounds b) {
        double tol = 2;
        boolean withinX = p.getX() >= b.getMinX() - tol && p.getX() <= b.getMaxX() + tol;
        boolean withinY = p.getY() >= b.getMinY() - tol && p.getY() <= b.getMaxY() + tol;
        boolean onVertical = Math.abs(p.getX() - b.getMinX()) <= tol || Math.abs(p.getX() - b.getMaxX()) <= tol;
        boolean onHorizontal = Math.abs(p.getY() - b.getMinY()) <= tol || Math.abs(p.getY() - b.getMaxY()) <= tol;
        return withinX && withinY && (onVertical || onHorizontal);
    }
}
