package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code seqlab bench}: runs and reports the figures it measured; refuses what it does not run. */
class BenchCommandTest {

    @Test
    void w5PrintsAMeasuredMedianForBothPasses() {
        CliRun r = CliRun.run("bench", "W5", "--runs", "3", "--warmup", "0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 timed runs").contains("2 cores");
        Pattern line = Pattern.compile("W5 (transformer|lstm).*median +([0-9.]+) ms +\\(min ([0-9.]+), max ([0-9.]+), 3"
                + " runs; the trace holds ([0-9.]+) MB\\)");
        Matcher m = line.matcher(r.out());
        int found = 0;
        while (m.find()) {
            double median = Double.parseDouble(m.group(2));
            double min = Double.parseDouble(m.group(3));
            double max = Double.parseDouble(m.group(4));
            assertThat(median).isPositive().isBetween(min, max);
            // at least the forward values: 64 positions of the model's width in float32, many times over
            assertThat(Double.parseDouble(m.group(5))).isGreaterThan(64 * 128 * 4 / 1e6);
            found++;
        }
        assertThat(found).as(r.out()).isEqualTo(2);
    }

    @Test
    void aTrainingWorkloadPrintsTokensPerSecondThreadsAndTheFractionOfTheMeasuredPeak() {
        CliRun r = CliRun.run("bench", "W2", "--runs", "2", "--warmup", "0", "--threads", "1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("OpenMP 1, BLAS 1");
        Matcher peak = Pattern.compile("matmul peak: ([0-9.]+) GFLOP/s").matcher(r.out());
        assertThat(peak.find()).as(r.out()).isTrue();
        assertThat(Double.parseDouble(peak.group(1))).isPositive();
        Matcher m = Pattern.compile("W2 mini-GPT.* ([0-9,]+) tokens/s +\\(median step ([0-9.]+) ms.*"
                + " ([0-9.]+) GFLOP/s = ([0-9]+)% of peak\\)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double tokensPerSecond = Double.parseDouble(m.group(1).replace(",", ""));
        double stepMs = Double.parseDouble(m.group(2));
        assertThat(tokensPerSecond).isCloseTo(12 * 64 / (stepMs / 1e3), org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void eachTrainingWorkloadTrainsOnRandomTokensFromAnUntrainedStart() {
        Map<String, Integer> vocab = Map.of("W1", 65, "W2", 65, "W3", 1000);
        for (String id : Workloads.IDS) {
            try (Workloads.Run run = Workloads.create(id, 3)) {
                double uniform = Math.log(vocab.get(id) - 4);
                double first = run.step();
                double second = run.step();
                // random tokens carry nothing to learn: an untrained model's loss is near ln V and stays near it
                assertThat(first).as(id).isBetween(uniform - 0.5, uniform + 1.0);
                assertThat(second).as(id).isBetween(uniform - 0.5, uniform + 1.0).isNotEqualTo(first);
                assertThat(run.tokensPerStep()).as(id).isPositive();
                assertThat(run.flopsPerStep() / run.tokensPerStep()).as(id + " FLOPs per token").isBetween(1e6, 2e7);
            }
        }
    }

    @Test
    void anUnknownWorkloadOrBadCountIsRefusedWithTheChoices() {
        CliRun r = CliRun.run("bench", "W9");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("There is no workload 'W9'").contains("[W1, W2, W3, W5]");
        CliRun runs = CliRun.run("bench", "--runs", "0");
        assertThat(runs.exitCode()).isEqualTo(2);
        assertThat(runs.err()).contains("--runs must be at least 1");
    }
}
