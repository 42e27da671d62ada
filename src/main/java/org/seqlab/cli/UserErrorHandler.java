package org.seqlab.cli;

import java.util.function.Consumer;
import org.seqlab.SeqLabException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into what a user should see. A {@link SeqLabException} is
 * bad input the user can act on (a malformed file, a wrong shape, an unknown token, a too-long
 * sequence): its message alone goes to stderr, exit status 2 (its stack trace is logged at debug level).
 * Anything else is a bug in SeqLab: one line saying so and the stack trace in the log, exit status 1.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(UserErrorHandler.class);

    /** The exit status for input the user must fix (the same as for an invalid command line). */
    static final int BAD_INPUT = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        CommandLine.Help.ColorScheme colors = commandLine.getColorScheme();
        return report(commandLine.getCommandSpec().qualifiedName(), ex,
                line -> commandLine.getErr().println(colors.errorText(line)),
                commandLine.getCommandSpec().exitCodeOnExecutionException());
    }

    /**
     * Prints what a user should see of {@code ex}, thrown by {@code command}, through {@code err} and returns the
     * exit status: {@link #BAD_INPUT} for a {@link SeqLabException}, else {@code bugExitCode}.
     */
    static int report(String command, Exception ex, Consumer<String> err, int bugExitCode) {
        if (ex instanceof SeqLabException) {
            String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.accept(command + ": " + message);
            LOG.debug("{} failed", command, ex);
            return BAD_INPUT;
        }
        LOG.error("{} failed with an unexpected error", command, ex);
        err.accept(command + ": internal error (" + ex + "). This is a bug in SeqLab: please report it with the"
                + " output above.");
        return bugExitCode;
    }
}
