package org.seqlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.train.Trainer;
import org.seqlab.train.TrainingEvent;

/** Every experiment trains a few steps on its own data, evaluates and answers a prompt. */
class ExperimentsRunTest {

    static List<String> ids() {
        return Experiments.all().stream().map(Experiment::id).toList();
    }

    static String prompt(String id) {
        return switch (id) {
            case "01", "02" -> "0110101";
            case "05" -> "3 7 2 9 4 4 10 2 5";
            case "09" -> "John lives in Paris";
            case "04" -> "abcdef";
            default -> "the cat sees a dog";
        };
    }

    @ParameterizedTest
    @MethodSource("ids")
    void runsAFewStepsEvaluatesAndPredicts(String id) {
        Experiment e = Experiments.get(id);
        Prepared p = e.prepare(ExperimentOptions.defaults().withSteps(3));
        Trainer trainer = new Trainer(p.task(), p.optimizer(), p.config());
        List<TrainingEvent.Step> steps = new ArrayList<>();
        List<TrainingEvent.Evaluated> evals = new ArrayList<>();
        trainer.addListener(ev -> {
            if (ev instanceof TrainingEvent.Step s) {
                steps.add(s);
            } else if (ev instanceof TrainingEvent.Evaluated v) {
                evals.add(v);
            } else if (ev instanceof TrainingEvent.Failed f) {
                throw new AssertionError(f.error());
            }
        });
        trainer.run();
        assertThat(steps).hasSize(3);
        assertThat(steps).allSatisfy(s -> {
            assertThat(s.loss()).isFinite();
            assertThat(s.tokens()).isPositive();
        });
        assertThat(evals).isNotEmpty();
        Map<String, Double> m = p.evaluation().evaluate();
        assertThat(m).isNotEmpty();
        String out = p.predictor().predict(new GenerateRequest(prompt(id), 12, 0, 0, 1, 0, 1));
        assertThat(out).isNotNull();
        System.out.println(id + " " + p.dataSummary() + " -> " + m + " | " + out);
    }

    @org.junit.jupiter.api.Test
    void generationIsReproducibleBySeed() {
        Prepared p = Experiments.get("07").prepare(ExperimentOptions.defaults().withSteps(2)
                .withVariant("block=16,batch=2,layers=1,heads=2,d=16"));
        new Trainer(p.task(), p.optimizer(), p.config()).run();
        GenerateRequest sample = new GenerateRequest("The ", 30, 1.0, 0, 1, 0, 7);
        String a = p.predictor().predict(sample);
        assertThat(p.predictor().predict(sample)).isEqualTo(a);
        assertThat(a).startsWith("The ").hasSizeGreaterThan(4);
        java.util.Set<String> bySeed = new java.util.HashSet<>();
        for (long seed = 1; seed <= 5; seed++) {
            bySeed.add(p.predictor().predict(new GenerateRequest("The ", 30, 1.0, 0, 1, 0, seed)));
        }
        assertThat(bySeed).hasSizeGreaterThan(1);
        GenerateRequest beam = new GenerateRequest("The ", 8, 0, 0, 1, 3, 1);
        assertThat(p.predictor().predict(beam)).isEqualTo(p.predictor().predict(beam));
    }
}
