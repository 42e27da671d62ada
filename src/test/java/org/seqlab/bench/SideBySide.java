package org.seqlab.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.seqlab.autograd.Backend;
import org.seqlab.cli.Workloads;

/**
 * The side-by-side training benchmark: SeqLab ({@link Workloads}) against PyTorch 2.7.1 through DJL
 * ({@link TorchWorkloads}) on the same workloads, in one process, alternating SeqLab, PyTorch, SeqLab, PyTorch so
 * that drift of the machine (other processes, heat) touches both sides alike. Each run builds the workload, takes
 * {@code bench.warmup} untimed steps, then {@code bench.steps} timed steps, and reports the median step as tokens/s.
 *
 * <p>The ratio compares each side's better run (the higher of its two runs' medians): a run slowed by something
 * else on the machine is discarded rather than averaged in, for both sides alike.
 *
 * <pre>./mvnw -Pbench -q test-compile exec:exec [-Dbench.workloads=W1,W3] [-Dbench.threads=2] [-Dbench.steps=20] [-Dbench.warmup=30]</pre>
 *
 * Arguments (workload ids) override {@code bench.workloads}; default all three.
 */
public final class SideBySide {
    private static final long SEED = 42;
    private static final int RUNS = 2;

    private SideBySide() {
    }

    public static void main(String[] args) {
        Backend.configureNative();                   // as the seqlab launcher does, before the first tensor
        int steps = Integer.getInteger("bench.steps", 20);
        int warmup = Integer.getInteger("bench.warmup", 30);
        int threads = Integer.getInteger("bench.threads", 1);
        List<String> ids = workloads(args);

        TorchWorkloads.setThreads(threads);          // before PyTorch's first op: its inter-op pool is fixed once
        Workloads.setThreads(threads);
        System.out.printf(Locale.ROOT, "threads: seqlab %d, pytorch %d, set before each run (each run's line shows"
                + " them); %d cores%n", threads, threads, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%d warm-up + %d timed steps per run, %d runs per side alternating; "
                + "ratio = the better run's median tokens/s of each side%n", warmup, steps, RUNS);
        System.out.println("seqlab: " + Backend.blasKernelNote());

        for (String id : ids) {
            // a load above zero before a workload starts means something else is using the cores: contended
            System.out.printf(Locale.ROOT, "%s: system load average %.2f before the runs%n", id,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            double[] seqlab = new double[RUNS];
            double[] torch = new double[RUNS];
            for (int r = 0; r < RUNS; r++) {
                // each side's threads again before its run: ND4J's OpenMP loops and PyTorch's intra-op threads are
                // one setting in this process (the two libraries share the OpenMP runtime), and SeqLab keeps
                // OpenMP at one thread where PyTorch wants its intra-op threads
                seqlab[r] = measure(id, "seqlab", r + 1, warmup, steps, () -> {
                    Workloads.setThreads(threads);
                    return seqLabRun(id);
                }, SideBySide::seqLabThreads);
                torch[r] = measure(id, "pytorch", r + 1, warmup, steps, () -> {
                    TorchWorkloads.setThreads(threads);
                    return TorchWorkloads.create(id, SEED);
                }, TorchWorkloads::threads);
            }
            // the better of the two runs' medians, each side
            double ratio = max(seqlab) / max(torch);
            System.out.printf(Locale.ROOT, "RATIO %s seqlab/pytorch = %.2f%n", id, ratio);
        }
    }

    /** One run: build, warm up, time each step; prints and returns the median's tokens/s. */
    private static double measure(String id, String side, int run, int warmup, int steps,
                                  Supplier<TorchWorkloads.Run> build, Supplier<String> threads) {
        System.gc();
        try (TorchWorkloads.Run w = build.get()) {
            String threadsUsed = threads.get();
            double first = Double.NaN;
            for (int i = 0; i < warmup; i++) {
                double loss = w.step();
                if (i == 0) {
                    first = loss;
                }
            }
            long[] nanos = new long[steps];
            double last = Double.NaN;
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                last = w.step();
                nanos[i] = System.nanoTime() - t0;
            }
            if (!Double.isFinite(last)) {
                throw new IllegalStateException(id + " " + side + ": the loss is " + last);
            }
            double median = median(nanos) / 1e9;
            double tokensPerSecond = w.tokensPerStep() / median;
            System.out.printf(Locale.US, "%s %s run %d: %,.0f tokens/s (median of %d steps)%n", id, side, run,
                    tokensPerSecond, steps);
            System.out.printf(Locale.US, "    %s, %.1f ms/step, loss %.3f -> %.3f; threads %s%n", w.description(),
                    median * 1e3, Double.isNaN(first) ? last : first, last, threadsUsed);
            return tokensPerSecond;
        }
    }

    /** SeqLab's workload seen through this side's interface. */
    private static TorchWorkloads.Run seqLabRun(String id) {
        Workloads.Run w = Workloads.create(id, SEED);
        return new TorchWorkloads.Run() {
            @Override
            public String id() {
                return w.id();
            }

            @Override
            public String description() {
                return w.description();
            }

            @Override
            public long tokensPerStep() {
                return w.tokensPerStep();
            }

            @Override
            public double step() {
                return w.step();
            }

            @Override
            public void close() {
                w.close();
            }
        };
    }

    /** ND4J's thread settings as {@code org.seqlab.autograd.Backend.threads()} reports them, if it does. */
    private static String seqLabThreads() {
        try {
            return String.valueOf(Class.forName("org.seqlab.autograd.Backend").getMethod("threads").invoke(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "as set by Workloads.setThreads";
        }
    }

    private static List<String> workloads(String[] args) {
        List<String> ids = new ArrayList<>();
        List<String> given = args.length > 0 ? Arrays.asList(args)
                : Arrays.asList(System.getProperty("bench.workloads", "W1,W2,W3").split(","));
        for (String a : given) {
            for (String s : a.split(",")) {
                String id = s.trim().toUpperCase(Locale.ROOT);
                if (id.isEmpty() || id.equals("ALL")) {
                    continue;
                }
                if (!TorchWorkloads.IDS.contains(id)) {
                    throw new IllegalArgumentException("There is no workload '" + s + "'; there are "
                            + TorchWorkloads.IDS + ".");
                }
                ids.add(id);
            }
        }
        return ids.isEmpty() ? TorchWorkloads.IDS : ids;
    }

    private static double median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    private static double max(double[] xs) {
        return Arrays.stream(xs).max().orElseThrow();
    }
}
