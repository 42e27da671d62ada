package org.seqlab.ui.panels.gradflow;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.autograd.DType;
import org.seqlab.debug.DebugSession;
import org.seqlab.io.checkpoint.TextInputs;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.templates.Templates;

/** Real recordings for the gradient-flow tests, made as the model bar makes them. */
final class Recordings {

    /** 40 characters: long enough for a tanh RNN's gradient to vanish. */
    static final String LONG_TEXT = "the quick brown fox jumps over a lazy do";

    private Recordings() {
    }

    static DebugSession record(String template, String text) {
        ModelGraph graph = Templates.get(template).graph();
        TextInputs.Encoded encoded = TextInputs.encode(graph, null, text, null);
        GraphModel model = GraphModel.compile(graph, BlockKinds.standard(), DType.FLOAT64, 0);
        return DebugSession.record(model, encoded.inputs());
    }

    /** One token per character. */
    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        text.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        return out;
    }
}
