package org.seqlab;

import org.seqlab.autograd.Backend;
import org.seqlab.cli.SeqLabCommand;
import org.seqlab.ui.shell.DesktopApp;

/**
 * The composition root: {@code java -jar seqlab.jar [COMMAND]}. It wires the command line to the
 * desktop app and nothing else. With no command, {@code seqlab} opens the app; commands such as
 * {@code gradcheck} run headless.
 *
 * <p>This class must not extend {@code javafx.application.Application}: a classpath launch of such a
 * main class fails with "JavaFX runtime components are missing". {@link DesktopApp} starts JavaFX.
 */
public final class SeqLab {

    private SeqLab() {
    }

    public static void main(String[] args) {
        Backend.configureNative();
        System.exit(SeqLabCommand.run(args, DesktopApp::launch));
    }
}
