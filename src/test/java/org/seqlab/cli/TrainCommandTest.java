package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsTheExperimentsAndShowsOne() {
        CliRun list = CliRun.run("experiments");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("01", "05", "09", "gpt-nanogpt-cpu");
        CliRun one = CliRun.run("experiments", "7", "--lang", "zh");
        assertThat(one.exitCode()).isZero();
        assertThat(one.out()).contains("07", "GPT", "block = 64");
    }

    @Test
    void trainsEvaluatesGeneratesAndResumes() {
        Path out = dir.resolve("run");
        CliRun train = CliRun.run("train", "--experiment", "03", "--steps", "4", "--variant", "hidden=8",
                "--out", out.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("step 4/4", "tokens/s", "ETA", "eval @4", "val_accuracy", "done: 4 steps",
                "(median)", "checkpoint-00000004");
        CliRun again = CliRun.run("train", "--experiment", "03", "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("already holds a run", "--resume");

        CliRun eval = CliRun.run("eval", "--checkpoint", out.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("at step 4", "val_accuracy ", "val_loss ");

        CliRun gen = CliRun.run("generate", "--checkpoint", out.toString(), "--prompt", "i loved this film");
        assertThat(gen.exitCode()).as(gen.err()).isZero();
        assertThat(gen.out()).containsPattern("(positive|negative)  \\(negative 0\\.\\d+, positive 0\\.\\d+\\)");

        CliRun more = CliRun.run("train", "--resume", out.toString(), "--steps", "6");
        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(more.out()).contains("resuming at step 4 of 6", "step 6/6", "done: 2 steps");
        assertThat(out.resolve("checkpoint-00000006/run.json")).exists();
    }

    @Test
    void evaluatesAUsersLabelledFileWithBomAndCrlf() throws Exception {
        Path out = dir.resolve("run");
        assertThat(CliRun.run("train", "-e", "03", "--steps", "2", "--variant", "hidden=8", "--out", out.toString())
                .exitCode()).isZero();
        Path tsv = dir.resolve("held.tsv");
        Files.write(tsv, ("\uFEFFtext\tlabel\r\ni love this movie\tpositive\r\nan awful boring film\tnegative\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        CliRun eval = CliRun.run("eval", "--checkpoint", out.toString(), "--data", tsv.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("val_accuracy ");
    }

    @Test
    void badInputGetsOneClearMessage() {
        CliRun unknown = CliRun.run("train", "--experiment", "42", "--out", dir.resolve("x").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no experiment '42'", "seqlab experiments");
        CliRun variant = CliRun.run("train", "-e", "01", "--variant", "colour=blue", "--out", dir.resolve("y").toString());
        assertThat(variant.exitCode()).isEqualTo(2);
        assertThat(variant.err()).contains("no setting 'colour'", "length (default 16");
        CliRun missing = CliRun.run("train", "-e", "07", "--data", dir.resolve("nope.txt").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no data file", "plain text");
        CliRun noRun = CliRun.run("eval", "--checkpoint", dir.toString());
        assertThat(noRun.exitCode()).isEqualTo(2);
        assertThat(noRun.err()).contains("no checkpoint");
        CliRun both = CliRun.run("generate", "--checkpoint", dir.toString(), "--prompt", "x", "--beam", "3",
                "--temperature", "0.8");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("either --beam");
    }
}
