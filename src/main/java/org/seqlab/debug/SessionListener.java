package org.seqlab.debug;

/**
 * Hears what changes in a {@link DebugSession}. Called on the thread that made the change (a re-recording:
 * the background thread that ran it), so a UI listener hands the change to its own thread.
 */
@FunctionalInterface
public interface SessionListener {
    void changed(SessionChange change);
}
