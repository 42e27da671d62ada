package org.seqlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.seqlab.SeqLabException;
import org.seqlab.lesson.GenerateRequest;
import org.seqlab.lesson.Prepared;
import org.seqlab.lesson.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seqlab generate}: what a trained run makes of a prompt. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Runs a model trained by 'seqlab train' on a prompt: a GPT continues it, a seq2seq model"
                + " translates (or reverses, or copies) it, a classifier labels it, a tagger tags it.",
            "Decoding is greedy unless --temperature (sampling, with --top-k / --top-p) or --beam is given."})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "DIR", required = true,
            description = "A run folder (its newest checkpoint is used) or one of its checkpoint folders.")
    private Path checkpoint;

    @Option(names = "--prompt", paramLabel = "TEXT", required = true, description = "The text to start from.")
    private String prompt;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "200",
            description = "The most tokens to produce (default: ${DEFAULT-VALUE}).")
    private int maxTokens;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "Sample at this temperature (0, the default: greedy; nanoGPT samples at 0.8).")
    private double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
            description = "Sample only among the K most probable tokens (default 0: all).")
    private int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1",
            description = "Sample only among the most probable tokens that make up probability P (default 1: all).")
    private double topP;

    @Option(names = "--beam", paramLabel = "N", defaultValue = "0",
            description = "Beam search with N hypotheses (length-normalised); 0 or 1: none.")
    private int beam;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "The sampling seed.")
    private long seed;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        GenerateRequest request;
        try {
            request = new GenerateRequest(prompt, maxTokens, temperature, topK, topP, beam, seed);
        } catch (IllegalArgumentException ex) {
            throw new SeqLabException("Invalid decoding options: " + ex.getMessage() + ".", ex);
        }
        if (beam > 1 && temperature > 0) {
            throw new SeqLabException("Give either --beam (search) or --temperature (sampling), not both: beam search"
                    + " keeps the most probable hypotheses and does not sample.");
        }
        RunDirectory.Saved saved = RunDirectory.read(checkpoint);
        Prepared run = EvalCommand.prepare(saved, saved.options());
        RunDirectory.restoreWeights(saved, run);
        w.println(run.predictor().predict(request));
        w.flush();
        return 0;
    }
}
