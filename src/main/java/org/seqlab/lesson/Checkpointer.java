package org.seqlab.lesson;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.train.TrainingEvent;
import org.seqlab.train.TrainingListener;

/**
 * Saves a run into its {@link RunDirectory} every {@code every} steps and after the last, on the trainer's thread
 * between two steps (so the weights are still); the metrics written are the latest evaluation and step loss.
 * After each evaluation that lowers the held-out loss it also writes {@code best} ({@link RunDirectory#saveBest}).
 */
public final class Checkpointer implements TrainingListener {
    private final Path folder;
    private final Prepared run;
    private final long every;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private volatile Path last;
    private volatile Path best;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private long lastSaved = -1;

    public Checkpointer(Path folder, Prepared run, long every) {
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint every must be ≥ 1; found " + every);
        }
        this.folder = folder;
        this.run = run;
        this.every = every;
    }

    @Override
    public void on(TrainingEvent event) {
        if (event instanceof TrainingEvent.Step s) {
            metrics.put("loss", s.loss());
            if (s.step() % every == 0 && s.step() < s.totalSteps()) {
                save(s.step());
            }
        } else if (event instanceof TrainingEvent.Evaluated e) {
            metrics.putAll(e.metrics());
            Double loss = e.metrics().get("val_loss");
            if (loss != null && Double.isFinite(loss) && loss < bestLoss) {
                bestLoss = loss;
                best = RunDirectory.saveBest(folder, run, e.step(), metrics);
            }
        } else if (event instanceof TrainingEvent.Finished f) {
            save(f.step());
        }
    }

    private void save(long step) {
        if (step == lastSaved) {
            return;
        }
        last = RunDirectory.save(folder, run, step, metrics);
        lastSaved = step;
    }

    /** The checkpoint with the lowest held-out loss ({@code val_loss}) so far, or null. */
    public Path best() {
        return best;
    }

    /** The newest checkpoint written, or null. */
    public Path last() {
        return last;
    }
}
