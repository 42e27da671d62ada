package org.seqlab;

/**
 * The one base of every error SeqLab reports to a user. Its message names what was expected,
 * what was found, where, and the fix; the user sees the message, the log gets the stack trace once.
 */
public class SeqLabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SeqLabException(String message) {
        super(message);
    }

    public SeqLabException(String message, Throwable cause) {
        super(message, cause);
    }
}
