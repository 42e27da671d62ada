package org.seqlab.io.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.seqlab.AtomicFile;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.TensorStats;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.io.safetensors.Safetensors;

/**
 * Writes a recorded pass to a folder:
 * <ul>
 *   <li>{@code trace.json}: the model, the input, the loss, and every event (index, phase, op, label, input
 *       and output ids and shapes, statistics of its value and of the gradients it produced, the names and
 *       shapes of its saved intermediates, and the key of its value in the tensors file), then every
 *       parameter with its statistics and its gradient's;</li>
 *   <li>{@code tensors.safetensors}: every event's value under {@link #eventKey} ({@code 000012:encoder/lstm0/t3/forget_gate}
 *       — the forward output, or for a backward event the gradient flowing into the op), every parameter under
 *       its state_dict name, and every parameter's gradient under {@code grad/<name>}.</li>
 * </ul>
 * Both files are written atomically.
 */
public final class TraceExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TraceExport() {
    }

    /** The tensors-file key of an event's value: six-digit index, a colon, the label. */
    public static String eventKey(TraceEvent e) {
        return String.format(Locale.ROOT, "%06d:%s", e.index(), e.label());
    }

    /**
     * Writes {@code trace.json} and {@code tensors.safetensors} into {@code dir} (created if needed).
     *
     * @param info free-form facts for the top of trace.json (model name, input text, ids, dtype, ...)
     */
    public static void write(Path dir, Trace trace, Tensor loss, Map<String, Tensor> parameters,
                             Map<String, Object> info) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SeqLabException("Cannot create the output folder " + dir + ": " + e.getMessage() + ".", e);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "seqlab-trace");
        root.put("version", 1);
        info.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        if (loss != null) {
            root.put("loss", loss.item());
        }
        root.put("tensors_file", "tensors.safetensors");
        ArrayNode events = root.putArray("events");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (TraceEvent e : trace.events()) {
            ObjectNode n = events.addObject();
            n.put("index", e.index());
            n.put("phase", e.phase().name().toLowerCase(Locale.ROOT));
            n.put("op", e.op());
            n.put("label", e.label());
            ArrayNode ids = n.putArray("input_ids");
            e.inputIds().forEach(ids::add);
            ArrayNode shapes = n.putArray("input_shapes");
            e.inputShapes().forEach(s -> shapes.add(shape(s)));
            n.put("output_id", e.outputId());
            n.set("output_shape", shape(e.outputShape()));
            n.put("value_key", eventKey(e));
            n.set("value", stats(e.value()));
            if (!e.gradients().isEmpty()) {
                ArrayNode g = n.putArray("gradients");
                e.gradients().forEach(t -> {
                    if (t == null) {
                        g.addNull();
                    } else {
                        g.add(stats(t));
                    }
                });
            }
            if (!e.saved().isEmpty()) {
                ObjectNode saved = n.putObject("saved");
                e.saved().forEach((k, t) -> saved.set(k, shape(t.shape())));
            }
            tensors.put(eventKey(e), e.value());
        }
        ArrayNode params = root.putArray("parameters");
        parameters.forEach((name, t) -> {
            ObjectNode n = params.addObject();
            n.put("name", name);
            n.set("shape", shape(t.shape()));
            n.set("value", stats(t));
            Tensor g = t.grad();
            if (g != null) {
                n.set("grad", stats(g));
                tensors.put("grad/" + name, g);
            }
            tensors.putIfAbsent(name, t);
        });
        writeAtomically(dir.resolve("trace.json"), root);
        Safetensors.write(dir.resolve("tensors.safetensors"), tensors, Map.of("format", "seqlab-trace"));
    }

    private static ArrayNode shape(Shape s) {
        ArrayNode a = JSON.createArrayNode();
        for (long d : s.toArray()) {
            a.add(d);
        }
        return a;
    }

    private static ObjectNode stats(Tensor t) {
        TensorStats s = TensorStats.of(t);
        ObjectNode n = JSON.createObjectNode();
        n.set("shape", shape(t.shape()));
        number(n, "min", s.min());
        number(n, "max", s.max());
        number(n, "mean", s.mean());
        number(n, "std", s.std());
        number(n, "norm", s.norm());
        n.put("non_finite", s.nonFinite());
        return n;
    }

    /** JSON has no NaN: non-finite statistics are written as null. */
    private static void number(ObjectNode n, String key, double v) {
        if (Double.isFinite(v)) {
            n.put(key, v);
        } else {
            n.putNull(key);
        }
    }

    private static void writeAtomically(Path file, ObjectNode root) {
        try {
            AtomicFile.writeString(file, JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new SeqLabException("Cannot write " + file + ": " + e.getMessage() + ".", e);
        }
    }
}
