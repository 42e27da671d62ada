package org.seqlab.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code seqlab gallery [--show ENTRY] [--snapshot FILE]}: opens the gallery of widgets and panels. */
@Command(name = "gallery", mixinStandardHelpOptions = true,
        description = {"Opens the gallery: every widget on canned data and every panel of the debugger window on a"
                + " small recorded model (seed 0). Needs a display, like the app."})
public final class GalleryCommand implements Callable<Integer> {

    /** The entry ids the gallery offers, as {@code --show} takes them. */
    static final String ENTRIES = "heatmap-attention, heatmap-gates, chart-gradient, chart-loss, graph, gates, gradient-flow, attention, positions";

    @ParentCommand
    private SeqLabCommand parent;

    @Option(names = "--show", paramLabel = "ENTRY",
            description = "Open the gallery on this entry: " + ENTRIES + " (and every widget the gallery lists).")
    private String show;

    @Option(names = "--snapshot", paramLabel = "FILE",
            description = "Write a PNG picture of the gallery to FILE once its entry has drawn, and quit.")
    private Path snapshot;

    @Override
    public Integer call() {
        String entry = show == null ? "true" : show;
        if (!entry.matches("[a-z][a-z0-9-]*")) {
            throw new org.seqlab.SeqLabException("Cannot open the gallery on \"" + show + "\": an entry is a lower-case"
                    + " id such as " + ENTRIES + ". Run 'seqlab gallery' and pick one in the list.");
        }
        if (snapshot == null) {
            parent.launchApp(new String[] {"--gallery=" + entry});
        } else {
            parent.launchApp(new String[] {"--gallery=" + entry, "--snapshot=" + SeqLabCommand.checkSnapshotTarget(snapshot)});
        }
        return 0;
    }
}
