package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
                + " runs\\)");
        Matcher m = line.matcher(r.out());
        int found = 0;
        while (m.find()) {
            double median = Double.parseDouble(m.group(2));
            double min = Double.parseDouble(m.group(3));
            double max = Double.parseDouble(m.group(4));
            assertThat(median).isPositive().isBetween(min, max);
            found++;
        }
        assertThat(found).as(r.out()).isEqualTo(2);
    }

    @Test
    void anUnknownWorkloadOrBadCountIsRefusedWithTheChoices() {
        CliRun r = CliRun.run("bench", "W9");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("There is no workload 'W9'").contains("[W5]");
        CliRun runs = CliRun.run("bench", "--runs", "0");
        assertThat(runs.exitCode()).isEqualTo(2);
        assertThat(runs.err()).contains("--runs must be at least 1");
    }
}
