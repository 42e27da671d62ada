package org.seqlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.seqlab.SeqLabException;
import org.seqlab.lesson.ExperimentOptions;
import org.seqlab.lesson.Prepared;
import org.seqlab.lesson.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seqlab eval}: a trained run's figures on held-out data. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluates a run saved by 'seqlab train' on held-out data: all of the --data files (read with"
                + " the run's vocabularies and labels), or without --data the run's own held-out split.",
            "Prints one 'name value' line per figure (loss, accuracy, F1, BLEU, … as the experiment reports)."})
public final class EvalCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "DIR", required = true,
            description = "A run folder (its newest checkpoint is used) or one of its checkpoint folders.")
    private Path checkpoint;

    @Option(names = "--data", paramLabel = "FILE", arity = "1..*",
            description = "Held-out files in the experiment's format; every example is evaluated.")
    private List<Path> data = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        RunDirectory.Saved saved = RunDirectory.read(checkpoint);
        ExperimentOptions options = saved.options();
        if (!data.isEmpty()) {
            for (Path p : data) {
                if (!Files.isRegularFile(p)) {
                    throw new SeqLabException("There is no data file " + p + ": expected "
                            + saved.experiment().dataHelp().en() + ".");
                }
            }
            options = options.withData(data).withEvaluateAll(true);
        }
        Prepared run = prepare(saved, options);
        RunDirectory.restoreWeights(saved, run);
        Map<String, Double> m = run.evaluation().evaluate();
        w.println(saved.experiment().id() + " at step " + saved.step() + " · " + run.dataSummary());
        new TreeMap<>(m).forEach((k, v) -> w.println(k + " " + ProgressBar.number(v)));
        w.flush();
        return 0;
    }

    static Prepared prepare(RunDirectory.Saved saved, ExperimentOptions options) {
        try {
            return saved.experiment().prepare(options);
        } catch (IllegalArgumentException ex) {
            throw new SeqLabException("The run in " + saved.checkpoint() + " cannot be set up again: "
                    + ex.getMessage() + ".", ex);
        }
    }
}
