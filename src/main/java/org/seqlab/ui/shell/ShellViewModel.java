package org.seqlab.ui.shell;

import java.util.Objects;
import java.util.concurrent.Callable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.seqlab.SeqLabVersion;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state behind the main window shell: theme, language, the compute backend's status, and the
 * facts the About box shows. Holds no node; tested without a stage.
 */
public final class ShellViewModel {

    private static final Logger LOG = LoggerFactory.getLogger(ShellViewModel.class);

    private final I18n i18n;
    private final TaskExecutor executor;
    private final Callable<String> backendProbe;
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private final ReadOnlyObjectWrapper<BackendStatus> backend =
            new ReadOnlyObjectWrapper<>(this, "backend", new BackendStatus.Loading());
    private boolean backendRequested;

    /**
     * @param backendProbe loads the compute backend and describes it in one line; slow (it loads
     *                     natives), so it only ever runs on {@code executor}
     */
    public ShellViewModel(I18n i18n, TaskExecutor executor, Callable<String> backendProbe) {
        this.i18n = Objects.requireNonNull(i18n);
        this.executor = Objects.requireNonNull(executor);
        this.backendProbe = Objects.requireNonNull(backendProbe);
    }

    /** The one task executor, for the panels the window assembles. */
    public TaskExecutor executor() {
        return executor;
    }

    public I18n i18n() {
        return i18n;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public ObjectProperty<Language> languageProperty() {
        return i18n.languageProperty();
    }

    public ReadOnlyObjectProperty<BackendStatus> backendProperty() {
        return backend.getReadOnlyProperty();
    }

    /** Starts loading the compute backend in the background; later calls do nothing. */
    public void loadBackend() {
        if (backendRequested) {
            return;
        }
        backendRequested = true;
        executor.submit(backendProbe,
                summary -> backend.set(new BackendStatus.Ready(summary)),
                failure -> {
                    LOG.warn("The ND4J backend could not be loaded", failure);
                    backend.set(new BackendStatus.Failed(reason(failure)));
                });
    }

    /** The backend line of the About box: "loading…", the summary, or why it is not available. */
    public StringBinding backendText() {
        return Bindings.createStringBinding(() -> {
            BackendStatus status = backend.get();
            if (status instanceof BackendStatus.Ready ready) {
                return ready.summary();
            }
            if (status instanceof BackendStatus.Failed failed) {
                return i18n.format("about.backend.failed", failed.reason());
            }
            return i18n.get("about.backend.loading");
        }, backend, i18n.languageProperty());
    }

    /** The status bar's message, following the backend's loading. */
    public StringBinding statusText() {
        return Bindings.createStringBinding(() -> {
            BackendStatus status = backend.get();
            if (status instanceof BackendStatus.Ready ready) {
                return i18n.format("status.backend.ready", ready.summary());
            }
            if (status instanceof BackendStatus.Failed failed) {
                return i18n.format("status.backend.failed", failed.reason());
            }
            return i18n.get("status.backend.loading");
        }, backend, i18n.languageProperty());
    }

    public String seqlabVersion() {
        return SeqLabVersion.current();
    }

    public String javaVersion() {
        return SeqLabVersion.javaRuntime();
    }

    /** The JavaFX runtime's version; known once the toolkit has started. */
    public String javafxVersion() {
        String v = System.getProperty("javafx.runtime.version");
        return v == null ? i18n.get("about.unknown") : v;
    }

    /** What the About box's Copy button puts on the clipboard: plain lines for a bug report. */
    public String versionReport() {
        return "SeqLab " + seqlabVersion() + "\nJava " + javaVersion() + "\nJavaFX " + javafxVersion()
                + "\n" + backendText().get() + "\n";
    }

    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }
}
