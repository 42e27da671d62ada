package org.seqlab.model.compile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.model.graph.BlockKind;
import org.seqlab.model.graph.BlockModule;
import org.seqlab.model.graph.BlockSpec;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.GraphException;
import org.seqlab.model.graph.KindLookup;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.ShapeInference;
import org.seqlab.model.graph.TiedWeight;
import org.seqlab.nn.Module;

/**
 * A model graph compiled to a runnable module: one child per block under the block's id (dots nest, so
 * {@code transformer.wte} becomes {@code transformer.wte.weight} in the state dict), run in dependency
 * order, each block's ops labelled under its id.
 */
public final class GraphModel extends Module {

    /** Everything one forward produced: every port's flow, by {@code BLOCK.PORT}. */
    public record Run(Map<String, Flow> ports, Map<String, String> outputNames, List<String> losses) {
        /** A named graph output. */
        public Tensor output(String name) {
            String port = outputNames.get(name);
            if (port == null) {
                throw new GraphException("The model has no output '" + name + "'. Outputs: " + outputNames.keySet()
                        + ".");
            }
            return ports.get(port).value();
        }

        /** The sum of the graph's losses, or null when it declares none. */
        public Tensor loss() {
            Tensor total = null;
            for (String l : losses) {
                Tensor t = ports.get(l).value();
                total = total == null ? t : F.add(total, t);
            }
            return total;
        }
    }

    private final ModelGraph graph;
    private final ShapeInference.Result inferred;
    private final Map<String, BlockModule> blocks = new LinkedHashMap<>();

    private GraphModel(ModelGraph graph, ShapeInference.Result inferred, KindLookup kinds, DType dtype, long seed) {
        super(dtype);
        this.graph = graph;
        this.inferred = inferred;
        Map<String, Container> containers = new LinkedHashMap<>();
        for (BlockSpec b : graph.blocks()) {
            BlockKind kind = kinds.find(b.kind()).orElseThrow();
            Module m = kind.build(b.config(), dtype, new SplittableRandom(seed * 1_000_003L + b.id().hashCode()));
            if (!(m instanceof BlockModule bm)) {
                throw new IllegalStateException("block kind " + b.kind() + " built a module that is not a BlockModule");
            }
            blocks.put(b.id(), bm);
            String[] parts = b.id().split("\\.");
            if (parts.length == 1) {
                child(b.id(), m);
            } else {
                Container parent = null;
                StringBuilder path = new StringBuilder();
                for (int i = 0; i < parts.length - 1; i++) {
                    path.append(i == 0 ? "" : ".").append(parts[i]);
                    Container c = containers.get(path.toString());
                    if (c == null) {
                        c = new Container(dtype);
                        if (parent == null) {
                            child(parts[i], c);
                        } else {
                            parent.add(parts[i], c);
                        }
                        containers.put(path.toString(), c);
                    }
                    parent = c;
                }
                parent.add(parts[parts.length - 1], m);
            }
        }
        for (TiedWeight t : graph.ties()) {
            tie(t.parameter(), t.sameAs());
        }
    }

    /** Checks the graph (shape inference) and builds it, initialised reproducibly from {@code seed}. */
    public static GraphModel compile(ModelGraph graph, KindLookup kinds, DType dtype, long seed) {
        ShapeInference.Result r = ShapeInference.infer(graph, kinds);
        return new GraphModel(graph, r, kinds, dtype, seed);
    }

    public ModelGraph graph() {
        return graph;
    }

    public ShapeInference.Result inferred() {
        return inferred;
    }

    /**
     * Runs the graph. Every graph input without a default rule must be given; token inputs may carry a
     * padding mask (B,T) (1 real, 0 padding). Inputs left out that have a default rule are made from it.
     */
    public Run forward(Map<String, Flow> given) {
        Map<String, Flow> inputs = GraphInputs.complete(graph, given);
        Map<String, Flow> ports = new LinkedHashMap<>();
        inputs.forEach((k, v) -> ports.put("input:" + k, withModelMask(k, v)));
        // Labels start at the block ids (transformer/wte, encoder/lstm0/t3/...): the model itself adds none.
        for (String id : inferred.order()) {
            Map<String, Flow> in = new LinkedHashMap<>();
            inferred.wiring().get(id).forEach((port, source) -> in.put(port, ports.get(source)));
            Map<String, Flow> out;
            try (Scope b = Scope.push(id.replace('.', '/'))) {
                out = blocks.get(id).forward(in);
            }
            out.forEach((port, flow) -> ports.put(id + "." + port, flow));
        }
        return new Run(ports, graph.outputs(), graph.losses());
    }

    /** The padding mask in this model's dtype, checked to be (B,T) like its tokens. */
    private Flow withModelMask(String name, Flow f) {
        Tensor mask = f.mask();
        if (mask == null) {
            return f;
        }
        Tensor v = f.value();
        if (mask.rank() != 2 || v.rank() < 2 || mask.size(0) != v.size(0) || mask.size(1) != v.size(1)) {
            throw new GraphException("The padding mask of input '" + name + "' must be (B,T) = (" + v.size(0) + ","
                    + (v.rank() > 1 ? v.size(1) : 1) + "); found " + mask.shape() + ".");
        }
        return mask.dtype() == dtype() ? f : new Flow(v, mask.to(dtype()));
    }

    /** A grouping module for dotted block ids (no parameters of its own). */
    private static final class Container extends Module {
        Container(DType dtype) {
            super(dtype);
        }

        void add(String name, Module m) {
            child(name, m);
        }
    }
}
