package org.seqlab.ui.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.ui.fx.FxTests.fx;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The probe on the real FX thread (Monocle, headless): it sees the frames the toolkit draws. */
@ExtendWith(ApplicationExtension.class)
class FrameTimeProbeTest {

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Label("frames"), 200, 100));
        stage.show();
    }

    @Test
    void countsTheFramesOfTheFxThreadUntilStopped() throws Exception {
        FrameTimeProbe probe = FxTests.startedProbe();
        Thread.sleep(600);
        FrameTimes times = fx(probe::stop);
        Thread.sleep(200);
        FrameTimes after = fx(probe::snapshot);

        assertThat(times.frames()).as(times.summary()).isGreaterThan(5);
        assertThat(times.medianMs()).isPositive();
        assertThat(times.maxMs()).isGreaterThanOrEqualTo(times.p99Ms()).isGreaterThanOrEqualTo(times.medianMs());
        assertThat(after.frames()).as("no frame after stop").isEqualTo(times.frames());
        assertThat(fx(probe::running)).isFalse();
    }

    @Test
    void tellsTheFxThreadsOwnWorkFromTimeItWaited() throws Exception {
        FrameTimeProbe probe = FxTests.startedProbe();
        Thread.sleep(200);
        fx(() -> {                                  // 80 ms of work on the FX thread, between two frames
            long end = System.nanoTime() + 80_000_000L;
            double x = 0;
            while (System.nanoTime() < end) {
                x += Math.sqrt(x + 1);
            }
            return x;
        });
        Thread.sleep(200);
        FrameTimes times = fx(probe::stop);

        assertThat(times.maxMs()).as(times.summary()).isGreaterThanOrEqualTo(80);
        assertThat(times.busyMaxMs()).as("CPU time of the FX thread in its longest interval: " + times.summary())
                .isGreaterThanOrEqualTo(60);
        assertThat(times.busyFrames()).as(times.summary()).isGreaterThanOrEqualTo(1);
        assertThat(times.busyMedianMs()).as(times.summary()).isLessThan(times.busyMaxMs());
    }
}
