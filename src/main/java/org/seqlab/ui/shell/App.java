package org.seqlab.ui.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.seqlab.autograd.Backend;
import org.seqlab.lesson.Experiments;
import org.seqlab.ui.fx.FrameTimeProbe;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.Snapshots;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.training.TrainingPanel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: assembles the task executor, the view-model and the main window, and starts
 * loading the compute backend in the background while the window opens. Started by {@link DesktopApp}.
 *
 * <p>Named parameters: {@code --snapshot=FILE}: once the window has drawn and the backend has loaded,
 * write a PNG of the window to FILE and quit; {@code --gallery=true} (or {@code --gallery=ENTRY}): open the
 * gallery instead of the main window (on that entry); {@code --train=ID}: bring the training dashboard to the
 * front and train experiment ID.
 */
public final class App extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    /** Rounds of empty tasks that let follow-up work (recording → graph → layout) finish before a picture. */
    private static final int SETTLE_ROUNDS = 4;

    /** The system property that turns on the frame-time probe's log: seconds between reports. */
    static final String FRAME_PROBE = "seqlab.frameProbe";

    private TaskExecutor executor;

    @Override
    public void start(Stage stage) {
        executor = new FxTaskExecutor();
        Language language = Language.forLocale(Locale.getDefault());
        String snapshot = getParameters().getNamed().get("snapshot");
        String gallery = getParameters().getNamed().get("gallery");
        if (gallery != null) {
            GalleryWindow window = openGallery(stage, executor, language, gallery.equals("true") ? null : gallery);
            if (snapshot != null) {
                snapshotGalleryWhenReady(window, executor, Path.of(snapshot));
            }
            return;
        }
        Map<String, String> named = getParameters().getNamed();
        MainWindow window = openMainWindow(stage, executor, language, Platform::exit, named.get("template"),
                named.get("input"), named.get("panel"));
        String train = named.get("train");
        if (train != null) {
            startTraining(window, train);
        }
        if (snapshot != null) {
            snapshotWhenReady(window, Path.of(snapshot));
        }
        startFrameProbe();
    }

    /** Brings the training dashboard to the front and starts training experiment {@code id} (checked by the CLI). */
    private static void startTraining(MainWindow window, String id) {
        window.openPanel(TrainingPanel.ID);
        window.panel(TrainingPanel.ID).map(TrainingPanel.class::cast).ifPresent(p -> {
            Experiments.find(id).ifPresentOrElse(p.model().experimentProperty()::set,
                    () -> LOG.warn("There is no experiment '{}'; training {} instead.", id,
                            p.model().experimentProperty().get().id()));
            p.model().start();
        });
    }

    /**
     * With {@code -Dseqlab.frameProbe=SECONDS}, logs how evenly the FX thread draws every SECONDS seconds (see
     * {@link FrameTimeProbe}): for engineers checking that background work does not stall the window.
     */
    private static void startFrameProbe() {
        String seconds = System.getProperty(FRAME_PROBE);
        if (seconds == null) {
            return;
        }
        double every;
        try {
            every = Double.parseDouble(seconds);
        } catch (NumberFormatException e) {
            every = -1;
        }
        if (!(every > 0)) {
            LOG.warn("-D{}={} is not a number of seconds above 0 (e.g. -D{}=10); the frame-time probe stays off.",
                    FRAME_PROBE, seconds, FRAME_PROBE);
            return;
        }
        new FrameTimeProbe(every, times -> LOG.info("FX thread: {}", times.summary())).start();
    }

    /** Builds and shows the gallery on {@code stage}, on the entry {@code show} (null: the first). */
    static GalleryWindow openGallery(Stage stage, TaskExecutor executor, Language language, String show) {
        ShellViewModel viewModel = new ShellViewModel(new I18n(language), executor, () -> Backend.info().summary());
        GalleryWindow window = new GalleryWindow(stage, viewModel, Panels.standard());
        window.show(show);
        return window;
    }

    /** Once the canned recordings have finished and the work they started has settled, writes the gallery's picture. */
    private static void snapshotGalleryWhenReady(GalleryWindow window, TaskExecutor executor, Path file) {
        Runnable write = () -> afterExecutorSettles(executor, SETTLE_ROUNDS,
                () -> writeSnapshotAndQuit(window.scene(), file));
        if (window.readyProperty().get()) {
            write.run();
            return;
        }
        window.readyProperty().addListener(new ChangeListener<Boolean>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> obs, Boolean old, Boolean ready) {
                if (ready) {
                    window.readyProperty().removeListener(this);
                    write.run();
                }
            }
        });
    }

    /**
     * Runs {@code action} on the FX thread once the executor has run {@code rounds} empty tasks one after the
     * other. The executor has one worker, first in first out, so each empty task runs after every task submitted
     * before it; a result's follow-up work (a recording's graph, then its layout) is submitted in the result's
     * hand-off, before the next round starts.
     */
    static void afterExecutorSettles(TaskExecutor executor, int rounds, Runnable action) {
        if (rounds == 0) {
            Platform.runLater(action);
            return;
        }
        executor.submit(() -> Boolean.TRUE, done -> Platform.runLater(
                () -> afterExecutorSettles(executor, rounds - 1, action)), failure -> Platform.runLater(action));
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    /** Builds and shows the main window on {@code stage}; the backend starts loading on {@code executor}. */
    static MainWindow openMainWindow(Stage stage, TaskExecutor executor, Language language, Runnable quit) {
        return openMainWindow(stage, executor, language, quit, null, null, null);
    }

    /**
     * As {@link #openMainWindow(Stage, TaskExecutor, Language, Runnable)}, on {@code template} and {@code input}
     * (null: the defaults) with panel {@code panel} in front (null: the first; an unknown id is logged and the
     * first shown).
     */
    static MainWindow openMainWindow(Stage stage, TaskExecutor executor, Language language, Runnable quit,
                                     String template, String input, String panel) {
        ShellViewModel viewModel = new ShellViewModel(new I18n(language), executor, () -> Backend.info().summary());
        MainWindow window = new MainWindow(stage, viewModel, quit);
        if (template != null) {
            window.modelBar().templateProperty().set(template);
        }
        if (input != null) {
            window.modelBar().textProperty().set(input);
        }
        window.show();
        if (panel != null) {
            try {
                window.openPanel(panel);
            } catch (IllegalArgumentException unknown) {
                LOG.warn("{}. Opening the first panel instead.", unknown.getMessage());
            }
        }
        window.recordDefault(); // the default model records in the background; the window shows "Recording…"
        viewModel.loadBackend(); // warm ND4J up off the FX thread while the window opens
        return window;
    }


    private static void snapshotWhenReady(MainWindow window, Path file) {
        var backend = window.viewModel().backendProperty();
        TaskExecutor executor = window.viewModel().executor();
        if (!(backend.get() instanceof BackendStatus.Loading)) {
            afterExecutorSettles(executor, SETTLE_ROUNDS, () -> writeSnapshotAndQuit(window.scene(), file));
            return;
        }
        backend.addListener(new ChangeListener<BackendStatus>() {
            @Override
            public void changed(ObservableValue<? extends BackendStatus> obs, BackendStatus old, BackendStatus status) {
                backend.removeListener(this);
                // after the status bar has updated and the panels' work on the first recording has finished
                afterExecutorSettles(executor, SETTLE_ROUNDS, () -> writeSnapshotAndQuit(window.scene(), file));
            }
        });
    }

    private static void writeSnapshotAndQuit(Scene scene, Path file) {
        try {
            Snapshots.writePng(scene, file);
            LOG.info("Wrote a picture of the window to {}", file);
        } catch (IOException e) {
            LOG.error("Could not write the picture of the window to {}: {}", file, e.getMessage());
        }
        Platform.exit();
    }
}
