package org.seqlab.lesson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.seqlab.AtomicFile;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Updates;
import org.seqlab.data.tokenize.Vocabulary;
import org.seqlab.io.checkpoint.Checkpoint;
import org.seqlab.io.safetensors.Safetensors;

/**
 * A training run on disk: a folder with one sub-folder per checkpoint, {@code checkpoint-00000500/}, each holding
 * {@code model.safetensors} (the step-2 checkpoint format: weights, graph and vocabulary),
 * {@code optimizer.safetensors} (the optimizer's moments and step count, PyTorch's state names) and {@code run.json}
 * (the experiment, its options, the step, the vocabularies and the metrics so far). The run's random state is its
 * seed and its step ({@link org.seqlab.train.Trainer}), so these three files resume it exactly.
 *
 * <p>A checkpoint is written into a hidden temporary folder and renamed into place when complete, so a crash never
 * leaves a half-written checkpoint and never touches the ones before it; the newest {@link #KEEP} are kept.
 */
public final class RunDirectory {
    /** How many checkpoints a run folder keeps. */
    public static final int KEEP = 3;
    static final String MODEL = "model.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String RUN = "run.json";
    private static final String PREFIX = "checkpoint-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunDirectory() {
    }

    /** A run read back: its options (as trained), the step reached, the metrics recorded, and its checkpoint. */
    public record Saved(Experiment experiment, ExperimentOptions options, long step, Map<String, Double> metrics,
                        Path checkpoint) {
    }

    /** Writes a checkpoint of {@code run} at {@code step} into {@code folder} (created if need be). */
    public static Path save(Path folder, Prepared run, long step, Map<String, Double> metrics) {
        Path target = write(folder, String.format("%s%08d", PREFIX, step), run, step, metrics);
        try {
            prune(folder);
        } catch (IOException e) {
            throw new SeqLabException("Wrote the checkpoint of step " + step + " but could not remove older ones in "
                    + folder + ": " + e.getMessage() + ". Check that the folder is writable.", e);
        }
        return target;
    }

    /** The name of the folder that holds the checkpoint with the lowest held-out loss so far. */
    public static final String BEST = "best";

    /**
     * Writes the run as it is now into {@code folder/best} (replacing the one there): the checkpoint with the lowest
     * held-out loss, kept apart from the newest three so that a run that goes on to overfit loses nothing.
     */
    public static Path saveBest(Path folder, Prepared run, long step, Map<String, Double> metrics) {
        return write(folder, BEST, run, step, metrics);
    }

    private static Path write(Path folder, String name, Prepared run, long step, Map<String, Double> metrics) {
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(name);
            Path temp = Files.createTempDirectory(folder, "." + PREFIX);
            try {
                Checkpoint.save(temp.resolve(MODEL), run.model(), vocabulary(run.vocabularies().get("source")));
                Safetensors.write(temp.resolve(OPTIMIZER), run.optimizer().state(), Map.of("format", "pt"));
                AtomicFile.writeString(temp.resolve(RUN), runJson(run, step, metrics));
                if (Files.exists(target)) {
                    deleteTree(target);
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(temp)) {
                    deleteTree(temp);
                }
            }
            return target;
        } catch (IOException e) {
            throw new SeqLabException("Could not write the checkpoint of step " + step + " into " + folder
                    + ": " + e.getMessage() + ". Check that the folder is writable and the disk has room.", e);
        }
    }

    /** A vocabulary for the model file when the tokens name an unknown and a padding token. */
    private static Vocabulary vocabulary(List<String> tokens) {
        if (tokens == null) {
            return null;
        }
        String unk = tokens.contains(Vocabulary.UNK) ? Vocabulary.UNK : tokens.contains("[UNK]") ? "[UNK]" : null;
        String pad = tokens.contains(Vocabulary.PAD) ? Vocabulary.PAD : tokens.contains("[PAD]") ? "[PAD]" : null;
        return new Vocabulary(tokens, unk, pad);
    }

    private static String runJson(Prepared run, long step, Map<String, Double> metrics) throws JsonProcessingException {
        ExperimentOptions o = run.options();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "seqlab-run-1");
        root.put("experiment", run.experiment().id());
        root.put("step", step);
        root.put("steps", run.config().steps());
        root.put("seed", o.seed());
        root.put("dtype", o.dtype().name());
        root.put("variant", o.variant());
        ArrayNode data = root.putArray("data");
        o.data().forEach(p -> data.add(p.toAbsolutePath().toString()));
        root.put("dataSummary", run.dataSummary());
        ObjectNode vocabs = root.putObject("vocabularies");
        run.vocabularies().forEach((name, tokens) -> {
            ArrayNode a = vocabs.putArray(name);
            tokens.forEach(a::add);
        });
        ObjectNode m = root.putObject("metrics");
        metrics.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                m.put(k, v);
            }
        });
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** The newest checkpoint of a run folder, or {@code path} itself when it is a checkpoint folder. */
    public static Path latest(Path path) {
        if (Files.isRegularFile(path.resolve(RUN))) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new SeqLabException("There is no run folder at " + path + ": expected the folder 'seqlab train --out'"
                    + " wrote (with checkpoint-NNNNNNNN sub-folders) or one of its checkpoint folders.");
        }
        List<Path> all = checkpoints(path);
        if (all.isEmpty()) {
            throw new SeqLabException("The folder " + path + " holds no checkpoint (no checkpoint-NNNNNNNN folder with"
                    + " a run.json): train into it first with 'seqlab train --experiment ID --out " + path + "'.");
        }
        return all.get(all.size() - 1);
    }

    /** Reads a run's checkpoint (a run folder: its newest). */
    public static Saved read(Path path) {
        Path checkpoint = latest(path);
        Path runFile = checkpoint.resolve(RUN);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(runFile));
        } catch (IOException e) {
            throw new SeqLabException("Cannot read " + runFile + " as a SeqLab run file: " + e.getMessage()
                    + ". The checkpoint is damaged; use an earlier one of the run folder.");
        }
        String fmt = root.path("format").asText("");
        if (!fmt.equals("seqlab-run-1")) {
            throw new SeqLabException(runFile + " is not a SeqLab run file: expected \"format\": \"seqlab-run-1\", found "
                    + (fmt.isEmpty() ? "none" : "\"" + fmt + "\"") + ".");
        }
        Experiment e = Experiments.get(root.path("experiment").asText());
        List<Path> data = new ArrayList<>();
        root.path("data").forEach(n -> data.add(Path.of(n.asText())));
        Map<String, List<String>> vocabs = new LinkedHashMap<>();
        root.path("vocabularies").fields().forEachRemaining(f -> {
            List<String> tokens = new ArrayList<>();
            f.getValue().forEach(t -> tokens.add(t.asText()));
            vocabs.put(f.getKey(), tokens);
        });
        DType dtype;
        try {
            dtype = DType.valueOf(root.path("dtype").asText("FLOAT32"));
        } catch (IllegalArgumentException ex) {
            throw new SeqLabException(runFile + " names the precision '" + root.path("dtype").asText()
                    + "'; expected FLOAT32 or FLOAT64.");
        }
        ExperimentOptions o = new ExperimentOptions(data, root.path("steps").asLong(), root.path("seed").asLong(1),
                dtype, root.path("variant").asText(""), vocabs, false);
        Map<String, Double> metrics = new LinkedHashMap<>();
        root.path("metrics").fields().forEachRemaining(f -> metrics.put(f.getKey(), f.getValue().asDouble()));
        return new Saved(e, o, root.path("step").asLong(), metrics, checkpoint);
    }

    /** Loads the checkpoint's weights and optimizer state into {@code run} (prepared from {@link Saved#options}). */
    public static void restore(Saved saved, Prepared run) {
        loadInPlace(run, saved.checkpoint().resolve(MODEL));
        Path opt = saved.checkpoint().resolve(OPTIMIZER);
        if (Files.isRegularFile(opt)) {
            run.optimizer().loadState(Safetensors.read(opt).tensors());
        }
    }

    /** Loads only the weights (for evaluation and generation). */
    public static void restoreWeights(Saved saved, Prepared run) {
        loadInPlace(run, saved.checkpoint().resolve(MODEL));
    }

    /**
     * Loads the weights into the very tensors the optimizer and the task hold: loading binds new tensors, so their
     * values are copied back into the live ones, which are then bound again.
     */
    private static void loadInPlace(Prepared run, Path file) {
        Map<String, Tensor> live = new LinkedHashMap<>(run.model().namedParameters());
        Checkpoint.loadWeights(run.model(), file);
        Map<String, Tensor> loaded = run.model().namedParameters();
        live.forEach((name, t) -> Updates.assign(t, loaded.get(name)));
        run.model().bind(live);
    }

    static List<Path> checkpoints(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isRegularFile(p.resolve(RUN)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void prune(Path folder) throws IOException {
        List<Path> all = checkpoints(folder);
        for (int i = 0; i < all.size() - KEEP; i++) {
            deleteTree(all.get(i));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
