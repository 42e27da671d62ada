package org.seqlab.autograd;

import java.util.ArrayDeque;
import java.util.Deque;
import org.seqlab.SeqLabException;

/**
 * Hierarchical labels for the ops that run inside it: {@code encoder/lstm0/t3/forget_gate}.
 * Per thread; used with try-with-resources:
 * <pre>{@code
 * try (Scope s = Scope.push("encoder")) { try (Scope t = Scope.push("t3")) { ... } }
 * }</pre>
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<Deque<Scope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final String path;
    private boolean closed;

    private Scope(String path) {
        this.path = path;
    }

    /** Enters {@code name} (which may itself hold several parts separated by {@code /}). */
    public static Scope push(String name) {
        if (name == null || name.isBlank() || name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            throw new SeqLabException("A scope name must be non-empty parts separated by single '/'; found '"
                    + name + "'.");
        }
        Deque<Scope> stack = STACK.get();
        String parent = stack.isEmpty() ? "" : stack.peek().path;
        Scope s = new Scope(parent.isEmpty() ? name : parent + "/" + name);
        stack.push(s);
        return s;
    }

    /** A scope that adds nothing to the label (for modules whose ops belong to their parent's label). */
    public static Scope none() {
        return new Scope(null);
    }

    /** The current label path, {@code ""} outside any scope. */
    public static String current() {
        Deque<Scope> stack = STACK.get();
        return stack.isEmpty() ? "" : stack.peek().path;
    }

    /** The label an op gets here: the scope path, or the op's own name outside any scope. */
    public static String labelFor(String opName) {
        String c = current();
        return c.isEmpty() ? opName : c;
    }

    public String path() {
        return path;
    }

    @Override
    public void close() {
        if (closed || path == null) {
            return;
        }
        Deque<Scope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new SeqLabException("Scope '" + path + "' closed out of order (the innermost open scope is '"
                    + current() + "'): open scopes with try-with-resources so they close innermost first.");
        }
        stack.pop();
        closed = true;
    }
}
