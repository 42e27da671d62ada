package org.seqlab.model.compile;

import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.model.graph.Flow;
import org.seqlab.model.graph.GraphException;
import org.seqlab.model.graph.InputSpec;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.graph.PortKind;
import org.seqlab.model.graph.PortType;

/**
 * Checks the inputs given to a graph against its declared inputs and makes the missing ones from their
 * default rules:
 * <ul>
 *   <li>{@code shift:NAME}: next-token targets — NAME shifted left by one, -100 where there is no next real token;</li>
 *   <li>{@code shift_right:NAME}: a teacher-forced decoder input — {@link #BOS} then NAME without its last token;</li>
 *   <li>{@code copy:NAME}: NAME itself (a seq2seq target defaults to a copy of the source);</li>
 *   <li>{@code zeros}: class 0, tag 0.</li>
 * </ul>
 */
public final class GraphInputs {
    /** The target value the losses skip. */
    public static final long IGNORE = -100;

    /** The begin-of-sequence id of SeqLab's vocabularies ({@code <pad> <unk> <bos> <eos>} come first). */
    public static final long BOS = 2;

    private GraphInputs() {
    }

    /** The given inputs, checked, plus defaults for the missing ones. */
    public static Map<String, Flow> complete(ModelGraph graph, Map<String, Flow> given) {
        for (String name : given.keySet()) {
            if (graph.input(name).isEmpty()) {
                throw new GraphException("The model has no input '" + name + "'. Its inputs: "
                        + graph.inputs().stream().map(InputSpec::name).toList() + ".");
            }
        }
        Map<String, Flow> out = new LinkedHashMap<>();
        long batch = -1;
        long time = -1;
        for (InputSpec spec : graph.inputs()) {
            Flow f = given.get(spec.name());
            if (f != null) {
                check(spec, f.value());
                if (spec.type().kind() == PortKind.TOKENS && batch < 0) {
                    batch = f.value().size(0);
                    time = f.value().size(1);
                }
                out.put(spec.name(), f);
            }
        }
        for (InputSpec spec : graph.inputs()) {
            if (out.containsKey(spec.name())) {
                continue;
            }
            String rule = spec.defaultRule();
            if (rule == null) {
                throw new GraphException("The model needs input '" + spec.name() + "' (" + spec.type()
                        + ") and it has no default: give it.");
            }
            if (rule.startsWith("shift:")) {
                String source = rule.substring("shift:".length());
                Flow src = out.get(source);
                if (src == null) {
                    throw new GraphException("Input '" + spec.name() + "' defaults to '" + source
                            + "' shifted by one, but '" + source + "' was not given.");
                }
                out.put(spec.name(), Flow.of(shift(src)));
            } else if (rule.startsWith("shift_right:") || rule.startsWith("copy:")) {
                String source = rule.substring(rule.indexOf(':') + 1);
                Flow src = out.get(source);
                if (src == null) {
                    src = given.get(source);
                }
                if (src == null) {
                    throw new GraphException("Input '" + spec.name() + "' is made from '" + source + "' (" + rule
                            + "), but '" + source + "' was not given" + (graph.input(source).map(InputSpec::defaultRule)
                            .orElse(null) != null ? " and is made later; list it before '" + spec.name() + "'" : "")
                            + ".");
                }
                if (src.value().dtype() != org.seqlab.autograd.DType.INT64 || src.value().rank() != 2) {
                    throw new GraphException("Input '" + spec.name() + "' is made from '" + source + "', which must be"
                            + " token ids (B,T); found " + src.value().shape() + ".");
                }
                for (long id : src.value().toLongArray()) {
                    if (id >= spec.type().dim()) {
                        throw new GraphException("Input '" + spec.name() + "' is made from '" + source + "', but id "
                                + id + " there is outside its " + spec.type().dim() + " tokens: give '" + spec.name()
                                + "' explicitly.");
                    }
                }
                out.put(spec.name(), rule.startsWith("copy:") ? src : shiftRight(src));
            } else if (rule.equals("zeros")) {
                if (batch < 0) {
                    throw new GraphException("Input '" + spec.name() + "' defaults to zeros, but no token input was"
                            + " given to take the batch size from.");
                }
                out.put(spec.name(), Flow.of(spec.type().kind() == PortKind.LABELS
                        ? Tensor.indices(new long[(int) batch], batch)
                        : Tensor.indices(new long[(int) (batch * time)], batch, time)));
            } else {
                throw new GraphException("Input '" + spec.name() + "' has an unknown default rule '" + rule
                        + "': use shift:NAME, shift_right:NAME, copy:NAME or zeros.");
            }
        }
        return out;
    }

    /** Next-token targets: {@code y[b,t] = x[b,t+1]}; {@link #IGNORE} at the end and where t+1 is padding. */
    static Tensor shift(Flow tokens) {
        Tensor x = tokens.value();
        long b = x.size(0);
        long t = x.size(1);
        long[] ids = x.toLongArray();
        double[] mask = tokens.mask() == null ? null : tokens.mask().toDoubleArray();
        long[] y = new long[ids.length];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                int at = (int) (i * t + j);
                boolean hasNext = j + 1 < t && (mask == null || mask[at + 1] != 0);
                y[at] = hasNext ? ids[at + 1] : IGNORE;
            }
        }
        return Tensor.indices(y, b, t);
    }

    /** {@code y[b,0] = BOS, y[b,t] = x[b,t-1]}; the padding mask travels along. */
    static Flow shiftRight(Flow tokens) {
        Tensor x = tokens.value();
        long b = x.size(0);
        long t = x.size(1);
        long[] ids = x.toLongArray();
        long[] y = new long[ids.length];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                y[(int) (i * t + j)] = j == 0 ? BOS : ids[(int) (i * t + j - 1)];
            }
        }
        return new Flow(Tensor.indices(y, b, t), tokens.mask());
    }

    private static void check(InputSpec spec, Tensor v) {
        PortType type = spec.type();
        boolean ids = type.kind() == PortKind.TOKENS || type.kind() == PortKind.TAGS
                || type.kind() == PortKind.LABELS;
        int rank = type.kind() == PortKind.LABELS || type.kind() == PortKind.VECTOR ? (ids ? 1 : 2)
                : ids ? 2 : 3;
        boolean dtypeOk = ids ? v.dtype() == DType.INT64 : v.dtype().isFloating();
        boolean dimOk = ids || v.rank() == 0 || v.size(-1) == type.dim();
        if (!dtypeOk || v.rank() != rank || !dimOk) {
            throw new GraphException("Input '" + spec.name() + "' must be " + type + (ids ? " as int64 ids" : "")
                    + "; found a " + v.dtype() + " tensor of shape " + v.shape() + ".");
        }
    }
}
