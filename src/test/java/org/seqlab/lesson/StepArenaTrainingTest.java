package org.seqlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.autograd.StepArena;
import org.seqlab.train.Trainer;
import org.seqlab.train.TrainingEvent;

/**
 * Training in step arenas changes no number: every experiment trains a few steps with arenas and without, and the
 * losses, the held-out figures and every parameter agree exactly. The arena run has ND4J's workspace check on, so
 * an array kept from one step into the next (a cache, a carried state) fails the op that reads it.
 */
class StepArenaTrainingTest {

    private record Outcome(List<Double> losses, Map<String, Double> evaluation, Map<String, double[]> parameters) {
    }

    @AfterEach
    void restore() {
        StepArena.setEnabled(true);
        StepArena.setChecking(false);
        StepArena.freeThisThread();
    }

    private static Outcome train(String id, boolean arena) {
        StepArena.setEnabled(arena);
        StepArena.setChecking(arena);
        Prepared p = Experiments.get(id).prepare(ExperimentOptions.defaults().withSteps(4));
        Trainer trainer = new Trainer(p.task(), p.optimizer(), p.config());
        List<Double> losses = new ArrayList<>();
        trainer.addListener(ev -> {
            if (ev instanceof TrainingEvent.Step s) {
                losses.add(s.loss());
            } else if (ev instanceof TrainingEvent.Failed f) {
                throw new AssertionError(f.error());
            }
        });
        trainer.run();
        Map<String, double[]> params = new LinkedHashMap<>();
        p.task().parameters().forEach((name, t) -> params.put(name, t.toDoubleArray()));
        return new Outcome(losses, p.evaluation().evaluate(), params);
    }

    @ParameterizedTest
    @MethodSource("org.seqlab.lesson.ExperimentsRunTest#ids")
    void trainsExactlyAsWithoutArenas(String id) {
        Outcome plain = train(id, false);
        Outcome arena = train(id, true);
        assertThat(arena.losses()).hasSize(4).containsExactlyElementsOf(plain.losses());
        assertThat(arena.evaluation()).isEqualTo(plain.evaluation());
        assertThat(arena.parameters().keySet()).containsExactlyElementsOf(plain.parameters().keySet());
        plain.parameters().forEach((name, w) -> assertThat(arena.parameters().get(name)).as(name).containsExactly(w));
    }
}
