package org.seqlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.lesson.Checkpointer;
import org.seqlab.lesson.Experiment;
import org.seqlab.lesson.ExperimentOptions;
import org.seqlab.lesson.Experiments;
import org.seqlab.lesson.Prepared;
import org.seqlab.lesson.RunDirectory;
import org.seqlab.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seqlab train}: trains an experiment headless, with a progress bar and checkpoints. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains one of the curriculum's experiments ('seqlab experiments' lists them) on its own"
                + " generated data or on your files, printing progress (loss, tokens/s, ETA), each evaluation and a"
                + " final line of figures, and writing checkpoints into --out.",
            "Ctrl-C stops after the current step and saves a checkpoint; --resume DIR continues a run exactly."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = {"-e", "--experiment"}, paramLabel = "ID", description = "The experiment (01 … 09).")
    private String experiment;

    @Option(names = "--data", paramLabel = "FILE", arity = "1..*",
            description = "Your data files, in the order the experiment takes them ('seqlab experiments ID').")
    private List<Path> data = new ArrayList<>();

    @Option(names = "--steps", paramLabel = "N", description = "Optimizer steps (default: the experiment's).")
    private long steps;

    @Option(names = "--out", paramLabel = "DIR", description = "The run folder for checkpoints (default: runs/ID).")
    private Path out;

    @Option(names = "--variant", paramLabel = "K=V,...", defaultValue = "",
            description = "The experiment's settings, e.g. cell=gru,length=20 ('seqlab experiments ID' lists them).")
    private String variant;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of data generation, initial weights and batches (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "float32",
            description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    private String dtype;

    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Save a checkpoint every N steps (default: a quarter of the run); always after the last.")
    private long every;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run saved in DIR (a run folder or one of its checkpoints) up to its steps, or"
                    + " to --steps.")
    private Path resume;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        Experiment e;
        ExperimentOptions options;
        RunDirectory.Saved saved = null;
        if (resume != null) {
            saved = RunDirectory.read(resume);
            e = saved.experiment();
            options = saved.options();
            if (steps > 0) {
                options = options.withSteps(steps);
            }
            if (out == null) {
                out = Files.isRegularFile(resume.resolve("run.json")) ? resume.toAbsolutePath().getParent() : resume;
            }
        } else {
            if (experiment == null) {
                throw new SeqLabException("Which experiment? Give --experiment ID (01 … 09; 'seqlab experiments' lists"
                        + " them), or --resume DIR to continue a run.");
            }
            e = Experiments.get(experiment);
            options = ExperimentOptions.defaults().withData(data).withSteps(steps).withSeed(seed)
                    .withDtype(dtype(dtype)).withVariant(variant);
            if (out == null) {
                out = Path.of("runs", e.id());
            }
            if (Files.isDirectory(out) && hasCheckpoint(out)) {
                throw new SeqLabException("The folder " + out + " already holds a run: continue it with --resume "
                        + out + ", or train into another folder with --out DIR (nothing was changed).");
            }
        }
        for (Path p : options.data()) {
            if (!Files.isRegularFile(p)) {
                throw new SeqLabException("There is no data file " + p + ": expected " + e.dataHelp().en() + ".");
            }
        }
        Prepared run;
        try {
            run = e.prepare(options);
        } catch (IllegalArgumentException ex) {
            throw new SeqLabException("Experiment " + e.id() + " cannot be set up: " + ex.getMessage() + ".", ex);
        }
        Trainer trainer = new Trainer(run.task(), run.optimizer(), run.config());
        if (saved != null) {
            RunDirectory.restore(saved, run);
            trainer.resumeAt(saved.step());
        }
        long total = run.config().steps();
        long ckpt = every > 0 ? every : Math.max(1, total / 4);
        w.println(e.id() + " " + e.title().en() + " · " + run.model().graph().name() + " · "
                + String.format(Locale.ROOT, "%,d", run.model().parameterCount()) + " parameters · " + total
                + " steps · " + options.dtype().name().toLowerCase(Locale.ROOT));
        w.println("data: " + run.dataSummary());
        w.println("run folder: " + out.toAbsolutePath());
        w.flush();
        Checkpointer checkpointer = new Checkpointer(out, run, ckpt);
        trainer.addListener(checkpointer);
        ProgressBar bar = new ProgressBar(w, System.console() != null, run.unit());
        trainer.addListener(bar);
        Thread hook = new Thread(() -> {
            trainer.stop();
            try {
                trainer.awaitEnd(60, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, "seqlab-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            trainer.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for this run to end
            }
        }
        w.println("checkpoint: " + checkpointer.last());
        if (checkpointer.best() != null) {
            w.println("lowest held-out loss: " + checkpointer.best() + " (evaluate it with seqlab eval --checkpoint "
                    + checkpointer.best() + ")");
        }
        w.flush();
        return 0;
    }

    private static boolean hasCheckpoint(Path folder) {
        try {
            RunDirectory.latest(folder);
            return true;
        } catch (SeqLabException none) {
            return false;
        }
    }

    static DType dtype(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "float32", "f32" -> DType.FLOAT32;
            case "float64", "f64", "double" -> DType.FLOAT64;
            default -> throw new SeqLabException("--dtype must be float32 or float64; found '" + name + "'.");
        };
    }
}
