package org.seqlab.ui.panels;

import java.util.List;
import java.util.Map;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.DebugSession;
import org.seqlab.io.checkpoint.TextInputs;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.templates.Templates;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;

/** A {@link PanelContext} made of plain properties, and real recordings to put in it, as the window would. */
public final class PanelFixture {

    public final I18n i18n = new I18n(Language.ENGLISH);
    public final SimpleObjectProperty<DebugSession> session = new SimpleObjectProperty<>();
    public final SimpleIntegerProperty revision = new SimpleIntegerProperty();
    public final SimpleObjectProperty<Cursor> cursor = new SimpleObjectProperty<>();
    public final SimpleObjectProperty<List<String>> tokens = new SimpleObjectProperty<>(List.of());
    public final SimpleObjectProperty<String> modelName = new SimpleObjectProperty<>("");
    public final PanelContext context;

    public PanelFixture(TaskExecutor executor) {
        context = new PanelContext(i18n, executor, session, revision, cursor, tokens, modelName);
    }

    /** Records {@code template} on {@code text} (float64, seed 0) and publishes it as the model bar does. */
    public DebugSession record(String template, String text) {
        ModelGraph graph = Templates.get(template).graph();
        TextInputs.Encoded encoded = TextInputs.encode(graph, null, text, null);
        GraphModel model = GraphModel.compile(graph, BlockKinds.standard(), DType.FLOAT64, 0);
        DebugSession s = DebugSession.record(model, encoded.inputs());
        publish(template, s, text.codePoints().mapToObj(Character::toString).map(c -> c.equals(" ") ? "␣" : c)
                .toList());
        return s;
    }

    /** Records {@code template} on token ids (for word-level models), tokens shown as the ids. */
    public DebugSession recordIds(String template, long... ids) {
        GraphModel model = GraphModel.compile(Templates.get(template).graph(), BlockKinds.standard(), DType.FLOAT32, 0);
        DebugSession s = DebugSession.record(model, Map.of(model.graph().inputs().get(0).name(),
                Flow.of(org.seqlab.autograd.Tensor.indices(ids, 1, ids.length))));
        publish(template, s, java.util.Arrays.stream(ids).mapToObj(Long::toString).toList());
        return s;
    }

    private void publish(String template, DebugSession s, List<String> toks) {
        modelName.set(template);
        tokens.set(toks);
        cursor.set(s.cursor());
        session.set(s);
        revision.set(revision.get() + 1);
    }

    /** Moves the cursor to the first event of {@code phase} labelled exactly {@code label}. */
    public TraceEvent seek(Phase phase, String label) {
        DebugSession s = session.get();
        TraceEvent e = s.recording().trace().events().stream()
                .filter(ev -> ev.phase() == phase && ev.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + phase + " event labelled " + label));
        s.seek(e.index());
        cursor.set(s.cursor());
        return e;
    }

    /** Moves the cursor to the first event labelled {@code label} in the forward pass. */
    public TraceEvent seek(String label) {
        return seek(Phase.FORWARD, label);
    }
}
