package org.seqlab.ui.shell;

/**
 * Where loading the compute backend stands. It loads in the background at startup (natives take a
 * second or more), so the About box and the status bar show {@link Loading} first.
 */
public sealed interface BackendStatus {

    /** Still loading. */
    record Loading() implements BackendStatus {
    }

    /** Loaded; {@code summary} names the ND4J version, backend, BLAS and cores. */
    record Ready(String summary) implements BackendStatus {
    }

    /** Loading failed; {@code reason} says why, in the words of the failure. */
    record Failed(String reason) implements BackendStatus {
    }
}
