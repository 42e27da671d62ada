package org.seqlab.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.seqlab.SeqLabException;
import org.seqlab.lesson.Experiments;
import org.seqlab.model.templates.Templates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code seqlab} command. With no subcommand it opens the desktop app through the injected
 * {@link AppLauncher}; subcommands run headless.
 *
 * <p>Every subcommand is registered in one place: the {@code subcommands} list of the annotation below.
 * A subcommand is a picocli {@code @Command} class with a no-argument constructor that throws
 * {@link SeqLabException} for errors a user can fix (message printed, exit status 2).
 *
 * <p>Exit status: 0 success, 1 a command ran but failed (or an internal error), 2 invalid command line
 * or input.
 */
@Command(
        name = SeqLabCommand.NAME,
        // subcommands inherit --help, --version and its provider, the headings and the exit status list
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        descriptionHeading = "%n",
        // a description, not a header: headers are inherited and would become every subcommand's summary
        description = {
            "SeqLab: a desktop lab for sequence models.",
            "",
            "With no command, opens the app. The commands run headless and print what the app would show.",
        },
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:success",
            "1:a command ran but failed (e.g. a gradient check did not pass), or an internal error",
            "2:invalid command line, bad input or a missing prerequisite (the message says what and the fix)",
        },
        subcommands = {
            // register every subcommand here
            BenchCommand.class,
            EvalCommand.class,
            ExperimentsCommand.class,
            GalleryCommand.class,
            GenerateCommand.class,
            GradcheckCommand.class,
            TemplatesCommand.class,
            TraceCommand.class,
            TrainCommand.class,
            HelpCommand.class,
        })
public final class SeqLabCommand implements Callable<Integer> {

    /** The command's name, as a user types it. */
    static final String NAME = "seqlab";

    @Option(names = "--snapshot", paramLabel = "FILE",
            description = "Open the app, write a PNG picture of its main window to FILE once it has drawn,"
                    + " and quit.")
    private Path snapshot;

    @Option(names = "--template", paramLabel = "NAME",
            description = "Open the app on this template instead of the default char-lstm-lm (see 'seqlab"
                    + " templates').")
    private String template;

    @Option(names = "--input", paramLabel = "TEXT",
            description = "Open the app with this input text instead of the sample sentence.")
    private String input;

    @Option(names = "--panel", paramLabel = "ID",
            description = "Open the app with this panel in front: graph, gates, gradient-flow, attention,"
                    + " positions, training.")
    private String panel;

    @Option(names = "--train", paramLabel = "ID",
            description = "Open the app with the training dashboard in front, training experiment ID (01 … 09;"
                    + " 'seqlab experiments' lists them) on its own data: the loss and the gradient norm are drawn"
                    + " live.")
    private String train;

    private final AppLauncher appLauncher;

    private SeqLabCommand(AppLauncher appLauncher) {
        this.appLauncher = appLauncher;
    }

    /**
     * Parses {@code args}, runs the command they name (or opens the app) and returns the exit status.
     * Never calls {@code System.exit}; the caller does.
     */
    public static int run(String[] args, AppLauncher appLauncher) {
        return run(args, appLauncher, System.err);
    }

    /**
     * As {@link #run(String[], AppLauncher)}, reporting through {@code err} what goes wrong when the app opens
     * without arguments. With no arguments there is nothing to parse: the app opens at once, without building
     * picocli's model of every subcommand (a third of a second of the window's start-up), and exactly as the
     * parsed path would open it (no application arguments, the same messages and exit status on failure).
     */
    static int run(String[] args, AppLauncher appLauncher, PrintStream err) {
        if (args.length > 0) {
            return commandLine(appLauncher).execute(args);
        }
        try {
            appLauncher.launch(new String[0]);
            return 0;
        } catch (RuntimeException e) {
            return UserErrorHandler.report(NAME, e, err::println, CommandLine.ExitCode.SOFTWARE);
        }
    }

    /** The configured command line, for {@link #run} and for tests that capture its output. */
    static CommandLine commandLine(AppLauncher appLauncher) {
        return new CommandLine(new SeqLabCommand(appLauncher))
                .setParameterExceptionHandler(new ShortErrorMessageHandler())
                .setExecutionExceptionHandler(new UserErrorHandler());
    }

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        if (snapshot != null) {
            args.add("--snapshot=" + checkSnapshotTarget(snapshot));
        }
        if (template != null) {
            Templates.get(template);   // an unknown name fails here, with the list of names
            args.add("--template=" + template);
        }
        if (input != null) {
            if (input.isEmpty()) {
                throw new SeqLabException("--input is empty: give some text, e.g. --input \"hello world\".");
            }
            args.add("--input=" + input);
        }
        if (panel != null) {
            args.add("--panel=" + panel);   // the app checks the id against its registry
        }
        if (train != null) {
            args.add("--train=" + Experiments.get(train).id());   // an unknown id fails here, with the list
        }
        appLauncher.launch(args.toArray(String[]::new));
        return 0;
    }

    /** Opens the app with these application arguments (for subcommands that open a window). */
    void launchApp(String[] appArgs) {
        appLauncher.launch(appArgs);
    }

    static Path checkSnapshotTarget(Path file) {
        Path target = file.toAbsolutePath().normalize();
        if (!target.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new SeqLabException("Cannot write the snapshot to " + file + ": it is written as PNG,"
                    + " so the file name must end in .png (e.g. seqlab.png).");
        }
        Path folder = target.getParent();
        if (!Files.isDirectory(folder)) {
            throw new SeqLabException("Cannot write the snapshot to " + file + ": the folder " + folder
                    + " does not exist. Create it first or choose another path.");
        }
        if (!Files.isWritable(folder) || Files.isDirectory(target)) {
            throw new SeqLabException("Cannot write the snapshot to " + file + ": "
                    + (Files.isDirectory(target) ? "it is a folder" : "the folder " + folder + " is not writable")
                    + ". Choose another path.");
        }
        return target;
    }
}
