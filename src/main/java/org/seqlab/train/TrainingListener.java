package org.seqlab.train;

/** Receives a {@link Trainer}'s events on the trainer's thread; it should hand long work elsewhere. */
@FunctionalInterface
public interface TrainingListener {
    void on(TrainingEvent event);
}
