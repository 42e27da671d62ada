package org.seqlab.model.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a graph and infers the type of every port. The first problem found is reported with both
 * sides and the fix: an unknown kind, an edge to a missing block or port, a port connected twice or not
 * at all, a cycle, or an edge whose two ends disagree (kind or size).
 */
public final class ShapeInference {

    /**
     * A checked graph.
     *
     * @param order block ids in an order where every block comes after the blocks it reads
     * @param portTypes the type of every output port ({@code BLOCK.PORT}) and input ({@code input:NAME})
     * @param wiring for each block, its input port -> the source end it reads
     */
    public record Result(List<String> order, Map<String, PortType> portTypes, Map<String, Map<String, String>> wiring) {
    }

    private ShapeInference() {
    }

    public static Result infer(ModelGraph g, KindLookup kinds) {
        Map<String, BlockSpec> blocks = new LinkedHashMap<>();
        for (BlockSpec b : g.blocks()) {
            if (b.id().isBlank() || b.id().startsWith(".") || b.id().endsWith(".") || b.id().contains("..")) {
                throw new GraphException("Block id '" + b.id() + "' is not valid: use letters, digits and _ with "
                        + "dots only between parts (e.g. transformer.wte).");
            }
            if (blocks.put(b.id(), b) != null) {
                throw new GraphException("Two blocks share the id '" + b.id() + "': give each block its own id.");
            }
            if (kinds.find(b.kind()).isEmpty()) {
                throw new GraphException("Block '" + b.id() + "' has unknown kind '" + b.kind() + "'. Known kinds: "
                        + new java.util.TreeSet<>(kinds.names()) + ".");
            }
            b.config().allowOnly(kinds.find(b.kind()).get().settings());
        }
        Map<String, PortType> types = new HashMap<>();
        for (InputSpec in : g.inputs()) {
            if (types.put("input:" + in.name(), in.type()) != null) {
                throw new GraphException("Two graph inputs are named '" + in.name() + "': rename one.");
            }
        }

        // Wiring: each block input port reads exactly one source.
        Map<String, Map<String, String>> wiring = new LinkedHashMap<>();
        for (String id : blocks.keySet()) {
            wiring.put(id, new LinkedHashMap<>());
        }
        for (EdgeSpec e : g.edges()) {
            String toBlock = EdgeSpec.blockOf(e.to());
            if (!blocks.containsKey(toBlock)) {
                throw new GraphException("Edge " + e + ": there is no block '" + toBlock + "'. Blocks: "
                        + blocks.keySet() + ".");
            }
            if (e.fromInput()) {
                if (g.input(e.inputName()).isEmpty()) {
                    throw new GraphException("Edge " + e + ": there is no graph input '" + e.inputName()
                            + "'. Inputs: " + g.inputs().stream().map(InputSpec::name).toList() + ".");
                }
            } else if (!blocks.containsKey(EdgeSpec.blockOf(e.from()))) {
                throw new GraphException("Edge " + e + ": there is no block '" + EdgeSpec.blockOf(e.from())
                        + "'. Blocks: " + blocks.keySet() + ".");
            }
            String port = EdgeSpec.portOf(e.to());
            String previous = wiring.get(toBlock).put(port, e.from());
            if (previous != null) {
                throw new GraphException("Port " + e.to() + " is connected twice (from " + previous + " and from "
                        + e.from() + "): a port reads one source; remove one of the edges.");
            }
        }

        List<String> order = topologicalOrder(blocks.keySet(), wiring);
        for (String id : order) {
            BlockSpec b = blocks.get(id);
            BlockKind kind = kinds.find(b.kind()).get();
            Map<String, String> in = wiring.get(id);
            Map<String, PortType> arriving = new LinkedHashMap<>();
            Set<String> declared = new HashSet<>();
            for (PortSpec p : kind.inputs(b.config())) {
                declared.add(p.name());
                String source = in.get(p.name());
                if (source == null) {
                    if (p.optional()) {
                        continue;
                    }
                    throw new GraphException("Block '" + id + "' (" + b.kind() + "): input port '" + p.name()
                            + "' is not connected; it expects " + p.expected() + ". Add an edge to " + id + "."
                            + p.name() + ".");
                }
                PortType t = types.get(source);
                if (t == null) {
                    throw new GraphException("Edge " + source + " -> " + id + "." + p.name() + ": block '"
                            + EdgeSpec.blockOf(source) + "' has no output port '" + EdgeSpec.portOf(source) + "'.");
                }
                check(source, id + "." + p.name(), t, p, b);
                arriving.put(p.name(), t);
            }
            for (String port : in.keySet()) {
                if (!declared.contains(port)) {
                    throw new GraphException("Edge " + in.get(port) + " -> " + id + "." + port + ": block '" + id
                            + "' (" + b.kind() + ") has no input port '" + port + "'. Its inputs: "
                            + kind.inputs(b.config()).stream().map(PortSpec::name).toList() + ".");
                }
            }
            Map<String, PortType> outs = kind.outputs(b.config(), arriving);
            for (Map.Entry<String, PortType> o : outs.entrySet()) {
                types.put(id + "." + o.getKey(), o.getValue());
            }
        }
        for (Map.Entry<String, String> o : g.outputs().entrySet()) {
            if (!types.containsKey(o.getValue())) {
                throw new GraphException("Graph output '" + o.getKey() + "' reads " + o.getValue()
                        + ", which no block produces.");
            }
        }
        for (String l : g.losses()) {
            PortType t = types.get(l);
            if (t == null || t.kind() != PortKind.LOSS) {
                throw new GraphException("Loss " + l + " must be the loss output of a loss block; found "
                        + (t == null ? "nothing there" : t) + ".");
            }
        }
        return new Result(order, types, wiring);
    }

    private static void check(String from, String to, PortType t, PortSpec p, BlockSpec b) {
        if (t.kind() != p.kind()) {
            throw new GraphException("Edge " + from + " -> " + to + ": " + from + " gives " + t + " but " + to
                    + " expects " + p.expected() + ". Connect an output of the expected kind.");
        }
        if (p.dim() >= 0 && p.dim() != t.dim()) {
            String because = p.setting() == null ? "" : " (block '" + b.id() + "' setting " + p.setting() + " = "
                    + p.dim() + ")";
            throw new GraphException("Edge " + from + " -> " + to + ": " + from + " gives " + t + " but " + to
                    + " expects " + p.expected() + because + ". Make the sizes agree"
                    + (p.setting() == null ? "." : ": set " + p.setting() + " of '" + b.id() + "' to " + t.dim()
                    + ", or change the size of " + EdgeSpec.blockOf(from) + "."));
        }
    }

    private static List<String> topologicalOrder(Set<String> ids, Map<String, Map<String, String>> wiring) {
        Map<String, Integer> pending = new LinkedHashMap<>();
        Map<String, List<String>> readers = new HashMap<>();
        for (String id : ids) {
            int n = 0;
            for (String src : wiring.get(id).values()) {
                if (!src.startsWith("input:")) {
                    n++;
                    readers.computeIfAbsent(EdgeSpec.blockOf(src), k -> new ArrayList<>()).add(id);
                }
            }
            pending.put(id, n);
        }
        Deque<String> ready = new ArrayDeque<>();
        pending.forEach((id, n) -> {
            if (n == 0) {
                ready.add(id);
            }
        });
        List<String> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (String r : readers.getOrDefault(id, List.of())) {
                if (pending.merge(r, -1, Integer::sum) == 0) {
                    ready.add(r);
                }
            }
        }
        if (order.size() < ids.size()) {
            List<String> stuck = new ArrayList<>(ids);
            stuck.removeAll(order);
            throw new GraphException("The graph has a cycle through blocks " + stuck
                    + ": a block cannot read its own output. Remove an edge of the cycle.");
        }
        return order;
    }
}
