package org.seqlab.model.spec;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.AtomicFile;
import org.seqlab.model.graph.BlockConfig;
import org.seqlab.model.graph.BlockSpec;
import org.seqlab.model.graph.EdgeSpec;
import org.seqlab.model.graph.InputSpec;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortType;
import org.seqlab.model.graph.TiedWeight;

/**
 * The model graph as versioned JSON. Reading checks the structure field by field; every error names the
 * file, the JSON path ({@code $.blocks[2].config}) and the fix. Unknown versions are refused.
 *
 * <pre>{@code
 * { "version": 1, "name": "char-lstm", "description": "...",
 *   "inputs":  [ {"name": "tokens", "kind": "tokens", "dim": 65},
 *                {"name": "targets", "kind": "tokens", "dim": 65, "default": "shift:tokens"} ],
 *   "blocks":  [ {"id": "embedding", "kind": "embedding", "config": {"vocab": 65, "dim": 64}}, ... ],
 *   "edges":   [ {"from": "input:tokens", "to": "embedding.ids"}, ... ],
 *   "outputs": {"logits": "head.out"},
 *   "losses":  ["loss.loss"],
 *   "ties":    [ {"parameter": "lm_head.weight", "same_as": "transformer.wte.weight"} ] }
 * }</pre>
 */
public final class GraphJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private GraphJson() {
    }

    // ---- reading --------------------------------------------------------------------------------

    public static ModelGraph read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SpecException("Cannot read the model file " + file + ": it does not exist. Check the path, or"
                    + " write one with 'seqlab templates NAME > model.json'.");
        } catch (IOException e) {
            throw new SpecException("Cannot read the model file " + file + ": " + e.getMessage() + ".", e);
        }
        return parse(text, file.toString());
    }

    /** Parses graph JSON; {@code source} names where it came from in messages. */
    public static ModelGraph parse(String text, String source) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonParseException e) {
            var loc = e.getLocation();
            throw new SpecException(source + " is not valid JSON (line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr() + "): " + e.getOriginalMessage() + ". Fix the JSON syntax there.");
        } catch (JsonProcessingException e) {
            throw new SpecException(source + " is not valid JSON: " + e.getOriginalMessage() + ".");
        }
        if (root == null || !root.isObject()) {
            throw new SpecException(source + ": $ must be a JSON object with \"version\", \"inputs\", \"blocks\" and"
                    + " \"edges\"; found " + kind(root) + ".");
        }
        Reader r = new Reader(source);
        JsonNode v = root.get("version");
        if (v == null) {
            throw new SpecException(source + ": $.version is missing. Add \"version\": " + ModelGraph.VERSION
                    + " (this SeqLab reads version " + ModelGraph.VERSION + ").");
        }
        if (!v.isIntegralNumber() || v.asInt() != ModelGraph.VERSION) {
            throw new SpecException(source + ": $.version is " + v + " but this SeqLab reads model graphs of version "
                    + ModelGraph.VERSION + ". Re-export the model with this version, or use the SeqLab that wrote it.");
        }
        r.allowOnly(root, "$", "version", "name", "description", "inputs", "blocks", "edges", "outputs", "losses",
                "ties");
        String name = r.optText(root, "$", "name", "model");
        String description = r.optText(root, "$", "description", "");

        List<InputSpec> inputs = new ArrayList<>();
        ArrayNode ins = r.array(root, "$", "inputs");
        for (int i = 0; i < ins.size(); i++) {
            String p = "$.inputs[" + i + "]";
            JsonNode n = r.object(ins.get(i), p);
            r.allowOnly(n, p, "name", "kind", "dim", "default");
            PortKind k = r.portKind(n, p);
            long dim = k == PortKind.LOSS ? 1 : r.positive(n, p, "dim");
            inputs.add(new InputSpec(r.text(n, p, "name"), new PortType(k, dim), r.optText(n, p, "default", null)));
        }

        List<BlockSpec> blocks = new ArrayList<>();
        ArrayNode bs = r.array(root, "$", "blocks");
        for (int i = 0; i < bs.size(); i++) {
            String p = "$.blocks[" + i + "]";
            JsonNode n = r.object(bs.get(i), p);
            r.allowOnly(n, p, "id", "kind", "config");
            String id = r.text(n, p, "id");
            String kind = r.text(n, p, "kind");
            Map<String, Object> config = new LinkedHashMap<>();
            JsonNode c = n.get("config");
            if (c != null) {
                r.object(c, p + ".config");
                Iterator<Map.Entry<String, JsonNode>> it = c.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    config.put(e.getKey(), r.scalar(e.getValue(), p + ".config." + e.getKey()));
                }
            }
            blocks.add(new BlockSpec(id, kind, new BlockConfig(id, kind, config)));
        }

        List<EdgeSpec> edges = new ArrayList<>();
        ArrayNode es = r.array(root, "$", "edges");
        for (int i = 0; i < es.size(); i++) {
            String p = "$.edges[" + i + "]";
            JsonNode n = r.object(es.get(i), p);
            r.allowOnly(n, p, "from", "to");
            String from = r.text(n, p, "from");
            String to = r.text(n, p, "to");
            if (!from.startsWith("input:") && !from.contains(".")) {
                throw new SpecException(source + ": " + p + ".from is \"" + from + "\"; write input:NAME or BLOCK.PORT.");
            }
            if (!to.contains(".")) {
                throw new SpecException(source + ": " + p + ".to is \"" + to + "\"; write BLOCK.PORT.");
            }
            edges.add(new EdgeSpec(from, to));
        }

        Map<String, String> outputs = new LinkedHashMap<>();
        JsonNode os = root.get("outputs");
        if (os != null) {
            r.object(os, "$.outputs");
            Iterator<Map.Entry<String, JsonNode>> it = os.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new SpecException(source + ": $.outputs." + e.getKey() + " must be a string BLOCK.PORT; found "
                            + kind(e.getValue()) + ".");
                }
                outputs.put(e.getKey(), e.getValue().asText());
            }
        }
        List<String> losses = new ArrayList<>();
        if (root.has("losses")) {
            ArrayNode ls = r.array(root, "$", "losses");
            for (int i = 0; i < ls.size(); i++) {
                if (!ls.get(i).isTextual()) {
                    throw new SpecException(source + ": $.losses[" + i + "] must be a string BLOCK.PORT; found "
                            + kind(ls.get(i)) + ".");
                }
                losses.add(ls.get(i).asText());
            }
        }
        List<TiedWeight> ties = new ArrayList<>();
        if (root.has("ties")) {
            ArrayNode ts = r.array(root, "$", "ties");
            for (int i = 0; i < ts.size(); i++) {
                String p = "$.ties[" + i + "]";
                JsonNode n = r.object(ts.get(i), p);
                r.allowOnly(n, p, "parameter", "same_as");
                ties.add(new TiedWeight(r.text(n, p, "parameter"), r.text(n, p, "same_as")));
            }
        }
        return new ModelGraph(ModelGraph.VERSION, name, description, inputs, blocks, edges, outputs, losses, ties);
    }

    // ---- writing --------------------------------------------------------------------------------

    /** The graph as pretty-printed JSON. */
    public static String toJson(ModelGraph g) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", g.version());
        root.put("name", g.name());
        root.put("description", g.description());
        ArrayNode ins = root.putArray("inputs");
        for (InputSpec i : g.inputs()) {
            ObjectNode n = ins.addObject();
            n.put("name", i.name());
            n.put("kind", i.type().kind().name().toLowerCase(java.util.Locale.ROOT));
            n.put("dim", i.type().dim());
            if (i.defaultRule() != null) {
                n.put("default", i.defaultRule());
            }
        }
        ArrayNode bs = root.putArray("blocks");
        for (BlockSpec b : g.blocks()) {
            ObjectNode n = bs.addObject();
            n.put("id", b.id());
            n.put("kind", b.kind());
            ObjectNode c = n.putObject("config");
            b.config().values().forEach((k, v) -> c.set(k, MAPPER.valueToTree(v)));
        }
        ArrayNode es = root.putArray("edges");
        for (EdgeSpec e : g.edges()) {
            ObjectNode n = es.addObject();
            n.put("from", e.from());
            n.put("to", e.to());
        }
        ObjectNode os = root.putObject("outputs");
        g.outputs().forEach(os::put);
        ArrayNode ls = root.putArray("losses");
        g.losses().forEach(ls::add);
        if (!g.ties().isEmpty()) {
            ArrayNode ts = root.putArray("ties");
            for (TiedWeight t : g.ties()) {
                ObjectNode n = ts.addObject();
                n.put("parameter", t.parameter());
                n.put("same_as", t.sameAs());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing graph JSON", e);
        }
    }

    /** Writes the graph atomically: a temporary file in the same folder, then a rename. */
    public static void write(Path file, ModelGraph g) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFile.writeString(file, toJson(g));
        } catch (IOException e) {
            throw new SpecException("Cannot write the model file " + file + ": " + e.getMessage() + ".", e);
        }
    }

    // ---- field readers with JSON paths ----------------------------------------------------------

    private static String kind(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "an object";
        }
        if (n.isArray()) {
            return "an array";
        }
        return n.isTextual() ? "the string \"" + n.asText() + "\"" : n.toString();
    }

    /** Field readers that report the file and the JSON path. */
    private record Reader(String source) {
        JsonNode object(JsonNode n, String path) {
            if (n == null || !n.isObject()) {
                throw new SpecException(source + ": " + path + " must be an object; found " + kind(n) + ".");
            }
            return n;
        }

        ArrayNode array(JsonNode parent, String path, String field) {
            JsonNode n = parent.get(field);
            if (n == null || !n.isArray()) {
                throw new SpecException(source + ": " + path + "." + field + " must be an array"
                        + (n == null ? " and is missing. Add \"" + field + "\": []." : "; found " + kind(n) + "."));
            }
            return (ArrayNode) n;
        }

        String text(JsonNode parent, String path, String field) {
            JsonNode n = parent.get(field);
            if (n == null || !n.isTextual() || n.asText().isBlank()) {
                throw new SpecException(source + ": " + path + "." + field + " must be a non-empty string; found "
                        + (n == null ? "nothing (add it)" : kind(n)) + ".");
            }
            return n.asText();
        }

        String optText(JsonNode parent, String path, String field, String fallback) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isTextual()) {
                throw new SpecException(source + ": " + path + "." + field + " must be a string; found " + kind(n) + ".");
            }
            return n.asText();
        }

        long positive(JsonNode parent, String path, String field) {
            JsonNode n = parent.get(field);
            if (n == null || !n.isIntegralNumber() || n.asLong() <= 0) {
                throw new SpecException(source + ": " + path + "." + field + " must be a whole number > 0; found "
                        + (n == null ? "nothing (add it)" : kind(n)) + ".");
            }
            return n.asLong();
        }

        PortKind portKind(JsonNode n, String path) {
            String k = text(n, path, "kind");
            for (PortKind pk : PortKind.values()) {
                if (pk.name().equalsIgnoreCase(k)) {
                    return pk;
                }
            }
            List<String> names = new ArrayList<>();
            for (PortKind pk : PortKind.values()) {
                names.add(pk.name().toLowerCase(java.util.Locale.ROOT));
            }
            throw new SpecException(source + ": " + path + ".kind is \"" + k + "\"; expected one of " + names + ".");
        }

        Object scalar(JsonNode n, String path) {
            if (n.isIntegralNumber()) {
                return n.asLong();
            }
            if (n.isNumber()) {
                return n.asDouble();
            }
            if (n.isTextual()) {
                return n.asText();
            }
            if (n.isBoolean()) {
                return n.asBoolean();
            }
            throw new SpecException(source + ": " + path + " must be a number, a string or true/false; found "
                    + kind(n) + ".");
        }

        void allowOnly(JsonNode n, String path, String... fields) {
            List<String> known = List.of(fields);
            Iterator<String> it = n.fieldNames();
            while (it.hasNext()) {
                String f = it.next();
                if (!known.contains(f)) {
                    throw new SpecException(source + ": " + path + " has an unknown field \"" + f + "\". Known fields: "
                            + known + ".");
                }
            }
        }
    }
}
