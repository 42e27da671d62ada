package org.seqlab.debug;

import org.seqlab.autograd.TensorStats;
import org.seqlab.autograd.TraceEvent;

/**
 * A watch's current value.
 *
 * @param watch the watch
 * @param event the most recent matching event at or before the cursor, or null when none has run yet
 * @param stats the statistics (min, max, mean, norm, …) of that event's value, or null with no event; on a
 *     backward event the value is the gradient flowing into the op
 */
public record WatchValue(Watch watch, TraceEvent event, TensorStats stats) {
    /** Whether a matching event has run at or before the cursor. */
    public boolean found() {
        return event != null;
    }
}
