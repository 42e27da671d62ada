package org.seqlab.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.seqlab.SeqLabException;
import org.seqlab.train.Trainer;
import org.seqlab.train.TrainingEvent;

class RunDirectoryTest {
    @TempDir
    Path dir;

    private static List<Double> losses(Trainer t) {
        List<Double> out = new ArrayList<>();
        t.addListener(e -> {
            if (e instanceof TrainingEvent.Step s) {
                out.add(s.loss());
            }
        });
        return out;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "03|hidden=16",
        "07|block=16,batch=4,layers=1,heads=2,d=32",
        "08|hidden=16,embed=8,sampling=linear,beam=2",
        "06|hidden=16,layers=1,pretrain_fraction=0.5",
        "09|embed=8,hidden=8"})
    void resumingFromTheFilesContinuesTheSameRun(String id, String variant) {
        Experiment e = Experiments.get(id);
        ExperimentOptions o = ExperimentOptions.defaults().withSteps(6).withVariant(variant).withSeed(5);
        Prepared whole = e.prepare(o);
        Trainer straight = new Trainer(whole.task(), whole.optimizer(), whole.config());
        List<Double> expected = losses(straight);
        straight.run();

        Prepared first = e.prepare(o);
        Trainer part = new Trainer(first.task(), first.optimizer(), first.config().withSteps(6));
        part.addListener(ev -> {
            if (ev instanceof TrainingEvent.Step s && s.step() == 3) {
                RunDirectory.save(dir, first, 3, java.util.Map.of("loss", s.loss()));
                part.stop();
            }
        });
        part.run();

        RunDirectory.Saved saved = RunDirectory.read(dir);
        assertThat(saved.step()).isEqualTo(3);
        assertThat(saved.experiment().id()).isEqualTo(id);
        Prepared again = e.prepare(saved.options());
        RunDirectory.restore(saved, again);
        Trainer rest = new Trainer(again.task(), again.optimizer(), again.config());
        rest.resumeAt(saved.step());
        List<Double> resumed = losses(rest);
        rest.run();
        assertThat(resumed).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(resumed.get(i)).as("loss of step %d", i + 4).isCloseTo(expected.get(i + 3),
                    org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    @Test
    void keepsTheNewestCheckpointsAndNoHalfWrittenOne() {
        Prepared p = Experiments.get("01").prepare(ExperimentOptions.defaults().withSteps(2).withVariant("hidden=4"));
        for (long s = 1; s <= 5; s++) {
            RunDirectory.save(dir, p, s, java.util.Map.of());
        }
        assertThat(RunDirectory.checkpoints(dir)).hasSize(RunDirectory.KEEP);
        assertThat(RunDirectory.latest(dir).getFileName().toString()).isEqualTo("checkpoint-00000005");
        assertThat(dir.toFile().list()).allMatch(n -> n.startsWith("checkpoint-"));
    }

    @Test
    void theCheckpointWithTheLowestHeldOutLossIsKeptApartFromTheNewest() {
        Prepared p = Experiments.get("01").prepare(ExperimentOptions.defaults().withSteps(2).withVariant("hidden=4"));
        Checkpointer c = new Checkpointer(dir, p, 1);
        double[] heldOut = {0.9, 0.4, 0.6, 0.7, 0.8};                     // best at step 2, then it overfits
        for (int s = 1; s <= heldOut.length; s++) {
            c.on(new TrainingEvent.Step(s, 10, 1.0, 0.1, 1, 1, false, 4, 1, java.util.Map.of()));
            c.on(new TrainingEvent.Evaluated(s, java.util.Map.of("val_loss", heldOut[s - 1])));
        }
        assertThat(c.best()).isEqualTo(dir.resolve(RunDirectory.BEST));
        RunDirectory.Saved best = RunDirectory.read(c.best());
        assertThat(best.step()).isEqualTo(2);
        assertThat(best.metrics()).containsEntry("val_loss", 0.4);
        // the newest three are still there, and "best" is not one of them nor pruned with them
        assertThat(RunDirectory.checkpoints(dir)).hasSize(RunDirectory.KEEP);
        assertThat(RunDirectory.latest(dir).getFileName().toString()).isEqualTo("checkpoint-00000005");
        assertThat(RunDirectory.read(dir).step()).isEqualTo(5);
    }

    @Test
    void aFolderWithoutACheckpointSaysWhatToDo() throws Exception {
        assertThatThrownBy(() -> RunDirectory.read(dir)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("no checkpoint").hasMessageContaining("seqlab train");
        Path c = Files.createDirectories(dir.resolve("checkpoint-00000001"));
        Files.writeString(c.resolve("run.json"), "{\"format\": \"other\"}");
        assertThatThrownBy(() -> RunDirectory.read(dir)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("seqlab-run-1");
        Files.writeString(c.resolve("run.json"), "{not json");
        assertThatThrownBy(() -> RunDirectory.read(dir)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("damaged");
    }
}
