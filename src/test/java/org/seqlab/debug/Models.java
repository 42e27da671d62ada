package org.seqlab.debug;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.templates.Templates;

/** Real models from the templates, small inputs, and lookups in their traces: what the debug tests run on. */
final class Models {
    private Models() {
    }

    /** The template compiled in float64 from seed 1. */
    static GraphModel compile(String template) {
        return GraphModel.compile(Templates.get(template).graph(), BlockKinds.standard(), DType.FLOAT64, 1);
    }

    /** One sequence of token ids as the model's {@code tokens} input. */
    static Map<String, Flow> tokens(long... ids) {
        return Map.of("tokens", Flow.of(Tensor.indices(ids, 1, ids.length)));
    }

    /** {@code tokens} and explicit next-token {@code targets}. */
    static Map<String, Flow> tokensAndTargets(long[] ids, long[] targets) {
        return Map.of("tokens", Flow.of(Tensor.indices(ids, 1, ids.length)),
                "targets", Flow.of(Tensor.indices(targets, 1, targets.length)));
    }

    /** Ids 10, 11, … (lower-case letters in the default vocabulary). */
    static long[] ids(int length) {
        long[] ids = new long[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 10 + i % 26;
        }
        return ids;
    }

    /** A recording of char-lstm-lm on {@code length} tokens, with its default next-token targets. */
    static Recording lstm(int length) {
        return Recorder.record(compile("char-lstm-lm"), tokens(ids(length)), false);
    }

    /** The first event of that phase with exactly that label. */
    static TraceEvent first(Trace trace, Phase phase, String label) {
        return trace.events().stream().filter(e -> e.phase() == phase && e.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + phase + " event labelled " + label));
    }

    /** Every event of that phase with exactly that label, in order. */
    static List<TraceEvent> all(Trace trace, Phase phase, String label) {
        return trace.events().stream().filter(e -> e.phase() == phase && e.label().equals(label)).toList();
    }

    /** Loads the model's weights with one of them changed. */
    static void editWeight(GraphModel model, String name, UnaryOperator<double[]> edit) {
        Map<String, Tensor> state = new HashMap<>(model.stateDict());
        Tensor w = state.get(name);
        state.put(name, Tensor.of(w.dtype(), edit.apply(w.toDoubleArray()), w.shape().toArray()));
        model.loadStateDict(state);
    }

    /** {@code sqrt(sum x^2)}, computed here independently of the code under test. */
    static double l2(Tensor t) {
        double s = 0;
        for (double x : t.toDoubleArray()) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
