package org.seqlab.debug;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphInputs;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.InputSpec;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.templates.Templates;

/**
 * Real recordings of the templates for tests: every token input without a default gets the ids
 * 5 6 7 8 (batch 1), the rest is completed as the model would; one recording per template per test run.
 */
public final class TemplateTraces {

    /** A recorded template, its inputs as the model ran on them, and its graph. */
    public record Recorded(GraphModel model, Map<String, Flow> inputs, Recording recording, TraceGraph graph) {
    }

    private static final Map<String, Recorded> CACHE = new ConcurrentHashMap<>();

    private TemplateTraces() {
    }

    public static Recorded of(String template) {
        return CACHE.computeIfAbsent(template, TemplateTraces::record);
    }

    private static Recorded record(String template) {
        GraphModel model = GraphModel.compile(Templates.get(template).graph(), BlockKinds.standard(), DType.FLOAT32, 1);
        Map<String, Flow> given = new LinkedHashMap<>();
        for (InputSpec i : model.graph().inputs()) {
            if (i.type().kind() == PortKind.TOKENS && i.defaultRule() == null) {
                given.put(i.name(), Flow.of(Tensor.indices(new long[] {5, 6, 7, 8}, 1, 4)));
            }
        }
        Map<String, Flow> inputs = GraphInputs.complete(model.graph(), given);
        Recording recording = Recorder.record(model, inputs, false);
        return new Recorded(model, inputs, recording, TraceGraph.of(recording, recording.inputs()));
    }
}
