package org.seqlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One headless run of the {@code seqlab} command line, as the tests of the commands make it: what it printed and
 * the exit status. Opening the app fails the test.
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun run(String... args) {
        CommandLine cmd = SeqLabCommand.commandLine(appArgs -> {
            throw new AssertionError("the app must not open");
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
