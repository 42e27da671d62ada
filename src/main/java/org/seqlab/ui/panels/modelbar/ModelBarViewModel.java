package org.seqlab.ui.panels.modelbar;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.seqlab.autograd.DType;
import org.seqlab.debug.DebugSession;
import org.seqlab.io.checkpoint.TextInputs;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.templates.Template;
import org.seqlab.model.templates.Templates;
import org.seqlab.ui.fx.TaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model and input bar's state: which template, which input text, seed and dtype, and the
 * {@link DebugSession} recorded from them. Recording runs on the task executor; a failed recording leaves
 * the previous session in place and puts one message in {@link #errorProperty()}. Holds no node.
 */
public final class ModelBarViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBarViewModel.class);

    /** The model the window opens on. */
    public static final String DEFAULT_TEMPLATE = "char-lstm-lm";
    /** The sentence the window opens on. */
    public static final String DEFAULT_TEXT = "hello world";

    private final TaskExecutor executor;
    private final ObjectProperty<String> template = new SimpleObjectProperty<>(this, "template", DEFAULT_TEMPLATE);
    private final StringProperty text = new SimpleStringProperty(this, "text", DEFAULT_TEXT);
    private final StringProperty target = new SimpleStringProperty(this, "target", "");
    private final ReadOnlyObjectWrapper<PortKind> targetKind = new ReadOnlyObjectWrapper<>(this, "targetKind");
    private final IntegerProperty seed = new SimpleIntegerProperty(this, "seed", 0);
    private final ObjectProperty<DType> dtype = new SimpleObjectProperty<>(this, "dtype", DType.FLOAT32);
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy", false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyObjectWrapper<DebugSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyObjectWrapper<List<String>> tokens = new ReadOnlyObjectWrapper<>(this, "tokens", List.of());
    private final ReadOnlyObjectWrapper<String> recordedModel = new ReadOnlyObjectWrapper<>(this, "recordedModel", "");
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision", 0);
    private String recordedModelKey;

    public ModelBarViewModel(TaskExecutor executor) {
        this.executor = Objects.requireNonNull(executor);
        template.addListener((obs, o, n) -> {
            if (!Objects.equals(o, n)) {
                target.set("");       // another model's target does not apply
            }
            targetKind.set(targetKindOf(n));
        });
        targetKind.set(targetKindOf(template.get()));
    }

    /**
     * What the target field takes for a template: class labels (classifiers), one tag per token (taggers) or
     * target tokens (seq2seq); null when the model needs none it cannot make itself (language models predict
     * the next token of their own input).
     */
    static PortKind targetKindOf(String templateName) {
        if (templateName == null) {
            return null;
        }
        return Templates.find(templateName).flatMap(t -> t.graph().input("targets"))
                .filter(i -> i.defaultRule() == null || !i.defaultRule().startsWith("shift:"))
                .map(i -> i.type().kind()).orElse(null);
    }

    /**
     * The target, where the model takes one ({@link #targetKindProperty()}): text or ids for seq2seq, a class
     * id for classifiers, one tag id per token for taggers. Empty: the model's default (a copy of the input,
     * class 0, tag 0).
     */
    public StringProperty targetProperty() {
        return target;
    }

    /** What kind of target the current template takes, or null when it takes none. */
    public ReadOnlyObjectProperty<PortKind> targetKindProperty() {
        return targetKind.getReadOnlyProperty();
    }

    /** The names of every template, in curriculum order. */
    public List<String> templateNames() {
        return Templates.all().stream().map(Template::name).toList();
    }

    public ObjectProperty<String> templateProperty() {
        return template;
    }

    public StringProperty textProperty() {
        return text;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    public ObjectProperty<DType> dtypeProperty() {
        return dtype;
    }

    /** True while a recording runs. */
    public BooleanProperty busyProperty() {
        return busy;
    }

    /** The last recording's failure in one line, or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The current session; null until the first recording has finished. */
    public ReadOnlyObjectProperty<DebugSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    /** The input tokens of the current recording, one string each (for axis labels). */
    public ReadOnlyObjectProperty<List<String>> tokensProperty() {
        return tokens.getReadOnlyProperty();
    }

    /** The template name of the current session's model (the chooser's value may differ while recording). */
    public ReadOnlyObjectProperty<String> recordedModelProperty() {
        return recordedModel.getReadOnlyProperty();
    }

    /** Counts successful recordings: it changes after each, also when the session object stays the same. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    /**
     * Records the current settings. With the same template, seed and dtype as the session's model, the session
     * re-records on the new input and keeps its cursor at the same label; otherwise the model is compiled anew.
     */
    public void record() {
        String name = template.get();
        String input = text.get();
        String targetText = targetKind.get() == null || target.get() == null || target.get().isBlank() ? null
                : target.get().strip();
        long s = seed.get();
        DType d = dtype.get();
        String key = name + "|" + s + "|" + d;
        DebugSession current = session.get();
        boolean sameModel = current != null && key.equals(recordedModelKey);
        busy.set(true);
        executor.submit(() -> {
            ModelGraph graph = Templates.get(name).graph();
            TextInputs.Encoded encoded = TextInputs.encode(graph, null, input, targetText);
            DebugSession result;
            if (sameModel) {
                current.record(encoded.inputs());
                result = current;
            } else {
                GraphModel model = GraphModel.compile(graph, BlockKinds.standard(), d, s);
                result = DebugSession.record(model, encoded.inputs());
            }
            return new Recorded(result, tokens(input, encoded.ids()));
        }, recorded -> {
            busy.set(false);
            error.set("");
            recordedModelKey = key;
            tokens.set(recorded.tokens());
            recordedModel.set(name);
            session.set(recorded.session());
            revision.set(revision.get() + 1);
        }, failure -> {
            busy.set(false);
            LOG.warn("Recording {} on \"{}\" failed", name, input, failure);
            error.set(message(failure));
        });
    }

    private record Recorded(DebugSession session, List<String> tokens) {
    }

    /** One string per token: the characters of the text where they match the ids one to one, else the ids. */
    static List<String> tokens(String input, long[] ids) {
        int[] cps = input.codePoints().toArray();
        if (cps.length == ids.length) {
            return java.util.Arrays.stream(cps).mapToObj(Character::toString)
                    .map(c -> c.equals(" ") ? "␣" : c).toList();
        }
        return java.util.Arrays.stream(ids).mapToObj(Long::toString).toList();
    }

    private static String message(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                String m = t.getMessage().replace("--input is", "The input is").replace("--input", "the input")
                        .replace("--target must", "The target must").replace("--target gives", "The target gives")
                        .replace("--target", "the target");
                return Character.toUpperCase(m.charAt(0)) + m.substring(1);
            }
        }
        return failure.getClass().getSimpleName();
    }
}
