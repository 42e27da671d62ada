package org.seqlab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.seqlab.ui.fx.FxTests.fx;

import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.ui.fx.FrameTimeProbe;
import org.seqlab.ui.fx.FrameTimes;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.framework.junit5.Stop;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The frame-time probe on the main window while the background re-records the model again and again and every
 * panel takes up each new recording: the window's busiest hand-offs. It logs the figures (they are measured, not
 * asserted: CI machines differ) and checks that the probe saw the frames of the whole run.
 */
@ExtendWith(ApplicationExtension.class)
class FrameTimesWhileRecordingTest {

    private static final Logger LOG = LoggerFactory.getLogger(FrameTimesWhileRecordingTest.class);
    private static final String[] INPUTS = {"to be or not to be", "hello world", "the quick brown fox",
        "sequence models", "attention is all you need", "long short-term memory"};

    private TaskExecutor executor;
    private MainWindow window;

    @Start
    void start(Stage stage) {
        executor = new FxTaskExecutor();
        window = App.openMainWindow(stage, executor, Language.ENGLISH, () -> { });
    }

    @Stop
    void stop() {
        executor.close();
    }

    @Test
    void theProbeMeasuresTheFxThreadWhileTheModelReRecords() throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> window.debugger().cursorProperty().get() != null);
        FrameTimeProbe probe = fx(() -> {
            FrameTimeProbe p = new FrameTimeProbe();
            p.start();
            return p;
        });
        long started = System.nanoTime();
        for (String input : INPUTS) {
            int revision = fx(() -> window.modelBar().revisionProperty().get());
            fx(() -> {
                window.modelBar().textProperty().set(input);
                window.modelBar().record();
            });
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                    () -> window.modelBar().revisionProperty().get() > revision);
        }
        App.afterExecutorSettles(executor, 4, () -> { });
        WaitForAsyncUtils.waitForFxEvents();
        FrameTimes times = fx(probe::stop);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info("FX thread over {} re-recordings ({} s): {}", INPUTS.length, String.format("%.1f", seconds),
                times.summary());

        assertThat(times.frames()).as(times.summary()).isGreaterThan(INPUTS.length);
        assertThat(times.maxMs()).isGreaterThanOrEqualTo(times.medianMs()).isPositive();
        assertThat(fx(() -> window.modelBar().textProperty().get())).isEqualTo(INPUTS[INPUTS.length - 1]);
    }
}
