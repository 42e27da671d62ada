package org.seqlab.ui.shell;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.stage.Stage;
import org.seqlab.autograd.Backend;
import org.seqlab.ui.fx.FxTaskExecutor;
import org.seqlab.ui.fx.Snapshots;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application: assembles the task executor, the view-model and the main window, and starts
 * loading the compute backend in the background while the window opens. Started by {@link DesktopApp}.
 *
 * <p>Named parameter {@code --snapshot=FILE}: once the window has drawn and the backend has loaded,
 * write a PNG of the window to FILE and quit.
 */
public final class App extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private TaskExecutor executor;

    @Override
    public void start(Stage stage) {
        executor = new FxTaskExecutor();
        Language language = Language.forLocale(Locale.getDefault());
        MainWindow window = openMainWindow(stage, executor, language, Platform::exit);
        String snapshot = getParameters().getNamed().get("snapshot");
        if (snapshot != null) {
            snapshotWhenReady(window, Path.of(snapshot));
        }
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    /** Builds and shows the main window on {@code stage}; the backend starts loading on {@code executor}. */
    static MainWindow openMainWindow(Stage stage, TaskExecutor executor, Language language, Runnable quit) {
        ShellViewModel viewModel = new ShellViewModel(new I18n(language), executor, () -> Backend.info().summary());
        MainWindow window = new MainWindow(stage, viewModel, quit);
        window.show();
        window.recordDefault(); // the default model records in the background; the window shows "Recording…"
        viewModel.loadBackend(); // warm ND4J up off the FX thread while the window opens
        return window;
    }

    private static void snapshotWhenReady(MainWindow window, Path file) {
        var backend = window.viewModel().backendProperty();
        if (!(backend.get() instanceof BackendStatus.Loading)) {
            Platform.runLater(() -> writeSnapshotAndQuit(window, file));
            return;
        }
        backend.addListener(new ChangeListener<BackendStatus>() {
            @Override
            public void changed(ObservableValue<? extends BackendStatus> obs, BackendStatus old, BackendStatus status) {
                backend.removeListener(this);
                Platform.runLater(() -> writeSnapshotAndQuit(window, file)); // after the status bar has updated
            }
        });
    }

    private static void writeSnapshotAndQuit(MainWindow window, Path file) {
        try {
            Snapshots.writePng(window.scene(), file);
            LOG.info("Wrote a picture of the main window to {}", file);
        } catch (IOException e) {
            LOG.error("Could not write the picture of the main window to {}: {}", file, e.getMessage());
        }
        Platform.exit();
    }
}
