/**
 * Training: a {@link org.seqlab.train.Trainer} that runs any {@link org.seqlab.train.TrainingTask} on a
 * background thread (pause, resume, exactly one step, a new learning rate mid-run, stop) and reports through
 * typed {@link org.seqlab.train.TrainingEvent}s to listeners (the command line's progress bar, logging,
 * checkpointing and the app are all listeners); optimizers, schedules and clipping in {@code train.optim};
 * metrics in {@code train.metrics}. The trainer knows no model family.
 *
 * <p>May depend on {@code autograd}, {@code nn}, {@code model} and {@code data} (and the root package).
 */
package org.seqlab.train;
