package org.seqlab.ui.shell;

import java.util.logging.Logger;
import javafx.application.Application;
import org.seqlab.SeqLabException;

/**
 * Starts the desktop app from a plain {@code main} (a main class that extends {@code Application}
 * fails to launch from the classpath). Blocks until the app exits.
 */
public final class DesktopApp {

    // SeqLab runs JavaFX from the classpath on purpose (ND4J's split packages rule out modules), so
    // JavaFX's start-up warning "Unsupported JavaFX configuration: classes were loaded from 'unnamed
    // module'" says nothing a user can act on: it alone is filtered out of JavaFX's "javafx" logger
    // (its children, such as javafx.css, still report). Held in a field: java.util.logging keeps
    // loggers weakly.
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");
    private static final String CLASSPATH_WARNING = "Unsupported JavaFX configuration";

    private DesktopApp() {
    }

    /**
     * Opens the app with JavaFX application arguments and returns when it has quit.
     *
     * @throws SeqLabException if no window can be opened here (no display, or no GTK 3 on Linux)
     */
    public static void launch(String[] args) {
        JAVAFX_LOG.setFilter(log -> log.getMessage() == null || !log.getMessage().startsWith(CLASSPATH_WARNING));
        try {
            Application.launch(App.class, args);
        } catch (UnsupportedOperationException e) {
            // what the toolkit throws when it cannot start: "Unable to open DISPLAY",
            // "Unable to load glass GTK library."
            throw new SeqLabException("Cannot open the SeqLab window: " + e.getMessage()
                    + " The app needs a graphical desktop; on Linux it also needs GTK 3"
                    + " (e.g. sudo apt-get install libgtk-3-0). The commands run without one:"
                    + " see seqlab --help.", e);
        }
    }
}
