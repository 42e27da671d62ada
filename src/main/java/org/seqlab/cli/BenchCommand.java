package org.seqlab.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Backend;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.debug.DebugSession;
import org.seqlab.debug.Recording;
import org.seqlab.debug.TraceGraph;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.templates.LanguageModel;
import org.seqlab.model.templates.TransformerClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code seqlab bench [W5]}: times what the debugger does after an edit, as it does it — re-record a traced
 * forward and backward pass on the same session ({@link DebugSession#record(Map)}) and build the graph view's
 * {@link TraceGraph} — and prints the median, minimum and maximum over the timed runs after a warm-up.
 *
 * <p>W5 is two passes: a 2-layer Transformer encoder (d 128, 4 heads, feed-forward 512) over 64 tokens, and
 * W1's character LSTM (vocabulary 65, embedding 64, hidden 256) over one sequence of 64.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Times a workload on this machine and prints the figures (median of the timed runs).",
            "W1, W2, W3: training steps (forward + backward + Adam on random batches) of a char-LSTM, nanoGPT's CPU"
                    + " preset and a GRU seq2seq with attention, in tokens/s and as a fraction of the matmul peak"
                    + " measured in the same run.",
            "W5: re-recording a traced forward + backward pass as the debugger does after an edit, for a 2-layer"
                    + " d=128 Transformer encoder over 64 tokens and for a character LSTM (hidden 256) over 64"
                    + " tokens."})
public final class BenchCommand implements Callable<Integer> {

    /** The workloads this command runs. */
    static final List<String> WORKLOADS = List.of("W1", "W2", "W3", "W5");

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "WORKLOAD", defaultValue = "W5",
            description = "Which workload: W1 (char-LSTM training), W2 (mini-GPT training), W3 (GRU seq2seq"
                    + " training), W5 (re-recording, the default), or all.")
    private String workload;

    @Option(names = "--runs", defaultValue = "20", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    private int runs;

    // 30: on two cores the JIT compiles the hot loops through the first 20-40 training steps, on the core a second
    // thread would use (W2 on two threads measured 60.2 ms median after 5 warm-up steps, 30.9 ms after 40)
    @Option(names = "--warmup", defaultValue = "30", description = "Untimed runs first, while the JIT compiles "
            + "(default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for ND4J's ops and OpenBLAS (default: as the backend starts).")
    private Integer threads;

    @Option(names = "--dtype", defaultValue = "float32", paramLabel = "TYPE",
            description = "float32 (default, as the app records) or float64.")
    private String dtype;

    /** One timed workload's figures, in milliseconds. */
    record Timing(String name, double medianMs, double minMs, double maxMs, int runs, long traceBytes) {
    }

    @Override
    public Integer call() {
        String w = workload.toUpperCase(Locale.ROOT);
        if (!w.equals("ALL") && !WORKLOADS.contains(w)) {
            throw new SeqLabException("There is no workload '" + workload + "' here; this command runs "
                    + WORKLOADS + " or all.");
        }
        if (runs < 1 || warmup < 0) {
            throw new SeqLabException("--runs must be at least 1 and --warmup at least 0; found --runs " + runs
                    + " --warmup " + warmup + ".");
        }
        DType type = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            default -> throw new SeqLabException("--dtype must be float32 or float64; found '" + dtype + "'.");
        };
        if (threads != null && threads < 1) {
            throw new SeqLabException("--threads must be at least 1; found " + threads + ".");
        }
        PrintWriter out = spec.commandLine().getOut();
        Backend.Info info = Backend.info();
        if (threads != null) {
            Backend.setThreads(threads);
        }
        out.println("# " + info.summary() + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, threads: " + Backend.threads() + "; " + warmup + " warm-up + " + runs
                + " timed runs");
        out.println("# " + Backend.blasKernelNote());
        out.flush();
        List<String> chosen = w.equals("ALL") ? WORKLOADS : List.of(w);
        if (chosen.stream().anyMatch(Workloads.IDS::contains)) {
            double peak = Backend.matmulPeakGflops(1024, 5);
            out.printf(Locale.ROOT, "# matmul peak: %.1f GFLOP/s (float32 1024 x 1024 x 1024, median of 5)%n", peak);
            out.flush();
            if (type != DType.FLOAT32) {
                out.println("# the training workloads run in float32 (--dtype applies to W5)");
            }
            for (String id : chosen) {
                if (Workloads.IDS.contains(id)) {
                    Training t = train(id, warmup, runs);
                    double achieved = t.flopsPerStep() / (t.medianMs() / 1e3) / 1e9;
                    out.printf(Locale.ROOT, "%s %-46s %,9.0f tokens/s  (median step %.1f ms, min %.1f, max %.1f;"
                                    + " %.1f GFLOP/s = %.0f%% of peak)%n", id, t.description(), t.tokensPerSecond(),
                            t.medianMs(), t.minMs(), t.maxMs(), achieved, 100 * achieved / peak);
                    out.flush();
                }
            }
        }
        if (chosen.contains("W5")) {
            out.println("# W5 in " + type.name().toLowerCase(Locale.ROOT));
            for (Timing t : w5(type, warmup, runs)) {
                out.printf(Locale.ROOT, "W5 %-34s median %7.1f ms  (min %.1f, max %.1f, %d runs; the trace holds "
                        + "%.1f MB)%n", t.name(), t.medianMs(), t.minMs(), t.maxMs(), t.runs(), t.traceBytes() / 1e6);
                out.flush();
            }
        }
        return 0;
    }

    /** A training workload's figures: step times in milliseconds. */
    record Training(String id, String description, long tokensPerStep, double flopsPerStep, double medianMs,
                    double minMs, double maxMs) {
        double tokensPerSecond() {
            return tokensPerStep / (medianMs / 1e3);
        }
    }

    /** Times {@code runs} training steps of workload {@code id} after {@code warmup} untimed ones. */
    static Training train(String id, int warmup, int runs) {
        try (Workloads.Run run = Workloads.create(id, 1)) {
            double[] ms = new double[runs];
            for (int i = 0; i < warmup + runs; i++) {
                long start = System.nanoTime();
                double loss = run.step();
                long end = System.nanoTime();
                if (!Double.isFinite(loss)) {
                    throw new SeqLabException("Workload " + id + " produced a loss of " + loss + " at step " + (i + 1)
                            + "; the benchmark stops here.");
                }
                if (i >= warmup) {
                    ms[i - warmup] = (end - start) / 1e6;
                }
            }
            double[] sorted = sorted(ms);
            return new Training(id, run.description(), run.tokensPerStep(), run.flopsPerStep(), median(sorted),
                    sorted[0], sorted[runs - 1]);
        }
    }

    private static double[] sorted(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The two re-record passes of W5. */
    static List<Timing> w5(DType type, int warmup, int runs) {
        ModelGraph transformer = new TransformerClassifier(new TransformerClassifier.Config(100, 128, 4, 2, 128, 2))
                .graph();
        ModelGraph lstm = LanguageModel.graph("w1-char-lstm", "W1's character LSTM",
                new LanguageModel.Config("lstm", 65, 64, 256, 1, 0.0));
        return List.of(
                rerecord("transformer d128 x2, 64 tokens", transformer, type, 100, warmup, runs),
                rerecord("lstm h256, 64 tokens", lstm, type, 65, warmup, runs));
    }

    /** Times {@code session.record(inputs)} plus the graph view's {@link TraceGraph} on 64 random tokens. */
    static Timing rerecord(String name, ModelGraph graph, DType type, int vocab, int warmup, int runs) {
        GraphModel model = GraphModel.compile(graph, BlockKinds.standard(), type, 0);
        String input = graph.inputs().get(0).name();
        Random random = new Random(0);
        long[] ids = new long[64];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 4 + random.nextInt(vocab - 4);
        }
        Map<String, Flow> inputs = Map.of(input, Flow.of(Tensor.indices(ids, 1, ids.length)));
        DebugSession session = DebugSession.record(model, inputs);
        double[] ms = new double[runs];
        Recording last = null;
        for (int i = 0; i < warmup + runs; i++) {
            long start = System.nanoTime();
            Recording r = session.record(inputs);
            TraceGraph.of(r, r.inputs());
            long end = System.nanoTime();
            last = r;
            if (i >= warmup) {
                ms[i - warmup] = (end - start) / 1e6;
            }
        }
        double[] sorted = sorted(ms);
        return new Timing(name, median(sorted), sorted[0], sorted[runs - 1], runs, last.trace().nativeBytes());
    }
}
