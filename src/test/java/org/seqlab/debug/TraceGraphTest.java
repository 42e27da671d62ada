package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.TraceGraph.Edge;
import org.seqlab.debug.TraceGraph.Kind;
import org.seqlab.debug.TraceGraph.Magnitude;
import org.seqlab.debug.TraceGraph.Node;
import org.seqlab.debug.TraceGraph.View;

/** The graph view's model, on real recordings of char-lstm-lm and transformer-seq2seq. */
class TraceGraphTest {

    private static final String LSTM = "char-lstm-lm";
    private static final String TRANSFORMER = "transformer-seq2seq";

    private static TraceGraph graph(String template) {
        return TemplateTraces.of(template).graph();
    }

    private static Node node(TraceGraph g, String path) {
        return g.find(path).orElseThrow(() -> new AssertionError("no node " + path));
    }

    private static List<String> names(View v, Kind kind) {
        return v.nodes().stream().filter(n -> n.kind() == kind).map(Node::name).toList();
    }

    private static Optional<Edge> edge(View v, String from, String to) {
        return v.edges().stream().filter(e -> e.from().path().equals(from) && e.to().path().equals(to)).findFirst();
    }

    private static Shape shape(long... dims) {
        return Shape.of(dims);
    }

    // ---- the hierarchy --------------------------------------------------------------------------------------

    @Test
    void labelSegmentsNestIntoBlocksWithTheOpsAsLeaves() {
        TraceGraph g = graph(LSTM);
        Node gate = node(g, "rnn/l0/t3/forget_gate");

        assertThat(gate.kind()).isEqualTo(Kind.BLOCK);
        assertThat(gate.name()).isEqualTo("forget_gate");
        assertThat(gate.parent().path()).isEqualTo("rnn/l0/t3");
        assertThat(gate.parent().parent().path()).isEqualTo("rnn/l0");
        assertThat(gate.parent().parent().parent().path()).isEqualTo("rnn");
        assertThat(gate.parent().parent().parent().parent()).isSameAs(g.root());
        assertThat(gate.children()).extracting(Node::kind).containsOnly(Kind.OP);
        assertThat(gate.children()).extracting(Node::name).containsExactly("slice", "sigmoid");
        assertThat(gate.depth()).isEqualTo(4);
        assertThat(node(g, "rnn").isAncestorOf(gate)).isTrue();
        assertThat(gate.isAncestorOf(gate)).isFalse();
    }

    @Test
    void aBlockWithSubBlocksKeepsItsOwnOpsAsLeavesBesideThem() {
        Node rnn = node(graph(LSTM), "rnn");
        // rnn/l0, rnn/h_n, rnn/c_n, then the three ops labelled "rnn" that make the final state
        assertThat(rnn.children()).extracting(Node::name).containsExactly("l0", "h_n", "c_n", "slice", "permute",
                "reshape");
        assertThat(rnn.children()).extracting(Node::kind).containsExactly(Kind.BLOCK, Kind.BLOCK, Kind.BLOCK,
                Kind.OP, Kind.OP, Kind.OP);
    }

    @ParameterizedTest
    @ValueSource(strings = {LSTM, TRANSFORMER})
    void everyBlockHoldsExactlyTheForwardEventsUnderItsLabel(String template) {
        TraceGraph g = graph(template);
        Trace trace = g.trace();
        forEachNode(g.root(), n -> {
            if (n.kind() != Kind.BLOCK || n == g.root()) {
                return;
            }
            int[] expected = trace.phase(Phase.FORWARD).stream()
                    .filter(e -> e.label().equals(n.path()) || e.label().startsWith(n.path() + "/"))
                    .mapToInt(TraceEvent::index).toArray();
            assertThat(n.forwardEvents()).as("forward events of %s", n.path()).containsExactly(expected);
            assertThat(n.opCount()).isEqualTo(expected.length);
            assertThat(n.firstEvent()).isEqualTo(expected[0]);
            assertThat(n.lastEvent()).isEqualTo(expected[expected.length - 1]);
        });
        assertThat(g.root().opCount()).isEqualTo(trace.phase(Phase.FORWARD).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {LSTM, TRANSFORMER})
    void eachBackwardEventBelongsToTheForwardOpWhoseOutputItDifferentiates(String template) {
        TraceGraph g = graph(template);
        Trace trace = g.trace();
        for (TraceEvent b : trace.phase(Phase.BACKWARD)) {
            Node op = g.homeOf(b.index());
            assertThat(op.kind()).as("home of %s", b).isEqualTo(Kind.OP);
            TraceEvent f = trace.get(op.firstEvent());
            assertThat(f.outputId()).isEqualTo(b.outputId());
            assertThat(f.label()).isEqualTo(b.label());
            assertThat(f.op()).isEqualTo(b.op());
            assertThat(op.backwardEvents()).contains(b.index());
            assertThat(op.contains(b.index())).isTrue();
            for (Node a = op.parent(); a != null; a = a.parent()) {
                assertThat(a.contains(b.index())).as("%s contains %s", a, b).isTrue();
            }
        }
        // the loss is the last forward op and the first to run backward
        Node loss = node(g, "loss");
        assertThat(loss.lastEvent()).isEqualTo(trace.backwardStart() - 1);
        assertThat(loss.firstBackwardEvent()).isEqualTo(trace.backwardStart());
    }

    // ---- views ----------------------------------------------------------------------------------------------

    @Test
    void charLanguageModelTopLevelReadsTokensThroughEncoderRnnDecoderIntoTheLoss() {
        View top = graph(LSTM).topLevel();

        assertThat(names(top, Kind.BLOCK)).containsExactly("encoder", "rnn", "decoder", "loss");
        assertThat(names(top, Kind.INPUT)).containsExactly("tokens", "targets");
        assertThat(top.containers()).isEmpty();
        assertThat(edge(top, "input:tokens", "encoder")).get().extracting(Edge::shapes)
                .isEqualTo(List.of(shape(1, 4)));
        assertThat(edge(top, "encoder", "rnn")).get().extracting(Edge::shapes).isEqualTo(List.of(shape(1, 4, 32)));
        assertThat(edge(top, "rnn", "decoder")).get().extracting(Edge::shapes).isEqualTo(List.of(shape(1, 4, 64)));
        assertThat(edge(top, "decoder", "loss")).get().extracting(Edge::shapes)
                .isEqualTo(List.of(shape(1, 4, 100)));
        assertThat(edge(top, "input:targets", "loss")).get().extracting(Edge::shapes)
                .isEqualTo(List.of(shape(1, 4)));
        assertThat(edge(top, "rnn", "encoder")).isEmpty();
    }

    @Test
    void parametersAreGroupedBesideTheBoxThatFirstReadsThem() {
        TraceGraph g = graph(LSTM);
        View top = g.topLevel();
        Node rnnParameters = top.nodes().stream().filter(n -> n.path().equals("parameters:rnn")).findFirst()
                .orElseThrow();
        assertThat(rnnParameters.kind()).isEqualTo(Kind.PARAMETERS);
        assertThat(rnnParameters.sources()).extracting(TraceGraph.Source::name)
                .containsExactly("rnn.weight_ih_l0", "rnn.bias_ih_l0", "rnn.weight_hh_l0", "rnn.bias_hh_l0");
        assertThat(top.container(rnnParameters)).isNull();
        assertThat(edge(top, "parameters:rnn", "rnn")).get().extracting(Edge::shapes)
                .isEqualTo(List.of(shape(256, 32), shape(256), shape(256, 64), shape(256)));

        // inside the layer the recurrent weight and bias sit beside t0, the first step to read them, and feed
        // every step
        View steps = top.expand(node(g, "rnn/l0"));
        Node recurrent = steps.nodes().stream().filter(n -> n.path().equals("parameters:rnn/l0/t0")).findFirst()
                .orElseThrow();
        assertThat(recurrent.sources()).extracting(TraceGraph.Source::name)
                .containsExactly("rnn.weight_hh_l0", "rnn.bias_hh_l0");
        assertThat(steps.container(recurrent).path()).isEqualTo("rnn/l0");
        for (String t : List.of("t0", "t1", "t2", "t3")) {
            assertThat(edge(steps, "parameters:rnn/l0/t0", "rnn/l0/" + t)).as(t).isPresent();
        }
        // a parameter group's magnitudes are the largest of its values' and its gradients'
        Map<String, Tensor> params = TemplateTraces.of(LSTM).recording().parameters();
        assertThat(recurrent.maxAbs(Magnitude.GRADIENT)).isEqualTo(Math.max(
                TraceGraph.maxAbs(params.get("rnn.weight_hh_l0").grad()),
                TraceGraph.maxAbs(params.get("rnn.bias_hh_l0").grad())));
    }

    @Test
    void expandingTheRnnShowsItsLayerAndOwnOpsAndCollapsingBringsTheTopLevelBack() {
        TraceGraph g = graph(LSTM);
        View top = g.topLevel();
        Node rnn = node(g, "rnn");

        View open = top.toggle(rnn);
        assertThat(open.isExpanded(rnn)).isTrue();
        assertThat(open.isVisible(rnn)).isFalse();
        assertThat(open.containers()).containsExactly(rnn);
        assertThat(names(open, Kind.BLOCK)).containsExactly("encoder", "l0", "h_n", "c_n", "decoder", "loss");
        assertThat(open.nodes().stream().filter(n -> n.kind() == Kind.OP).map(Node::path))
                .containsExactly("rnn#74", "rnn#75", "rnn#76");
        assertThat(open.container(node(g, "rnn/l0"))).isSameAs(rnn);
        assertThat(open.container(node(g, "encoder"))).isNull();
        // the edges now end inside rnn
        assertThat(edge(open, "encoder", "rnn/l0")).isPresent();
        assertThat(edge(open, "rnn/l0", "decoder")).get().extracting(Edge::shapes)
                .isEqualTo(List.of(shape(1, 4, 64)));

        View closed = open.toggle(rnn);
        assertThat(closed.nodes()).extracting(Node::path)
                .containsExactlyElementsOf(top.nodes().stream().map(Node::path).toList());
        assertThat(closed.edges()).extracting(e -> e.from().path() + " -> " + e.to().path())
                .containsExactlyElementsOf(top.edges().stream().map(e -> e.from().path() + " -> " + e.to().path())
                        .toList());
    }

    @Test
    void consecutiveTimeStepsPassTheHiddenAndTheCellStateForward() {
        TraceGraph g = graph(LSTM);
        View steps = g.topLevel().expand(node(g, "rnn/l0"));

        assertThat(steps.containers()).extracting(Node::path).containsExactly("rnn", "rnn/l0");
        assertThat(names(steps, Kind.BLOCK)).containsSubsequence("input_projection", "t0", "t1", "t2",
                "t3", "output");
        for (int t = 0; t < 3; t++) {
            assertThat(edge(steps, "rnn/l0/t" + t, "rnn/l0/t" + (t + 1))).as("t%d -> t%d", t, t + 1).get()
                    .extracting(Edge::shapes).isEqualTo(List.of(shape(1, 64), shape(1, 64)));
            assertThat(edge(steps, "rnn/l0/t" + (t + 1), "rnn/l0/t" + t)).isEmpty();
        }
        assertThat(node(g, "rnn/l0/t1").opCount()).isEqualTo(17);
    }

    @Test
    void collapsingABlockRemembersWhatWasOpenInsideIt() {
        TraceGraph g = graph(LSTM);
        Node rnn = node(g, "rnn");
        Node l0 = node(g, "rnn/l0");
        View deep = g.topLevel().expand(l0);   // opens rnn too, so that l0 shows

        View closed = deep.collapse(rnn);
        assertThat(closed.isVisible(rnn)).isTrue();
        assertThat(closed.isExpanded(l0)).isFalse();
        assertThat(closed.expandedPaths()).contains("rnn/l0");

        View reopened = closed.expand(rnn);
        assertThat(reopened.isExpanded(l0)).isTrue();
        assertThat(reopened.isVisible(node(g, "rnn/l0/t2"))).isTrue();
    }

    @Test
    void onlyBlocksOpen() {
        TraceGraph g = graph(LSTM);
        View top = g.topLevel();
        Node op = node(g, "rnn#76");
        assertThatThrownBy(() -> top.expand(op)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rnn#76");
        assertThatThrownBy(() -> top.expand(g.root())).isInstanceOf(IllegalArgumentException.class);
        assertThat(op.isExpandable()).isFalse();
        assertThat(g.view(Set.of("rnn#76", "no/such/block")).containers()).isEmpty();
    }

    @Test
    void revealOpensEveryBlockAroundANode() {
        TraceGraph g = graph(LSTM);
        Node sigmoid = node(g, "rnn/l0/t3/forget_gate").children().get(1);
        View v = g.topLevel().reveal(sigmoid);
        assertThat(v.isVisible(sigmoid)).isTrue();
        assertThat(v.containers()).extracting(Node::path)
                .containsExactly("rnn", "rnn/l0", "rnn/l0/t3", "rnn/l0/t3/forget_gate");
    }

    @ParameterizedTest
    @ValueSource(strings = {LSTM, TRANSFORMER})
    void atEveryLevelTheBoxesShareOutTheForwardOpsAndTheEdgesFollowTheData(String template) {
        TraceGraph g = graph(template);
        Trace trace = g.trace();
        Map<Long, TraceEvent> producer = new HashMap<>();
        trace.phase(Phase.FORWARD).forEach(e -> producer.put(e.outputId(), e));
        for (View v : levels(g)) {
            int[] owners = new int[trace.size()];
            for (Node n : v.nodes()) {
                for (int i : n.forwardEvents()) {
                    owners[i]++;
                }
                assertThat(n.kind() == Kind.BLOCK || n.kind() == Kind.OP || n.opCount() == 0).isTrue();
            }
            for (TraceEvent e : trace.phase(Phase.FORWARD)) {
                assertThat(owners[e.index()]).as("boxes holding %s in %s", e, v.expandedPaths()).isEqualTo(1);
            }
            Set<List<Node>> pairs = new HashSet<>();
            for (Edge edge : v.edges()) {
                assertThat(edge.from()).isNotSameAs(edge.to());
                assertThat(v.isVisible(edge.from()) && v.isVisible(edge.to())).isTrue();
                assertThat(pairs.add(List.of(edge.from(), edge.to()))).as("one edge per pair: %s", edge).isTrue();
                for (TraceGraph.Carried c : edge.tensors()) {
                    TraceEvent made = producer.get(c.tensorId());
                    if (made != null) {
                        assertThat(edge.from().contains(made.index())).isTrue();
                        assertThat(c.shape()).isEqualTo(made.outputShape());
                    }
                    assertThat(IntStream.of(edge.to().forwardEvents())
                            .anyMatch(i -> trace.get(i).inputIds().contains(c.tensorId())))
                            .as("%s reads tensor %d", edge.to(), c.tensorId()).isTrue();
                }
            }
        }
    }

    /** The top level, each depth fully open, and a few random mixtures. */
    private static List<View> levels(TraceGraph g) {
        List<View> views = new ArrayList<>();
        for (int d = 0; d <= 6; d++) {
            views.add(g.expandedTo(d));
        }
        List<String> blocks = new ArrayList<>();
        forEachNode(g.root(), n -> {
            if (n.isExpandable()) {
                blocks.add(n.path());
            }
        });
        Random random = new Random(7);
        for (int k = 0; k < 10; k++) {
            Set<String> open = new LinkedHashSet<>();
            for (String b : blocks) {
                if (random.nextInt(3) == 0) {
                    open.add(b);
                }
            }
            views.add(g.view(open));
        }
        return views;
    }

    // ---- the cursor -----------------------------------------------------------------------------------------

    @Test
    void theCursorsBoxIsTheVisibleBlockAroundItsEventInBothPasses() {
        TraceGraph g = graph(LSTM);
        Trace trace = g.trace();
        TraceEvent forget = trace.matching("rnn/l0/t3/forget_gate").stream().filter(e -> e.op().equals("sigmoid"))
                .filter(e -> e.phase() == Phase.FORWARD).findFirst().orElseThrow();
        TraceEvent forgetBackward = trace.phase(Phase.BACKWARD).stream()
                .filter(e -> e.outputId() == forget.outputId()).findFirst().orElseThrow();

        for (TraceEvent e : List.of(forget, forgetBackward)) {
            View top = g.topLevel();
            assertThat(top.nodeContaining(e.index())).get().extracting(Node::path).isEqualTo("rnn");
            View layer = top.expand(node(g, "rnn/l0"));
            assertThat(layer.nodeContaining(e.index())).get().extracting(Node::path).isEqualTo("rnn/l0/t3");
            View step = layer.expand(node(g, "rnn/l0/t3"));
            assertThat(step.nodeContaining(e.index())).get().extracting(Node::path)
                    .isEqualTo("rnn/l0/t3/forget_gate");
            View op = step.expand(node(g, "rnn/l0/t3/forget_gate"));
            assertThat(op.nodeContaining(e.index())).get().extracting(Node::name).isEqualTo("sigmoid");
        }
        // moving the cursor moves the box: the decoder's first op is in the decoder
        int decoderOp = node(g, "decoder").firstEvent();
        assertThat(g.topLevel().nodeContaining(decoderOp)).get().extracting(Node::path).isEqualTo("decoder");
        assertThat(g.topLevel().nodeContaining(trace.backwardStart())).get().extracting(Node::path)
                .isEqualTo("loss");
    }

    @ParameterizedTest
    @ValueSource(strings = {LSTM, TRANSFORMER})
    void everyEventIsInExactlyOneBoxAtEveryLevel(String template) {
        TraceGraph g = graph(template);
        for (View v : levels(g)) {
            for (int i = 0; i < g.trace().size(); i++) {
                int index = i;
                Optional<Node> box = v.nodeContaining(i);
                assertThat(box).as("box of event %d", i).isPresent();
                assertThat(box.get().contains(i)).isTrue();
                assertThat(v.nodes().stream().filter(n -> n.contains(index))).containsExactly(box.get());
            }
        }
    }

    // ---- magnitudes -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {LSTM, TRANSFORMER})
    void aNodesMagnitudesAreTheLargestOverItsEvents(String template) {
        TraceGraph g = graph(template);
        Trace trace = g.trace();
        double[] byEvent = new double[trace.size()];
        for (TraceEvent e : trace.events()) {
            byEvent[e.index()] = Arrays.stream(e.value().toDoubleArray()).filter(Double::isFinite).map(Math::abs)
                    .max().orElse(Double.NaN);
        }
        for (View v : List.of(g.topLevel(), g.expandedTo(2), g.expandedTo(6))) {
            for (Node n : v.nodes()) {
                if (n.kind() != Kind.BLOCK && n.kind() != Kind.OP) {
                    continue;
                }
                // boxed: NaN (no backward reached it) equals NaN
                assertThat(Double.valueOf(n.maxAbs(Magnitude.VALUE))).as("|value| of %s", n)
                        .isEqualTo(max(byEvent, n.forwardEvents()));
                assertThat(Double.valueOf(n.maxAbs(Magnitude.GRADIENT))).as("|gradient| of %s", n)
                        .isEqualTo(max(byEvent, n.backwardEvents()));
            }
        }
        // dL/dL = 1 flows into the loss
        assertThat(node(g, "loss").maxAbs(Magnitude.GRADIENT)).isEqualTo(1.0);
    }

    @Test
    void theLastTimeStepGetsNoGradientBecauseItsTargetIsIgnored() {
        // a language model predicts the next token: the last position has no target (ignore index)
        TraceGraph g = graph(LSTM);
        assertThat(node(g, "rnn/l0/t3").maxAbs(Magnitude.GRADIENT)).isZero();
        assertThat(node(g, "rnn/l0/t2").maxAbs(Magnitude.GRADIENT)).isPositive();
        // the final state feeds nothing that reaches the loss: backward never visits it
        assertThat(node(g, "rnn/h_n").backwardEvents()).isEmpty();
        assertThat(node(g, "rnn/h_n").maxAbs(Magnitude.GRADIENT)).isNaN();
    }

    @Test
    void maskedAttentionScoresDoNotMakeTheDecoderInfinitelyLarge() {
        TraceGraph g = graph(TRANSFORMER);
        Node masked = node(g, "transformer/decoder/layers/0/self_attn/attn/masked");
        assertThat(Arrays.stream(g.trace().get(masked.firstEvent()).value().toDoubleArray())
                .anyMatch(x -> x == Double.NEGATIVE_INFINITY)).as("the causal mask writes -inf").isTrue();
        assertThat(masked.maxAbs(Magnitude.VALUE)).isFinite().isPositive();
        assertThat(node(g, "transformer").maxAbs(Magnitude.VALUE)).isFinite();
    }

    private static Double max(double[] byEvent, int[] events) {
        return Arrays.stream(events).mapToDouble(i -> byEvent[i]).filter(x -> !Double.isNaN(x)).max()
                .orElse(Double.NaN);
    }

    // ---- the Transformer ------------------------------------------------------------------------------------

    @Test
    void transformerTopLevelShowsEmbeddingsPositionsTheStackTheGeneratorAndTheLoss() {
        View top = graph(TRANSFORMER).topLevel();
        assertThat(names(top, Kind.BLOCK)).containsExactly("src_embed", "tgt_embed", "src_positions",
                "tgt_positions", "transformer", "generator", "loss");
        assertThat(edge(top, "src_positions", "transformer")).isPresent();
        assertThat(edge(top, "tgt_positions", "transformer")).isPresent();
        assertThat(edge(top, "transformer", "generator")).get().extracting(Edge::shapes)
                .isEqualTo(List.of(shape(1, 4, 32)));
    }

    @Test
    void theDecoderReadsTheEncodersOutputThroughCrossAttention() {
        TraceGraph g = graph(TRANSFORMER);
        View stack = g.topLevel().expand(node(g, "transformer"));
        assertThat(names(stack, Kind.BLOCK)).contains("encoder", "decoder");
        assertThat(edge(stack, "transformer/encoder", "transformer/decoder")).get().extracting(Edge::shapes)
                .isEqualTo(List.of(shape(1, 4, 32)));

        View layer = stack.expand(node(g, "transformer/decoder/layers/1"));
        assertThat(layer.containers()).extracting(Node::path).containsExactly("transformer", "transformer/decoder",
                "transformer/decoder/layers", "transformer/decoder/layers/1");
        // the encoder's memory reaches layer 1's cross-attention (multihead_attn), not its self-attention
        assertThat(edge(layer, "transformer/encoder", "transformer/decoder/layers/1/multihead_attn")).isPresent();
        assertThat(edge(layer, "transformer/encoder", "transformer/decoder/layers/1/self_attn")).isEmpty();
        assertThat(edge(layer, "transformer/decoder/layers/0", "transformer/decoder/layers/1/self_attn"))
                .isPresent();
    }

    private static void forEachNode(Node n, java.util.function.Consumer<Node> action) {
        action.accept(n);
        for (Node c : n.children()) {
            forEachNode(c, action);
        }
    }
}
