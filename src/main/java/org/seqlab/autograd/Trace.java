package org.seqlab.autograd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataBuffer;

/**
 * The record of one forward and backward pass: immutable events, forward first, then backward in
 * the order backward ran. Stepping through a pass is moving a cursor over this list.
 */
public final class Trace {
    private final List<TraceEvent> events;

    Trace(List<TraceEvent> events) {
        this.events = List.copyOf(events);
    }

    public List<TraceEvent> events() {
        return events;
    }

    public int size() {
        return events.size();
    }

    public TraceEvent get(int index) {
        return events.get(index);
    }

    /**
     * The native memory the trace's arrays hold: every value, gradient and saved intermediate, each buffer
     * counted once however many events show it (a view or a shared buffer is not counted again).
     */
    public long nativeBytes() {
        Map<Long, Long> buffers = new HashMap<>();
        for (TraceEvent e : events) {
            count(buffers, e.value());
            for (Tensor g : e.gradients()) {
                count(buffers, g);
            }
            for (Tensor t : e.saved().values()) {
                count(buffers, t);
            }
        }
        long total = 0;
        for (long b : buffers.values()) {
            total += b;
        }
        return total;
    }

    private static void count(Map<Long, Long> buffers, Tensor t) {
        if (t == null || !t.materialized() || t.array().isEmpty()) {      // a deferred gradient holds nothing yet
            return;
        }
        DataBuffer d = t.array().data();
        DataBuffer base = d.originalDataBuffer() != null ? d.originalDataBuffer() : d;
        buffers.merge(base.address(), base.length() * base.getElementSize(), Math::max);
    }

    /** The events of one phase, in order. */
    public List<TraceEvent> phase(Phase phase) {
        List<TraceEvent> r = new ArrayList<>();
        for (TraceEvent e : events) {
            if (e.phase() == phase) {
                r.add(e);
            }
        }
        return r;
    }

    /** Index of the first backward event, or {@link #size()} when backward has not run. */
    public int backwardStart() {
        for (TraceEvent e : events) {
            if (e.phase() == Phase.BACKWARD) {
                return e.index();
            }
        }
        return events.size();
    }

    /**
     * Events whose label matches a glob: {@code *} matches any run of characters (across {@code /}
     * too), {@code ?} one character. {@code *}{@code /forget_gate} finds every forget gate.
     */
    public List<TraceEvent> matching(String glob) {
        Pattern p = globToRegex(glob);
        List<TraceEvent> r = new ArrayList<>();
        for (TraceEvent e : events) {
            if (p.matcher(e.label()).matches()) {
                r.add(e);
            }
        }
        return r;
    }

    /** Compiles a label glob: {@code *} any characters, {@code ?} exactly one. */
    public static Pattern globToRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
