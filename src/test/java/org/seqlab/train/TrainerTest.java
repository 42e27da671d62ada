package org.seqlab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.ops.F;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.templates.LanguageModel;
import org.seqlab.train.optim.Adam;
import org.seqlab.train.optim.Clipping;
import org.seqlab.train.optim.Schedule;

class TrainerTest {

    private static final int VOCAB = 12;
    private static final int B = 4;
    private static final int T = 10;

    /** A 2-layer LSTM LM with dropout between the layers: random state that a resume must reproduce. */
    private static GraphModel model() {
        return GraphModel.compile(LanguageModel.graph("lm", "test LM",
                new LanguageModel.Config("lstm", VOCAB, 8, 16, 2, 0.3)), BlockKinds.standard(), DType.FLOAT64, 7);
    }

    /** Batches of a learnable language: token t+1 = token t + 1 (mod the letters), start drawn from (seed, step). */
    private static Map<String, Flow> batch(long step, long seed) {
        SplittableRandom r = new SplittableRandom(Trainer.mix(seed, step, 99));
        long[] ids = new long[B * T];
        for (int b = 0; b < B; b++) {
            int start = r.nextInt(8);
            for (int t = 0; t < T; t++) {
                ids[b * T + t] = 4 + (start + t) % 8;
            }
        }
        return Map.of("tokens", Flow.of(Tensor.indices(ids, B, T)));
    }

    private static GraphTask task(GraphModel m) {
        return new GraphTask(m, TrainerTest::batch, in -> (long) B * (T - 1), null);
    }

    private static TrainConfig config(long steps) {
        return new TrainConfig(steps, new Schedule.Constant(0.01), Clipping.globalNorm(1.0), 0, 42);
    }

    private static List<Double> losses(Trainer trainer) {
        List<Double> out = new ArrayList<>();
        trainer.addListener(e -> {
            if (e instanceof TrainingEvent.Step s) {
                out.add(s.loss());
            }
        });
        return out;
    }

    @Test
    void theLossFallsOnALearnableSequence() {
        GraphModel m = model();
        Trainer trainer = new Trainer(task(m), new Adam(task(m).parameters(), Adam.Config.adam()), config(80));
        List<Double> losses = losses(trainer);
        trainer.run();
        assertThat(losses).hasSize(80);
        double first = losses.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(75, 80).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(last).as("mean loss of the last 5 steps vs the first 5").isLessThan(first * 0.6);
        assertThat(trainer.state()).isEqualTo(Trainer.State.FINISHED);
    }

    @Test
    void aRunResumedFromItsStateHasTheUninterruptedRunsLosses() {
        GraphModel straight = model();
        GraphTask straightTask = task(straight);
        Trainer a = new Trainer(straightTask, new Adam(straightTask.parameters(), Adam.Config.adamW()), config(10));
        List<Double> expected = losses(a);
        a.run();

        GraphModel first = model();
        GraphTask firstTask = task(first);
        Adam firstOpt = new Adam(firstTask.parameters(), Adam.Config.adamW());
        Trainer b = new Trainer(firstTask, firstOpt, config(10));
        List<Double> head = losses(b);
        b.addListener(e -> {
            if (e instanceof TrainingEvent.Step s && s.step() == 4) {
                b.stop();
            }
        });
        b.run();
        assertThat(b.state()).isEqualTo(Trainer.State.STOPPED);
        assertThat(b.step()).isEqualTo(4);
        Map<String, Tensor> weights = first.stateDict();
        Map<String, Tensor> optimizerState = firstOpt.state();

        GraphModel resumed = GraphModel.compile(first.graph(), BlockKinds.standard(), DType.FLOAT64, 12345);
        resumed.loadStateDict(weights);
        GraphTask resumedTask = task(resumed);
        Adam resumedOpt = new Adam(resumedTask.parameters(), Adam.Config.adamW());
        resumedOpt.loadState(optimizerState);
        Trainer c = new Trainer(resumedTask, resumedOpt, config(10));
        c.resumeAt(4);
        List<Double> tail = losses(c);
        c.run();
        List<Double> joined = new ArrayList<>(head);
        joined.addAll(tail);
        assertThat(joined).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(joined.get(i)).as("step %d", i + 1).isCloseTo(expected.get(i), within(1e-9));
        }
    }

    @Test
    void onItsOwnThreadItPausesTakesOneStepChangesTheRateAndStops() throws Exception {
        GraphModel m = model();
        GraphTask t = task(m);
        Trainer trainer = new Trainer(t, new Adam(t.parameters(), Adam.Config.adam()), config(1000));
        List<TrainingEvent> events = new CopyOnWriteArrayList<>();
        trainer.addListener(events::add);
        trainer.pause();                       // paused before the first step
        trainer.start();
        waitFor(() -> trainer.state() == Trainer.State.PAUSED);
        assertThat(trainer.step()).isZero();
        trainer.stepOnce();
        waitFor(() -> trainer.step() == 1 && trainer.state() == Trainer.State.PAUSED);
        Thread.sleep(50);
        assertThat(trainer.step()).as("exactly one step while paused").isEqualTo(1);
        trainer.setLearningRate(0.5);
        trainer.stepOnce();
        waitFor(() -> trainer.step() == 2 && trainer.state() == Trainer.State.PAUSED);
        trainer.resume();
        waitFor(() -> trainer.step() >= 5);
        trainer.stop();
        assertThat(trainer.awaitEnd(30, TimeUnit.SECONDS)).isTrue();
        assertThat(trainer.state()).isEqualTo(Trainer.State.STOPPED);

        List<TrainingEvent.Step> steps = events.stream().filter(e -> e instanceof TrainingEvent.Step)
                .map(e -> (TrainingEvent.Step) e).toList();
        assertThat(steps.get(0).learningRate()).isEqualTo(0.01);
        assertThat(steps.get(1).learningRate()).isEqualTo(0.5);
        assertThat(steps.get(steps.size() - 1).learningRate()).isEqualTo(0.5);
        assertThat(events.get(0)).isInstanceOf(TrainingEvent.Started.class);
        assertThat(events).anyMatch(e -> e instanceof TrainingEvent.Paused p && p.step() == 1);
        assertThat(events).anyMatch(e -> e instanceof TrainingEvent.LearningRateChanged c && c.learningRate() == 0.5);
        assertThat(events.get(events.size() - 1)).isEqualTo(new TrainingEvent.Finished(trainer.step(), false));
        assertThat(steps.get(0).gradNormBefore()).isPositive();
        assertThat(steps.get(0).tokens()).isEqualTo((long) B * (T - 1));
    }

    /** The graph task of {@code model()}, as a task whose methods a test can override one by one. */
    private static class Delegating implements TrainingTask {
        private final GraphModel model;
        private final GraphTask inner;

        Delegating(GraphModel model) {
            this.model = model;
            this.inner = task(model);
        }

        @Override
        public org.seqlab.nn.Module module() {
            return model;
        }

        @Override
        public Map<String, Tensor> parameters() {
            return inner.parameters();
        }

        @Override
        public StepLoss loss(long step, long seed) {
            return inner.loss(step, seed);
        }
    }

    /** A run whose task evaluates: the held-out number is the step it was asked at, so events name their place. */
    private static TrainingTask evaluatingTask(GraphModel m) {
        return new Delegating(m) {
            @Override
            public Map<String, Double> evaluate(long step) {
                return Map.of("asked_at", (double) step);
            }
        };
    }

    /** A task whose loss is NaN from step 3 on, as after a blow-up. */
    private static TrainingTask blowingUpAtStep3(GraphModel m) {
        return new Delegating(m) {
            @Override
            public StepLoss loss(long step, long seed) {
                StepLoss l = super.loss(step, seed);
                return step < 3 ? l : new StepLoss(F.mul(l.loss(), Tensor.scalar(DType.FLOAT64, Double.NaN)),
                        l.tokens(), l.metrics());
            }
        };
    }

    @Test
    void aRunTakenInSlicesHasTheStepsLossesAndEvaluationsOfTheRunTakenWhole() throws InterruptedException {
        TrainConfig evaluating = new TrainConfig(12, new Schedule.Constant(0.01), Clipping.globalNorm(1.0), 5, 42);
        GraphModel whole = model();
        TrainingTask wholeTask = evaluatingTask(whole);
        Trainer a = new Trainer(wholeTask, new Adam(wholeTask.parameters(), Adam.Config.adam()), evaluating);
        List<TrainingEvent> expected = new ArrayList<>();
        a.addListener(expected::add);
        a.run();

        GraphModel sliced = model();
        TrainingTask slicedTask = evaluatingTask(sliced);
        Trainer b = new Trainer(slicedTask, new Adam(slicedTask.parameters(), Adam.Config.adam()), evaluating);
        List<TrainingEvent> events = new ArrayList<>();
        b.addListener(events::add);
        int slices = 0;
        while (!b.runSlice(0)) {                 // a zero budget: one step per slice
            slices++;
            assertThat(b.state()).isEqualTo(Trainer.State.RUNNING);
        }
        assertThat(slices).as("one step per slice, the last slice ends the run").isEqualTo(11);
        assertThat(b.state()).isEqualTo(Trainer.State.FINISHED);
        assertThat(b.awaitEnd(0, TimeUnit.SECONDS)).isTrue();
        assertThat(events).hasSameSizeAs(expected);
        for (int i = 0; i < events.size(); i++) {
            TrainingEvent e = events.get(i);
            TrainingEvent x = expected.get(i);
            assertThat(e.getClass()).as("event %d", i).isEqualTo(x.getClass());
            if (e instanceof TrainingEvent.Step s) {
                TrainingEvent.Step xs = (TrainingEvent.Step) x;
                assertThat(s.step()).isEqualTo(xs.step());
                assertThat(s.loss()).as("loss of step %d", s.step()).isCloseTo(xs.loss(), within(1e-12));
                assertThat(s.gradNormBefore()).isCloseTo(xs.gradNormBefore(), within(1e-12));
            } else if (!(e instanceof TrainingEvent.Started)) {
                assertThat(e).as("event %d", i).isEqualTo(x);
            }
        }
        assertThat(events).contains(new TrainingEvent.Evaluated(5, Map.of("asked_at", 5.0)),
                new TrainingEvent.Evaluated(10, Map.of("asked_at", 10.0)),
                new TrainingEvent.Evaluated(12, Map.of("asked_at", 12.0)));
        assertThatThrownBy(() -> b.runSlice(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has ended");
    }

    @Test
    void inSlicesAPausedRunReturnsAtOnceTakesSingleStepsAndStops() {
        GraphModel m = model();
        GraphTask t = task(m);
        Trainer trainer = new Trainer(t, new Adam(t.parameters(), Adam.Config.adam()), config(1000));
        List<TrainingEvent> events = new ArrayList<>();
        trainer.addListener(events::add);
        assertThat(trainer.runSlice(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(100))).isFalse();
        long afterFirst = trainer.step();
        assertThat(afterFirst).as("steps within a 100 ms budget").isPositive();
        trainer.pause();
        assertThat(trainer.runSlice(Long.MAX_VALUE)).as("paused: returns without a step").isFalse();
        assertThat(trainer.runSlice(Long.MAX_VALUE)).isFalse();
        assertThat(trainer.step()).isEqualTo(afterFirst);
        assertThat(trainer.state()).isEqualTo(Trainer.State.PAUSED);
        assertThat(events.stream().filter(e -> e instanceof TrainingEvent.Paused)).as("Paused told once").hasSize(1);
        trainer.stepOnce();
        assertThat(trainer.runSlice(Long.MAX_VALUE)).isFalse();
        assertThat(trainer.step()).as("exactly one step while paused").isEqualTo(afterFirst + 1);
        assertThat(trainer.state()).isEqualTo(Trainer.State.PAUSED);
        trainer.resume();
        assertThat(trainer.runSlice(0)).isFalse();
        assertThat(trainer.step()).isEqualTo(afterFirst + 2);
        assertThat(trainer.state()).isEqualTo(Trainer.State.RUNNING);
        trainer.stop();
        assertThat(trainer.runSlice(Long.MAX_VALUE)).as("a stopped run ends at the next slice").isTrue();
        assertThat(trainer.state()).isEqualTo(Trainer.State.STOPPED);
        assertThat(trainer.step()).isEqualTo(afterFirst + 2);
        assertThat(events.get(events.size() - 1)).isEqualTo(new TrainingEvent.Finished(afterFirst + 2, false));
        assertThat(events).containsSubsequence(new TrainingEvent.Paused(afterFirst),
                new TrainingEvent.Resumed(afterFirst), new TrainingEvent.Paused(afterFirst + 1),
                new TrainingEvent.Resumed(afterFirst + 1));
    }

    @Test
    void aNonFiniteLossStopsTheRunWithAClearMessage() {
        TrainingTask t = blowingUpAtStep3(model());
        Trainer trainer = new Trainer(t, new Adam(t.parameters(), Adam.Config.adam()), config(5));
        List<TrainingEvent> events = new ArrayList<>();
        trainer.addListener(events::add);
        assertThatThrownBy(trainer::run).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("Training stopped at step 3: the loss is NaN");
        assertThat(trainer.step()).isEqualTo(2);
        assertThat(trainer.state()).isEqualTo(Trainer.State.FAILED);
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Failed.class);
    }

    @Test
    void aStepThatFailsInASliceEndsTheRun() throws InterruptedException {
        TrainingTask t = blowingUpAtStep3(model());
        Trainer trainer = new Trainer(t, new Adam(t.parameters(), Adam.Config.adam()), config(5));
        List<TrainingEvent> events = new ArrayList<>();
        trainer.addListener(events::add);
        assertThat(trainer.runSlice(0)).isFalse();
        assertThat(trainer.runSlice(0)).isFalse();
        assertThatThrownBy(() -> trainer.runSlice(0)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("Training stopped at step 3: the loss is NaN");
        assertThat(trainer.state()).isEqualTo(Trainer.State.FAILED);
        assertThat(trainer.awaitEnd(0, TimeUnit.SECONDS)).as("the run has ended").isTrue();
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(TrainingEvent.Failed.class,
                f -> assertThat(f.step()).isEqualTo(3));
        assertThatThrownBy(() -> trainer.runSlice(0)).isInstanceOf(IllegalStateException.class);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(5);
        }
    }
}
