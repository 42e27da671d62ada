package org.seqlab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.seqlab.train.TrainingEvent;
import org.seqlab.train.TrainingListener;

/**
 * The training progress of {@code seqlab train}: step, a bar, loss, tokens/s, learning rate and time left, redrawn
 * in place on a terminal (at most 5 times a second) or printed as a line every 5% of the run otherwise; a line per
 * evaluation; and at the end one line with the run's figures (the median tokens/s after the first 5 steps).
 */
final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 24;
    private final PrintWriter out;
    private final boolean terminal;
    private final String unit;
    private final List<Double> rates = new ArrayList<>();
    private final List<Double> recentMillis = new ArrayList<>();
    private long startNanos;
    private long lastDraw;
    private long from;
    private double lastLoss = Double.NaN;
    private Map<String, Double> lastEval = Map.of();
    private boolean drawn;

    ProgressBar(PrintWriter out, boolean terminal, String unit) {
        this.out = out;
        this.terminal = terminal;
        this.unit = unit;
    }

    @Override
    public void on(TrainingEvent event) {
        if (event instanceof TrainingEvent.Started s) {
            startNanos = System.nanoTime();
            from = s.fromStep();
            if (s.fromStep() > 0) {
                out.println("resuming at step " + s.fromStep() + " of " + s.totalSteps());
                out.flush();
            }
        } else if (event instanceof TrainingEvent.Step s) {
            onStep(s);
        } else if (event instanceof TrainingEvent.Evaluated e) {
            lastEval = e.metrics();
            clearLine();
            out.println("eval @" + e.step() + ": " + metrics(e.metrics()));
            out.flush();
        } else if (event instanceof TrainingEvent.Finished f) {
            clearLine();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            out.println((f.completed() ? "done: " : "stopped: ") + (f.step() - from) + " steps in " + duration(seconds)
                    + " · loss " + number(lastLoss) + " · " + String.format(Locale.ROOT, "%,.0f", median()) + " "
                    + unit + "/s (median)" + (lastEval.isEmpty() ? "" : " · " + metrics(lastEval)));
            out.flush();
        } else if (event instanceof TrainingEvent.Failed f) {
            clearLine();
            out.flush();
        }
    }

    private void onStep(TrainingEvent.Step s) {
        lastLoss = s.loss();
        if (s.step() - from > 5 || s.totalSteps() - from <= 5) {
            rates.add(s.tokensPerSecond());
        }
        recentMillis.add(s.millis());
        if (recentMillis.size() > 20) {
            recentMillis.remove(0);
        }
        long now = System.nanoTime();
        boolean last = s.step() == s.totalSteps();
        long every = Math.max(1, (s.totalSteps() - from) / 20);
        if (terminal ? now - lastDraw > 200_000_000L || last : (s.step() - from) % every == 0 || last) {
            lastDraw = now;
            String line = line(s);
            if (terminal) {
                out.print("\r" + line + "\u001b[K");
                drawn = true;
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    String line(TrainingEvent.Step s) {
        double fraction = (double) s.step() / s.totalSteps();
        int filled = (int) Math.round(fraction * WIDTH);
        double meanMillis = recentMillis.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double eta = meanMillis * (s.totalSteps() - s.step()) / 1000;
        return String.format(Locale.ROOT, "step %d/%d [%s%s] %3.0f%%  loss %s  %,.0f %s/s  lr %.2e%s  ETA %s",
                s.step(), s.totalSteps(), "=".repeat(filled), " ".repeat(WIDTH - filled), 100 * fraction,
                number(s.loss()), s.tokensPerSecond(), unit, s.learningRate(), s.clipped() ? "  clipped" : "",
                duration(eta));
    }

    private void clearLine() {
        if (terminal && drawn) {
            out.print("\r\u001b[K");
            drawn = false;
        }
    }

    /** The median tokens (or examples) per second of the timed steps. */
    double median() {
        if (rates.isEmpty()) {
            return 0;
        }
        double[] r = rates.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(r);
        return r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
    }

    static String metrics(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(m).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " · ").append(k).append(' ')
                .append(number(v)));
        return sb.toString();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.4f", v);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
