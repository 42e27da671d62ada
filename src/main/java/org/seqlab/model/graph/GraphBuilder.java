package org.seqlab.model.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a {@link ModelGraph} in code (templates, tests): inputs, blocks, edges, outputs, losses, ties. */
public final class GraphBuilder {
    private final String name;
    private String description = "";
    private final List<InputSpec> inputs = new ArrayList<>();
    private final List<BlockSpec> blocks = new ArrayList<>();
    private final List<EdgeSpec> edges = new ArrayList<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final List<String> losses = new ArrayList<>();
    private final List<TiedWeight> ties = new ArrayList<>();

    private GraphBuilder(String name) {
        this.name = name;
    }

    public static GraphBuilder named(String name) {
        return new GraphBuilder(name);
    }

    public GraphBuilder description(String text) {
        this.description = text;
        return this;
    }

    public GraphBuilder input(String inputName, PortType type) {
        inputs.add(new InputSpec(inputName, type, null));
        return this;
    }

    public GraphBuilder input(String inputName, PortType type, String defaultRule) {
        inputs.add(new InputSpec(inputName, type, defaultRule));
        return this;
    }

    /** A block; {@code config} alternates keys and values: {@code "vocab", 65, "dim", 64}. */
    public GraphBuilder block(String id, String kind, Object... config) {
        if (config.length % 2 != 0) {
            throw new IllegalArgumentException("config must alternate keys and values");
        }
        Map<String, Object> c = new LinkedHashMap<>();
        for (int i = 0; i < config.length; i += 2) {
            Object v = config[i + 1];
            c.put((String) config[i], v instanceof Integer n ? Long.valueOf(n) : v);
        }
        blocks.add(new BlockSpec(id, kind, new BlockConfig(id, kind, c)));
        return this;
    }

    public GraphBuilder edge(String from, String to) {
        edges.add(new EdgeSpec(from, to));
        return this;
    }

    public GraphBuilder output(String outputName, String port) {
        outputs.put(outputName, port);
        return this;
    }

    public GraphBuilder loss(String port) {
        losses.add(port);
        return this;
    }

    public GraphBuilder tie(String parameter, String sameAs) {
        ties.add(new TiedWeight(parameter, sameAs));
        return this;
    }

    public ModelGraph build() {
        return new ModelGraph(ModelGraph.VERSION, name, description, inputs, blocks, edges, outputs, losses, ties);
    }
}
