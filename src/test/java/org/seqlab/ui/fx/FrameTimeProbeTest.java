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
}
