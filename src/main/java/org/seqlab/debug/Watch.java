package org.seqlab.debug;

import java.util.regex.Pattern;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.autograd.TensorStats;

/**
 * A watched label: an exact label ({@code rnn/l0/t3/hidden}) or a glob as {@link Trace#matching}
 * ({@code rnn/l0/t*}{@code /hidden}: the hidden state of whichever step ran last).
 *
 * @param pattern the label or glob
 */
public record Watch(String pattern) {
    public Watch {
        if (pattern == null || pattern.isBlank()) {
            throw new SeqLabException("A watch needs a label or a pattern such as 'rnn/l0/t*/hidden'; found '"
                    + pattern + "'.");
        }
    }

    /** Whether the label matches this watch. */
    public boolean matches(String label) {
        return regex().matcher(label).matches();
    }

    /**
     * What the watch shows at {@code cursor}: the most recent event at or before the cursor (in trace order,
     * so on a backward event it may be a gradient) whose label matches, with its value's statistics.
     */
    public WatchValue valueAt(Cursor cursor) {
        Pattern p = regex();
        Trace trace = cursor.trace();
        for (int i = cursor.position(); i >= 0; i--) {
            TraceEvent e = trace.get(i);
            if (p.matcher(e.label()).matches()) {
                return new WatchValue(this, e, TensorStats.of(e.value()));
            }
        }
        return new WatchValue(this, null, null);
    }

    private Pattern regex() {
        return Trace.globToRegex(pattern);
    }
}
