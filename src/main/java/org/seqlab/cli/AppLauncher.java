package org.seqlab.cli;

/**
 * Opens the desktop app. The command line calls it when {@code seqlab} runs without a command; the
 * composition root ({@link org.seqlab.SeqLab}) supplies the real one, tests a fake. It keeps this
 * package free of any dependency on the UI.
 */
@FunctionalInterface
public interface AppLauncher {

    /**
     * Opens the app and returns when its last window closes.
     *
     * @param appArgs application arguments in JavaFX's named form ({@code --name=value}), e.g.
     *                {@code --snapshot=/tmp/seqlab.png}
     */
    void launch(String[] appArgs);
}
