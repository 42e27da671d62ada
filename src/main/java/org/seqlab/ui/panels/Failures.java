package org.seqlab.ui.panels;

/** How a panel words a background task's failure in its message line. */
public final class Failures {

    private Failures() {
    }

    /** The first non-blank message along the cause chain, else the exception's class name. */
    public static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }
}
