package org.seqlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.debug.Recorder;
import org.seqlab.debug.Recording;
import org.seqlab.io.checkpoint.Checkpoint;
import org.seqlab.io.checkpoint.TextInputs;
import org.seqlab.io.trace.TraceExport;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.spec.GraphJson;
import org.seqlab.model.templates.Templates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seqlab trace}: records one forward and backward pass and writes it to a folder. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Records one forward and backward pass of a model on one input and writes OUT/trace.json (every event:"
                + " index, phase, op, label, shapes, statistics) and OUT/tensors.safetensors (every event's value,"
                + " every parameter and its gradient). See the README for the label scheme and the defaults."})
public final class TraceCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A model graph JSON file, a SeqLab checkpoint (.safetensors with its graph), or a template"
                    + " name (see 'seqlab templates').")
    private String model;

    @Option(names = "--weights", paramLabel = "W.safetensors",
            description = "Weights to load by state_dict name (default: the checkpoint's, else a seeded"
                    + " initialisation).")
    private Path weights;

    @Option(names = "--input", required = true, paramLabel = "TEXT|IDS",
            description = "Text (tokenized with the model's vocabulary, or the default character vocabulary) or ids"
                    + " such as \"12 5 7\".")
    private String input;

    @Option(names = "--target", paramLabel = "TEXT|IDS",
            description = "The target, where the model has one (default: next tokens for language models, class 0"
                    + " for classifiers, tag 0 for taggers, a copy of the input for seq2seq).")
    private String target;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write to.")
    private Path out;

    @Option(names = "--dtype", defaultValue = "float64", paramLabel = "TYPE",
            description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    private String dtype;

    @Option(names = "--seed", defaultValue = "0", description = "Initialisation seed when no weights are loaded"
            + " (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--eval", description = "Record in evaluation mode (dropout off). By default the pass is"
            + " recorded as a training step: dropout on, with masks reproducible from the seed.")
    private boolean eval;

    @Option(names = "--stop-at-nonfinite", description = "Stop at the first op whose output or gradient holds NaN"
            + " or Inf, naming it.")
    private boolean stopAtNonFinite;

    @Override
    public Integer call() {
        DType type = DType.parse(dtype);
        if (!type.isFloating()) {
            throw new SeqLabException("--dtype must be float32 or float64; found " + dtype + ".");
        }
        GraphModel m;
        Vocabulary vocabulary = null;
        String source;
        Path file = Path.of(model);
        if (Files.isRegularFile(file) && model.endsWith(".safetensors")) {
            Checkpoint.Loaded loaded = Checkpoint.load(file, BlockKinds.standard(), type);
            m = loaded.model();
            vocabulary = loaded.vocabulary();
            source = "checkpoint " + file;
        } else {
            ModelGraph graph;
            if (Files.exists(file) || model.endsWith(".json")) {
                graph = GraphJson.read(file);
                source = "file " + file;
            } else {
                graph = Templates.get(model).graph();
                source = "template " + model;
            }
            m = GraphModel.compile(graph, BlockKinds.standard(), type, seed);
        }
        if (weights != null) {
            Checkpoint.loadWeights(m, weights);
        }
        m.train(!eval);
        TextInputs.Encoded enc = TextInputs.encode(m.graph(), vocabulary, input, target);
        Recording rec = Recorder.record(m, enc.inputs(), stopAtNonFinite);

        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model", m.graph().name());
        info.put("source", source);
        info.put("dtype", type.displayName());
        info.put("mode", eval ? "eval" : "train");
        info.put("seed", weights == null && !source.startsWith("checkpoint") ? seed : null);
        info.put("input", input);
        info.put("input_name", enc.mainInput());
        info.put("input_ids", enc.ids());
        info.put("vocabulary", enc.vocabulary());
        if (target != null) {
            info.put("target", target);
        }
        TraceExport.write(out, rec.trace(), rec.loss(), rec.parameters(), info);

        long forward = rec.trace().events().stream().filter(e -> e.phase() == Phase.FORWARD).count();
        PrintWriter pw = spec.commandLine().getOut();
        pw.printf(Locale.ROOT, "Recorded %d events of '%s' (%d forward, %d backward) on %d tokens%s.%n",
                rec.trace().size(), m.graph().name(), forward, rec.trace().size() - forward, enc.ids().length,
                rec.loss() == null ? "" : String.format(Locale.ROOT, "; loss %.6f", rec.loss().item()));
        pw.printf(Locale.ROOT, "Wrote %s and %s%n", out.resolve("trace.json"), out.resolve("tensors.safetensors"));
        pw.flush();
        return 0;
    }
}
