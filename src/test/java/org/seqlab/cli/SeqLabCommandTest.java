package org.seqlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.SeqLabException;
import org.seqlab.SeqLabVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class SeqLabCommandTest {

    /** Records each launch instead of opening a window. */
    private static final class FakeLauncher implements AppLauncher {
        final List<String[]> launches = new ArrayList<>();

        @Override
        public void launch(String[] appArgs) {
            launches.add(appArgs);
        }
    }

    /** What one run printed and returned. */
    private record Run(int exitCode, String out, String err) {
    }

    private final FakeLauncher launcher = new FakeLauncher();

    private Run run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exitCode = cmd.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(SeqLabCommand.commandLine(launcher), args);
    }

    @Test
    void helpDescribesTheCommandAndDoesNotOpenTheApp() {
        Run r = run("--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: seqlab", "--help", "--version", "--snapshot=FILE", "Commands:", "help");
        assertThat(r.err()).isEmpty();
        assertThat(launcher.launches).isEmpty();
    }

    @Test
    void versionPrintsSeqLabJavaAndNd4jVersions() {
        Run r = run("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).hasSize(3);
        assertThat(r.out()).contains("SeqLab " + SeqLabVersion.current())
                .contains("Java " + System.getProperty("java.version"))
                .containsPattern("ND4J \\d+\\.\\d+\\.\\d+");
        assertThat(SeqLabVersion.current()).isNotEqualTo("unknown").doesNotContain("${");
        assertThat(launcher.launches).isEmpty();
    }

    @Test
    void unknownOptionGivesAShortMessageAndExitCode2() {
        Run r = run("--snapshto");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--snapshto'")
                .contains("--snapshot")
                .contains("Run 'seqlab --help'")
                .doesNotContain("Usage:");
        assertThat(launcher.launches).isEmpty();
    }

    @Test
    void unknownCommandGivesExitCode2() {
        Run r = run("trian");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'trian'");
        assertThat(launcher.launches).isEmpty();
    }

    @Test
    void noCommandOpensTheAppWithoutArguments() {
        Run r = run();

        assertThat(r.exitCode()).isZero();
        assertThat(launcher.launches).hasSize(1);
        assertThat(launcher.launches.get(0)).isEmpty();
    }

    @Test
    void snapshotIsPassedToTheAppAsAnAbsolutePath(@TempDir Path dir) {
        Path file = dir.resolve("shell.png");

        Run r = run("--snapshot", file.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(launcher.launches).singleElement()
                .satisfies(appArgs -> assertThat(appArgs).containsExactly("--snapshot=" + file.toAbsolutePath()));
    }

    @Test
    void snapshotIntoAMissingFolderFailsBeforeTheAppOpens(@TempDir Path dir) {
        Path file = dir.resolve("no-such-folder").resolve("shell.png");

        Run r = run("--snapshot", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot write the snapshot").contains("does not exist");
        assertThat(launcher.launches).isEmpty();
    }

    @Test
    void templateInputAndPanelArePassedToTheApp() {
        Run r = run("--template", "transformer-seq2seq", "--input", "hello world", "--panel", "attention");

        assertThat(r.exitCode()).isZero();
        assertThat(launcher.launches).singleElement().satisfies(appArgs -> assertThat(appArgs).containsExactly(
                "--template=transformer-seq2seq", "--input=hello world", "--panel=attention"));
    }

    @Test
    void trainPassesTheExperimentsIdToTheAppAndAnUnknownOneFailsBeforeItOpens() {
        Run r = run("--train", "7");
        assertThat(r.exitCode()).isZero();
        assertThat(launcher.launches).singleElement().satisfies(appArgs -> assertThat(appArgs).containsExactly(
                "--train=07"));

        Run bad = run("--train", "42");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("There is no experiment '42'").contains("seqlab experiments");
        assertThat(launcher.launches).as("no second launch").hasSize(1);
    }

    @Test
    void anUnknownTemplateFailsBeforeTheAppOpensAndListsTheTemplates() {
        Run r = run("--template", "transfomer");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("There is no template 'transfomer'").contains("transformer-seq2seq");
        assertThat(launcher.launches).isEmpty();
    }

    @Test
    void anEmptyInputFailsBeforeTheAppOpens() {
        Run r = run("--input", "");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--input is empty");
        assertThat(launcher.launches).isEmpty();
    }

    @Test
    void snapshotMustBeAPng(@TempDir Path dir) {
        Run r = run("--snapshot", dir.resolve("shell.jpg").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("must end in .png");
        assertThat(launcher.launches).isEmpty();
    }

    @Command(name = "fail")
    static final class FailingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new SeqLabException("Cannot read model.json: line 3, expected a number. Fix the file.");
        }
    }

    @Command(name = "crash")
    static final class CrashingCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("broken invariant");
        }
    }

    @Test
    void seqLabExceptionPrintsItsMessageWithoutStackTraceAndExits2() {
        CommandLine cmd = SeqLabCommand.commandLine(launcher).addSubcommand(new FailingCommand());

        Run r = run(cmd, "fail");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("seqlab fail: Cannot read model.json: line 3, expected a number. Fix the file.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unexpectedExceptionIsReportedAsABugAndExits1() {
        CommandLine cmd = SeqLabCommand.commandLine(launcher).addSubcommand(new CrashingCommand());

        Run r = run(cmd, "crash");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("internal error", "broken invariant", "bug in SeqLab")
                .doesNotContain("\tat ");
    }

    @Test
    void appThatCannotOpenReportsWhyAndExits2() {
        AppLauncher noDisplay = appArgs -> {
            throw new SeqLabException("Cannot open the SeqLab window: Unable to open DISPLAY.");
        };

        Run r = run(SeqLabCommand.commandLine(noDisplay));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot open the SeqLab window: Unable to open DISPLAY.");
    }

    /** {@code seqlab} with no arguments, through the launcher's own path (no parsing). */
    private static Run runWithoutArguments(AppLauncher launcher) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SeqLabCommand.run(new String[0], launcher, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, "", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void withNoArgumentsTheLauncherOpensTheAppWithoutParsingAndReturnsZero() {
        Run r = runWithoutArguments(launcher);

        assertThat(r.exitCode()).isZero();
        assertThat(launcher.launches).singleElement().satisfies(appArgs -> assertThat(appArgs).isEmpty());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void withNoArgumentsAnAppThatCannotOpenReportsAsTheParsedPathDoes() {
        AppLauncher noDisplay = appArgs -> {
            throw new SeqLabException("Cannot open the SeqLab window: Unable to open DISPLAY.");
        };

        Run direct = runWithoutArguments(noDisplay);
        Run parsed = run(SeqLabCommand.commandLine(noDisplay));

        assertThat(direct.exitCode()).isEqualTo(parsed.exitCode()).isEqualTo(2);
        assertThat(direct.err().strip()).isEqualTo(parsed.err().strip())
                .isEqualTo("seqlab: Cannot open the SeqLab window: Unable to open DISPLAY.");
    }

    @Test
    void withNoArgumentsACrashingAppIsReportedAsABugAndExits1() {
        Run r = runWithoutArguments(appArgs -> {
            throw new IllegalStateException("broken invariant");
        });

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("internal error", "broken invariant", "bug in SeqLab");
    }

    @Test
    void gradcheckIsACommand() {
        Run r = run("gradcheck", "--help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: seqlab gradcheck");
        assertThat(run("--help").out()).containsPattern("gradcheck +Checks every op");
        assertThat(run("gradcheck", "--version").out()).contains("SeqLab " + SeqLabVersion.current());
        assertThat(launcher.launches).isEmpty();
    }

    @Test
    void helpSubcommandShowsTheTopLevelUsage() {
        Run r = run("help");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: seqlab");
        assertThat(launcher.launches).isEmpty();
    }
}
