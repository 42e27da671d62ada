package org.seqlab.debug;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.model.graph.Flow;

/**
 * A recorded pass as a graph of nested blocks, read from the trace's labels: the label
 * {@code encoder/l0/t3/forget_gate} puts its op inside {@code forget_gate}, inside {@code t3}, inside
 * {@code l0}, inside {@code encoder}. The leaves are the forward ops, one per event; an event whose
 * label is a block that also has sub-blocks (the {@code rnn} of {@code rnn/l0/...}) is an op leaf of
 * that block beside the sub-blocks. Every node knows its events, forward and backward, and the largest
 * |value| and |gradient| among them.
 *
 * <p>What is drawn is a {@link View}: the blocks the user expanded are open containers, the others are
 * boxes; data edges join the boxes (A → B when an op in B reads a tensor an op in A produced), with the
 * graph inputs and the parameters as source boxes. Views are immutable; expanding or collapsing a node
 * gives a new view.
 *
 * <p>Building reads every event's value once: do it off the FX thread.
 */
public final class TraceGraph {

    /** What a node stands for. */
    public enum Kind {
        /** A label prefix: a block, layer, time step or gate, holding sub-blocks and ops. */
        BLOCK,
        /** One forward op (one event); its backward events belong to it too. */
        OP,
        /** A graph input (tokens, targets, a mask). */
        INPUT,
        /** The parameters read by one box of a view. */
        PARAMETERS
    }

    /** Which magnitude tints a node. */
    public enum Magnitude {
        /** max |value| over the node's forward events. */
        VALUE,
        /** max |dL/d(output)| over the node's backward events. */
        GRADIENT
    }

    /**
     * A tensor that no op produced but ops read: a graph input or a parameter.
     *
     * @param tensorId the tensor's id, as the events' {@code inputIds} name it
     * @param name the input's name or the parameter's {@code state_dict} name
     * @param parameter true for a parameter, false for a graph input
     * @param shape its shape
     * @param maxAbsValue max |value| (NaN when unknown)
     * @param maxAbsGradient max |gradient| (NaN when unknown or none)
     */
    public record Source(long tensorId, String name, boolean parameter, Shape shape, double maxAbsValue,
            double maxAbsGradient) {
        public Source {
            Objects.requireNonNull(name);
            Objects.requireNonNull(shape);
        }

        /** A graph input, with its value's magnitude. */
        public static Source input(String name, Tensor value) {
            return new Source(value.id(), name, false, value.shape(), maxAbs(value), Double.NaN);
        }

        /** A parameter, with its value's and (when backward ran) its gradient's magnitude. */
        public static Source parameter(String name, Tensor value) {
            Tensor g = value.grad();
            return new Source(value.id(), name, true, value.shape(), maxAbs(value), g == null ? Double.NaN : maxAbs(g));
        }
    }

    /** One tensor carried by an edge. */
    public record Carried(long tensorId, Shape shape) {
    }

    /** A data edge of a view: {@code to} reads the {@code tensors} that {@code from} produced (or is). */
    public record Edge(Node from, Node to, List<Carried> tensors) {
        public Edge {
            tensors = List.copyOf(tensors);
        }

        /** The shapes of the carried tensors, in order, repeated shapes included. */
        public List<Shape> shapes() {
            return tensors.stream().map(Carried::shape).toList();
        }
    }

    /** A block, an op, a graph input or a group of parameters. */
    public static final class Node {
        private static final int[] NONE = new int[0];

        private final Kind kind;
        private final String path;
        private final String name;
        private final Node parent;
        private final int depth;
        private final List<Node> children = new ArrayList<>();
        private final List<Source> sources = new ArrayList<>();
        private int[] forward = NONE;
        private int[] backward = NONE;
        private double maxAbsValue = Double.NaN;
        private double maxAbsGradient = Double.NaN;

        private Node(Kind kind, String path, String name, Node parent, List<Source> sources) {
            this.kind = kind;
            this.path = path;
            this.name = name;
            this.parent = parent;
            this.depth = parent == null ? 0 : parent.depth + 1;
            this.sources.addAll(sources);
        }

        public Kind kind() {
            return kind;
        }

        /**
         * Its unique path: the label prefix for a block ({@code rnn/l0/t3}), the label and event index for
         * an op ({@code rnn/l0/t3/cell#17}), {@code input:NAME} for an input and {@code parameters:PATH}
         * (the box that reads them) for a parameter group.
         */
        public String path() {
            return path;
        }

        /** The last label segment of a block, an op's catalogue name, an input's name; empty for parameters. */
        public String name() {
            return name;
        }

        /** The block it sits in (the root for top-level nodes; null for the root itself). */
        public Node parent() {
            return parent;
        }

        /** 0 for the root, 1 for top-level nodes, and so on. */
        public int depth() {
            return depth;
        }

        /** Sub-blocks and ops in the order of their first event. */
        public List<Node> children() {
            return Collections.unmodifiableList(children);
        }

        /** A graph input's source, or a parameter group's parameters; empty for blocks and ops. */
        public List<Source> sources() {
            return Collections.unmodifiableList(sources);
        }

        /** The indices of its forward events, ascending. */
        public int[] forwardEvents() {
            return forward.clone();
        }

        /** The indices of its backward events (the backward of its ops), ascending. */
        public int[] backwardEvents() {
            return backward.clone();
        }

        /** How many forward ops it holds. */
        public int opCount() {
            return forward.length;
        }

        /** Its first forward event's index, or -1 when it has none (inputs, parameters). */
        public int firstEvent() {
            return forward.length == 0 ? -1 : forward[0];
        }

        /** Its last forward event's index, or -1 when it has none. */
        public int lastEvent() {
            return forward.length == 0 ? -1 : forward[forward.length - 1];
        }

        /** Its first backward event's index, or -1 when backward did not reach it. */
        public int firstBackwardEvent() {
            return backward.length == 0 ? -1 : backward[0];
        }

        /** Its last backward event's index, or -1. */
        public int lastBackwardEvent() {
            return backward.length == 0 ? -1 : backward[backward.length - 1];
        }

        /** Whether the event (forward or backward) is one of its own or its descendants'. */
        public boolean contains(int eventIndex) {
            return Arrays.binarySearch(forward, eventIndex) >= 0 || Arrays.binarySearch(backward, eventIndex) >= 0;
        }

        /** Only blocks open up: into their sub-blocks and ops. */
        public boolean isExpandable() {
            return kind == Kind.BLOCK && parent != null;
        }

        /**
         * The largest finite |value| or |gradient| over its events (for inputs and parameters: of the tensors
         * themselves); NaN when it has none (no backward, say).
         */
        public double maxAbs(Magnitude m) {
            return m == Magnitude.VALUE ? maxAbsValue : maxAbsGradient;
        }

        /** Whether {@code other} lies inside this node (a node is not its own ancestor). */
        public boolean isAncestorOf(Node other) {
            for (Node p = other.parent; p != null; p = p.parent) {
                if (p == this) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return kind + " " + path;
        }
    }

    private final Trace trace;
    private final Node root;
    private final Map<String, Node> byPath = new HashMap<>();
    /** For every event, forward or backward: its op leaf, or the deepest block of its label when no op matches. */
    private final Node[] home;
    /** Tensor id → the forward event that produced it. */
    private final Map<Long, Integer> producer = new HashMap<>();
    private final Map<Long, Source> sources = new LinkedHashMap<>();
    private final Map<Long, Node> inputNodes = new LinkedHashMap<>();

    private TraceGraph(Trace trace, List<Source> sourceList) {
        this.trace = trace;
        this.root = new Node(Kind.BLOCK, "", "", null, List.of());
        this.home = new Node[trace.size()];
        byPath.put("", root);
        List<TraceEvent> events = trace.events();
        for (TraceEvent e : events) {
            if (e.phase() != Phase.FORWARD) {
                continue;
            }
            Node block = block(e.label());
            Node op = new Node(Kind.OP, e.label() + "#" + e.index(), e.op(), block, List.of());
            op.forward = new int[] {e.index()};
            op.maxAbsValue = maxAbs(e.value());
            block.children.add(op);
            byPath.put(op.path, op);
            home[e.index()] = op;
            producer.put(e.outputId(), e.index());
        }
        Map<Node, List<Integer>> backwardOf = new HashMap<>();
        for (TraceEvent e : events) {
            if (e.phase() != Phase.BACKWARD) {
                continue;
            }
            Integer f = producer.get(e.outputId());
            Node op = f == null ? null : home[f];
            if (op != null && events.get(f).label().equals(e.label())) {
                home[e.index()] = op;
                backwardOf.computeIfAbsent(op, k -> new ArrayList<>()).add(e.index());
                op.maxAbsGradient = maxOf(op.maxAbsGradient, maxAbs(e.value()));
            } else {
                // no forward op made this output (cannot happen on a tape, but a trace may be hand-made)
                home[e.index()] = deepestBlock(e.label());
            }
        }
        backwardOf.forEach((op, list) -> op.backward = list.stream().mapToInt(Integer::intValue).toArray());
        aggregate(root);
        Map<Long, List<Source>> inputsById = new LinkedHashMap<>();
        for (Source s : sourceList) {
            if (producer.containsKey(s.tensorId())) {
                continue;   // an op made it: it is not a source of this pass
            }
            sources.putIfAbsent(s.tensorId(), s);
            if (!s.parameter()) {
                inputsById.computeIfAbsent(s.tensorId(), k -> new ArrayList<>()).add(s);
            }
        }
        // one box per tensor: an input given under two names (a copy task's src and targets) is one box
        inputsById.forEach((id, same) -> {
            String name = String.join(", ", same.stream().map(Source::name).toList());
            Node input = new Node(Kind.INPUT, "input:" + name, name, root, same);
            input.maxAbsValue = same.get(0).maxAbsValue();
            input.maxAbsGradient = same.get(0).maxAbsGradient();
            inputNodes.put(id, input);
            byPath.putIfAbsent(input.path, input);
        });
    }

    /**
     * The graph of a trace. Tensors that no forward op produced are drawn only when {@code sources} names
     * them (as graph inputs or parameters); others (constants, zero initial states) are left out.
     */
    public static TraceGraph of(Trace trace, List<Source> sources) {
        return new TraceGraph(Objects.requireNonNull(trace), List.copyOf(sources));
    }

    /**
     * The graph of a recording, its parameters named by their {@code state_dict} names and its inputs by
     * the names in {@code inputs} (a token input's padding mask as {@code NAME.mask}). Pass the inputs the
     * model really ran on, defaults included ({@code GraphInputs.complete}), or the inputs a model makes
     * for itself (a language model's targets) are not drawn.
     */
    public static TraceGraph of(Recording recording, Map<String, Flow> inputs) {
        List<Source> s = new ArrayList<>();
        inputs.forEach((name, flow) -> {
            s.add(Source.input(name, flow.value()));
            if (flow.mask() != null) {
                s.add(Source.input(name + ".mask", flow.mask()));
            }
        });
        recording.parameters().forEach((name, p) -> s.add(Source.parameter(name, p)));
        return of(recording.trace(), s);
    }

    public Trace trace() {
        return trace;
    }

    /** The invisible block that holds the top-level blocks. */
    public Node root() {
        return root;
    }

    /** The block, op or input with that {@linkplain Node#path() path}. */
    public Optional<Node> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The op an event (forward or backward) belongs to, or the deepest block of its label. */
    public Node homeOf(int eventIndex) {
        if (eventIndex < 0 || eventIndex >= home.length) {
            throw new IndexOutOfBoundsException("Event " + eventIndex + " is not in this trace: it has events 0.."
                    + (home.length - 1) + ".");
        }
        return home[eventIndex];
    }

    /** The sources that some op reads, in the order given. */
    public List<Source> sources() {
        return List.copyOf(sources.values());
    }

    /** The top level: every top-level block closed. */
    public View topLevel() {
        return new View(Set.of());
    }

    /** Every block down to {@code depth} open: 0 is the top level, 1 opens the top-level blocks, … */
    public View expandedTo(int depth) {
        Set<String> open = new LinkedHashSet<>();
        collectBlocks(root, depth, open);
        return new View(open);
    }

    /** The view with exactly these blocks open (paths of other nodes are ignored). */
    public View view(Set<String> expandedPaths) {
        return new View(expandedPaths);
    }

    private void collectBlocks(Node n, int depth, Set<String> out) {
        for (Node c : n.children) {
            if (c.kind == Kind.BLOCK && c.depth <= depth) {
                out.add(c.path);
                collectBlocks(c, depth, out);
            }
        }
    }

    /** The block of a label, made on first sight, nested by its {@code /} segments. */
    private Node block(String label) {
        if (label.isEmpty()) {
            return root;
        }
        Node b = byPath.get(label);
        if (b != null && b.kind == Kind.BLOCK) {
            return b;
        }
        int slash = label.lastIndexOf('/');
        Node parent = slash < 0 ? root : block(label.substring(0, slash));
        Node made = new Node(Kind.BLOCK, label, label.substring(slash + 1), parent, List.of());
        parent.children.add(made);
        byPath.put(label, made);
        return made;
    }

    private Node deepestBlock(String label) {
        for (String p = label; !p.isEmpty(); p = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "") {
            Node b = byPath.get(p);
            if (b != null && b.kind == Kind.BLOCK) {
                return b;
            }
        }
        return root;
    }

    /** Fills blocks' events and magnitudes from their children, bottom up. */
    private static void aggregate(Node n) {
        if (n.kind != Kind.BLOCK) {
            return;
        }
        List<int[]> fw = new ArrayList<>();
        List<int[]> bw = new ArrayList<>();
        for (Node c : n.children) {
            aggregate(c);
            fw.add(c.forward);
            bw.add(c.backward);
            n.maxAbsValue = maxOf(n.maxAbsValue, c.maxAbsValue);
            n.maxAbsGradient = maxOf(n.maxAbsGradient, c.maxAbsGradient);
        }
        n.forward = merge(fw);
        n.backward = merge(bw);
    }

    private static int[] merge(List<int[]> parts) {
        int[] all = parts.stream().flatMapToInt(Arrays::stream).toArray();
        Arrays.sort(all);
        return all;
    }

    /** The larger of two magnitudes, NaN standing for "none". */
    private static double maxOf(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.max(a, b);
    }

    /**
     * max |x| over a tensor's finite entries (a masked score's -infinity is no magnitude); NaN when it has
     * none.
     */
    static double maxAbs(Tensor t) {
        return t == null ? Double.NaN : t.maxAbsFinite();
    }

    /**
     * One way of looking at the graph: which blocks are open. Its {@link #nodes() boxes} are the closed
     * blocks and ops whose enclosing blocks are all open, plus the inputs and parameter groups they read;
     * its {@link #containers() containers} are the open blocks, drawn around their contents.
     */
    public final class View {
        private final Set<String> expanded;
        private final List<Node> containers = new ArrayList<>();
        private final List<Node> boxes = new ArrayList<>();
        private final List<Node> nodes = new ArrayList<>();
        private final Set<Node> visible = new LinkedHashSet<>();
        private final List<Edge> edges = new ArrayList<>();

        private View(Set<String> expandedPaths) {
            Set<String> open = new LinkedHashSet<>();
            for (String p : expandedPaths) {
                Node n = byPath.get(p);
                if (n != null && n.isExpandable()) {
                    open.add(p);
                }
            }
            this.expanded = Collections.unmodifiableSet(open);
            open(root);
            connect();
        }

        private void open(Node block) {
            for (Node c : block.children) {
                if (c.isExpandable() && expanded.contains(c.path)) {
                    containers.add(c);
                    open(c);
                } else {
                    boxes.add(c);
                }
            }
        }

        /** Data edges between boxes, and from inputs and parameter groups to the boxes that read them. */
        private void connect() {
            Node[] owner = new Node[home.length];
            for (Node b : boxes) {
                for (int i : b.forward) {
                    owner[i] = b;
                }
            }
            Map<Node, Node> groupOfReader = new LinkedHashMap<>();
            Map<Long, Node> groupOfParameter = new HashMap<>();
            Map<List<Node>, Map<Long, Carried>> carried = new LinkedHashMap<>();
            Set<Node> inputsUsed = new LinkedHashSet<>();
            for (TraceEvent e : trace.events()) {
                if (e.phase() != Phase.FORWARD) {
                    continue;
                }
                Node to = owner[e.index()];
                for (int k = 0; k < e.inputIds().size(); k++) {
                    long id = e.inputIds().get(k);
                    Node from;
                    if (producer.containsKey(id)) {
                        from = owner[producer.get(id)];
                    } else if (inputNodes.containsKey(id)) {
                        from = inputNodes.get(id);
                        inputsUsed.add(from);
                    } else if (sources.containsKey(id)) {
                        from = groupOfParameter.get(id);
                        if (from == null) {
                            from = join(groupOf(to, groupOfReader), sources.get(id));
                            groupOfParameter.put(id, from);
                        }
                    } else {
                        continue;   // a constant: a scale factor, a zero initial state
                    }
                    if (from != to) {
                        carried.computeIfAbsent(List.of(from, to), x -> new LinkedHashMap<>())
                                .putIfAbsent(id, new Carried(id, e.inputShapes().get(k)));
                    }
                }
            }
            nodes.addAll(inputsUsed);
            nodes.addAll(groupOfReader.values());
            nodes.addAll(boxes);
            visible.addAll(nodes);
            carried.forEach((pair, tensors) -> edges.add(new Edge(pair.get(0), pair.get(1),
                    new ArrayList<>(tensors.values()))));
        }

        /** The parameter group beside a box: the parameters it is the first to read. */
        private Node groupOf(Node reader, Map<Node, Node> groupOfReader) {
            return groupOfReader.computeIfAbsent(reader, r -> new Node(Kind.PARAMETERS, "parameters:" + r.path, "",
                    r.parent, List.of()));
        }

        private Node join(Node group, Source parameter) {
            group.sources.add(parameter);
            group.maxAbsValue = maxOf(group.maxAbsValue, parameter.maxAbsValue());
            group.maxAbsGradient = maxOf(group.maxAbsGradient, parameter.maxAbsGradient());
            return group;
        }

        public TraceGraph graph() {
            return TraceGraph.this;
        }

        /** What is drawn as a box: inputs, parameter groups, then closed blocks and ops in event order. */
        public List<Node> nodes() {
            return Collections.unmodifiableList(nodes);
        }

        /** The open blocks, each before the blocks inside it. */
        public List<Node> containers() {
            return Collections.unmodifiableList(containers);
        }

        /** Data edges between boxes, in the order of the first op that reads along them. */
        public List<Edge> edges() {
            return Collections.unmodifiableList(edges);
        }

        /** The paths of the open blocks (including open blocks inside closed ones, remembered for later). */
        public Set<String> expandedPaths() {
            return expanded;
        }

        /** Whether the node is drawn as a box in this view. */
        public boolean isVisible(Node n) {
            return visible.contains(n);
        }

        /** Whether the node is drawn as an open container in this view. */
        public boolean isExpanded(Node n) {
            return containers.contains(n);
        }

        /** The open block a node is drawn inside, or null at the top level. */
        public Node container(Node n) {
            Node p = n.parent;
            return p == null || p == root ? null : p;
        }

        /** The view with this block open (and the blocks around it, so that it shows). */
        public View expand(Node n) {
            requireExpandable(n);
            Set<String> open = new LinkedHashSet<>(expanded);
            for (Node a = n; a != null && a != root; a = a.parent) {
                open.add(a.path);
            }
            return new View(open);
        }

        /** The view with this block closed (what was open inside it stays remembered). */
        public View collapse(Node n) {
            requireExpandable(n);
            Set<String> open = new LinkedHashSet<>(expanded);
            open.remove(n.path);
            return new View(open);
        }

        /** Expands a closed block, collapses an open one. */
        public View toggle(Node n) {
            return isExpanded(n) ? collapse(n) : expand(n);
        }

        /** The view in which this node shows as a box: every block around it open, it closed. */
        public View reveal(Node n) {
            Set<String> open = new LinkedHashSet<>(expanded);
            open.remove(n.path);
            for (Node a = n.parent; a != null && a != root; a = a.parent) {
                open.add(a.path);
            }
            return new View(open);
        }

        /** The box that holds an event (forward or backward): where the debugger's cursor is. */
        public Optional<Node> nodeContaining(int eventIndex) {
            for (Node n = homeOf(eventIndex); n != null; n = n.parent) {
                if (visible.contains(n)) {
                    return Optional.of(n);
                }
            }
            return Optional.empty();
        }

        private void requireExpandable(Node n) {
            if (!n.isExpandable() || byPath.get(n.path) != n) {
                throw new IllegalArgumentException("Only a block of this graph opens and closes; " + n
                        + " is not one.");
            }
        }
    }
}
