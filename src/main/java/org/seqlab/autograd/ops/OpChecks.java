package org.seqlab.autograd.ops;

import static org.seqlab.autograd.ops.F.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.check.GradCase;

/**
 * The gradient-check grid of every op in {@link Ops}: shapes (scalar, vector, matrix, 3-D, 4-D,
 * broadcast), axes, masks and options. Inputs are float64, reproducible, and kept away from the kinks
 * of non-smooth ops (0 for relu/abs, the bounds of clamp) so central differences are valid.
 */
public final class OpChecks {
    private static final long[] SCALAR = {};
    private static final long[][] UNARY_SHAPES = {SCALAR, {5}, {3, 4}, {2, 3, 4}};
    private static final long[][][] BINARY_SHAPES = {
        {{3, 4}, {3, 4}}, {{3, 4}, {4}}, {{2, 1, 4}, {3, 1}}, {SCALAR, {2, 3}}, {{5}, SCALAR}, {{2, 3, 4}, {2, 3, 4}}};

    private final List<GradCase> cases = new ArrayList<>();
    private long seed = 1;

    private OpChecks() {
    }

    /** Every case, grouped by op in catalogue order. */
    public static Map<String, List<GradCase>> byOp() {
        Map<String, List<GradCase>> m = new LinkedHashMap<>();
        for (Ops.Entry e : Ops.DIFFERENTIABLE) {
            m.put(e.name(), new ArrayList<>());
        }
        for (GradCase c : all()) {
            m.computeIfAbsent(c.op(), k -> new ArrayList<>()).add(c);
        }
        return m;
    }

    /** Every case of every op. */
    public static List<GradCase> all() {
        OpChecks g = new OpChecks();
        g.arithmetic();
        g.unary();
        g.linearAlgebraAndShapes();
        g.reductions();
        g.activations();
        g.layers();
        return g.cases;
    }

    // ---- the grid -------------------------------------------------------------------------------

    private void arithmetic() {
        for (long[][] s : BINARY_SHAPES) {
            String d = Shape.of(s[0]) + " , " + Shape.of(s[1]);
            binary("add", d, s, -2, 2, -2, 2, x -> add(x.get(0), x.get(1)));
            binary("sub", d, s, -2, 2, -2, 2, x -> sub(x.get(0), x.get(1)));
            binary("mul", d, s, -2, 2, -2, 2, x -> mul(x.get(0), x.get(1)));
            check("div", d, List.of(uniform(s[0], -2, 2), awayFromZero(s[1], 0.5, 2)), x -> div(x.get(0), x.get(1)));
        }
        check("add", "(3,4) + number", List.of(uniform(new long[] {3, 4}, -1, 1)), x -> add(x.get(0), 2.5));
        check("sub", "number - (3,4)", List.of(uniform(new long[] {3, 4}, -1, 1)), x -> rsub(1.5, x.get(0)));
        check("mul", "(3,4) * number", List.of(uniform(new long[] {3, 4}, -1, 1)), x -> mul(x.get(0), -3.0));
        check("div", "(3,4) / number", List.of(uniform(new long[] {3, 4}, -1, 1)), x -> div(x.get(0), 4.0));
    }

    private void unary() {
        for (long[] s : UNARY_SHAPES) {
            String d = Shape.of(s).toString();
            check("neg", d, List.of(uniform(s, -2, 2)), x -> neg(x.get(0)));
            check("exp", d, List.of(uniform(s, -2, 2)), x -> exp(x.get(0)));
            check("log", d, List.of(uniform(s, 0.3, 3)), x -> log(x.get(0)));
            check("sqrt", d, List.of(uniform(s, 0.3, 3)), x -> sqrt(x.get(0)));
            check("abs", d, List.of(awayFromZero(s, 0.1, 2)), x -> abs(x.get(0)));
            check("clamp", d + " to [-0.5,0.5]", List.of(awayFrom(s, -1.5, 1.5, -0.5, 0.5)),
                    x -> clamp(x.get(0), -0.5, 0.5));
        }
        for (double p : new double[] {2, 3, 0.5, -1.5}) {
            check("pow", "(3,4) ^ " + p, List.of(uniform(new long[] {3, 4}, 0.5, 2)), x -> pow(x.get(0), p));
        }
        check("pow", "(2,3,4) of both signs ^ 2", List.of(uniform(new long[] {2, 3, 4}, -2, 2)), x -> pow(x.get(0), 2));
        check("pow", "() ^ 3", List.of(uniform(SCALAR, -2, 2)), x -> pow(x.get(0), 3));
        check("clamp", "(3,4) to [0,+inf)", List.of(awayFrom(new long[] {3, 4}, -1, 1, 0, 0)),
                x -> clamp(x.get(0), 0, Double.POSITIVE_INFINITY));
    }

    private void linearAlgebraAndShapes() {
        long[][][] mm = {
            {{3, 4}, {4, 5}}, {{2, 3, 4}, {4, 5}}, {{2, 3, 4}, {2, 4, 5}}, {{2, 2, 3, 4}, {2, 2, 4, 3}},
            {{2, 1, 3, 4}, {3, 4, 2}}, {{3, 4}, {2, 4, 5}}, {{1, 4}, {4, 1}}};
        for (long[][] s : mm) {
            binary("matmul", Shape.of(s[0]) + " x " + Shape.of(s[1]), s, -1, 1, -1, 1, x -> matmul(x.get(0), x.get(1)));
        }
        check("matmul_wt", "(3,4) x (5,4)^T", List.of(uniform(new long[] {3, 4}, -1, 1), uniform(new long[] {5, 4}, -1, 1)),
                x -> matmulWt(x.get(0), x.get(1)));
        check("matmul_wt", "(2,3,4) x (5,4)^T", List.of(uniform(new long[] {2, 3, 4}, -1, 1),
                uniform(new long[] {5, 4}, -1, 1)), x -> matmulWt(x.get(0), x.get(1)));
        check("linear", "(3,4) x (5,4)^T + (5)", List.of(uniform(new long[] {3, 4}, -1, 1),
                uniform(new long[] {5, 4}, -1, 1), uniform(new long[] {5}, -1, 1)),
                x -> linear(x.get(0), x.get(1), x.get(2)));
        check("linear", "(2,3,4) x (2,4)^T + (2)", List.of(uniform(new long[] {2, 3, 4}, -1, 1),
                uniform(new long[] {2, 4}, -1, 1), uniform(new long[] {2}, -1, 1)),
                x -> linear(x.get(0), x.get(1), x.get(2)));
        check("linear", "x a transposed view (4,3)^T", List.of(uniform(new long[] {4, 3}, -1, 1),
                uniform(new long[] {5, 4}, -1, 1), uniform(new long[] {5}, -1, 1)),
                x -> linear(transpose(x.get(0), 0, 1), x.get(1), x.get(2)));
        check("permute", "(2,3,4) by (2,0,1)", List.of(uniform(new long[] {2, 3, 4}, -1, 1)), x -> permute(x.get(0), 2, 0, 1));
        check("permute", "(2,3,4,5) by (0,2,1,3)", List.of(uniform(new long[] {2, 3, 4, 5}, -1, 1)),
                x -> permute(x.get(0), 0, 2, 1, 3));
        check("permute", "transpose (3,4)", List.of(uniform(new long[] {3, 4}, -1, 1)), x -> transpose(x.get(0), 0, 1));
        check("permute", "transpose (2,3,4) last two", List.of(uniform(new long[] {2, 3, 4}, -1, 1)),
                x -> transpose(x.get(0), -1, -2));
        check("reshape", "(2,3,4) to (6,4)", List.of(uniform(new long[] {2, 3, 4}, -1, 1)), x -> reshape(x.get(0), 6, 4));
        check("reshape", "(3,4) to (-1)", List.of(uniform(new long[] {3, 4}, -1, 1)), x -> reshape(x.get(0), -1));
        check("reshape", "(12) to (2,-1,3)", List.of(uniform(new long[] {12}, -1, 1)), x -> reshape(x.get(0), 2, -1, 3));
        check("reshape", "() to (1,1)", List.of(uniform(SCALAR, -1, 1)), x -> reshape(x.get(0), 1, 1));
        check("reshape", "after permute (2,3,4) to (4,6)", List.of(uniform(new long[] {2, 3, 4}, -1, 1)),
                x -> reshape(permute(x.get(0), 2, 0, 1), 4, 6));
        check("concat", "(2,3) , (4,3) along 0", List.of(uniform(new long[] {2, 3}, -1, 1), uniform(new long[] {4, 3}, -1, 1)),
                x -> concat(0, x.get(0), x.get(1)));
        check("concat", "(2,3,1) , (2,3,2) , (2,3,3) along -1", List.of(uniform(new long[] {2, 3, 1}, -1, 1),
                uniform(new long[] {2, 3, 2}, -1, 1), uniform(new long[] {2, 3, 3}, -1, 1)),
                x -> concat(-1, x.get(0), x.get(1), x.get(2)));
        check("concat", "(2,1,4) , (2,3,4) along 1", List.of(uniform(new long[] {2, 1, 4}, -1, 1),
                uniform(new long[] {2, 3, 4}, -1, 1)), x -> concat(1, x.get(0), x.get(1)));
        check("concat", "(5) , (2) along 0", List.of(uniform(new long[] {5}, -1, 1), uniform(new long[] {2}, -1, 1)),
                x -> concat(0, x.get(0), x.get(1)));
        check("stack", "3 x (3,4) along 0", List.of(uniform(new long[] {3, 4}, -1, 1), uniform(new long[] {3, 4}, -1, 1),
                uniform(new long[] {3, 4}, -1, 1)), x -> stack(0, x.get(0), x.get(1), x.get(2)));
        check("stack", "2 x (2,3) along 1", List.of(uniform(new long[] {2, 3}, -1, 1), uniform(new long[] {2, 3}, -1, 1)),
                x -> stack(1, x.get(0), x.get(1)));
        check("stack", "2 x (2,3) along -1", List.of(uniform(new long[] {2, 3}, -1, 1), uniform(new long[] {2, 3}, -1, 1)),
                x -> stack(-1, x.get(0), x.get(1)));
        check("stack", "3 x () along 0", List.of(uniform(SCALAR, -1, 1), uniform(SCALAR, -1, 1), uniform(SCALAR, -1, 1)),
                x -> stack(0, x.get(0), x.get(1), x.get(2)));
        check("slice", "(5) [1:4]", List.of(uniform(new long[] {5}, -1, 1)), x -> slice(x.get(0), 0, 1, 4));
        check("slice", "(3,6) dim 1 [2:-1]", List.of(uniform(new long[] {3, 6}, -1, 1)), x -> slice(x.get(0), 1, 2, -1));
        check("slice", "(2,5,3) dim 1 [0:2]", List.of(uniform(new long[] {2, 5, 3}, -1, 1)), x -> slice(x.get(0), 1, 0, 2));
        check("slice", "split (3,6) dim 1 into 1,2,3", List.of(uniform(new long[] {3, 6}, -1, 1)), x -> {
            List<Tensor> p = split(x.get(0), 1, 1, 2, 3);
            return add(add(sum(p.get(0)), mul(sum(mul(p.get(1), p.get(1))), 2.0)), mul(sum(exp(p.get(2))), 3.0));
        });
        check("slice", "chunk (2,3,4) dim -1 into 2", List.of(uniform(new long[] {2, 3, 4}, -1, 1)), x -> {
            List<Tensor> p = chunk(x.get(0), -1, 2);
            return mul(p.get(0), tanh(p.get(1)));
        });
        check("select", "(5) index 2", List.of(uniform(new long[] {5}, -1, 1)), x -> select(x.get(0), 0, 2));
        check("select", "(3,4) dim 0 index -1", List.of(uniform(new long[] {3, 4}, -1, 1)), x -> select(x.get(0), 0, -1));
        check("select", "(2,3,4) dim 1 index 1", List.of(uniform(new long[] {2, 3, 4}, -1, 1)), x -> select(x.get(0), 1, 1));
    }

    private void reductions() {
        for (String op : new String[] {"sum", "mean", "max"}) {
            Function<Tensor, Tensor> all = op.equals("sum") ? F::sum : op.equals("mean") ? F::mean : F::max;
            for (long[] s : UNARY_SHAPES) {
                check(op, Shape.of(s) + " all", List.of(uniform(s, -2, 2)), x -> all.apply(x.get(0)));
            }
            int[][] axesSets = {{0}, {1}, {-1}, {0, 2}};
            for (int[] axes : axesSets) {
                for (boolean keep : new boolean[] {true, false}) {
                    long[] s = axes.length == 2 || axes[0] == -1 ? new long[] {2, 3, 4} : new long[] {3, 4};
                    check(op, Shape.of(s) + " axes " + Arrays.toString(axes) + (keep ? " keepdims" : ""),
                            List.of(uniform(s, -2, 2)), x -> reduce(op, x.get(0), keep, axes));
                }
            }
        }
    }

    private static Tensor reduce(String op, Tensor x, boolean keep, int[] axes) {
        switch (op) {
            case "sum": return sum(x, keep, axes);
            case "mean": return mean(x, keep, axes);
            default: return max(x, keep, axes);
        }
    }

    private void activations() {
        for (long[] s : UNARY_SHAPES) {
            String d = Shape.of(s).toString();
            check("tanh", d, List.of(uniform(s, -2, 2)), x -> tanh(x.get(0)));
            check("sigmoid", d, List.of(uniform(s, -3, 3)), x -> sigmoid(x.get(0)));
            check("relu", d, List.of(awayFromZero(s, 0.1, 2)), x -> relu(x.get(0)));
            check("gelu", d, List.of(uniform(s, -3, 3)), x -> gelu(x.get(0)));
            check("gelu_tanh", d, List.of(uniform(s, -3, 3)), x -> gelu(x.get(0), Gelu.Approximation.TANH));
        }
        check("lstm_step", "B 3, H 4: x, p (3,16), c (3,4)", List.of(uniform(new long[] {3, 16}, -2, 2),
                uniform(new long[] {3, 16}, -1, 1), uniform(new long[] {3, 4}, -2, 2)),
                x -> lstmStep(x.get(0), x.get(1), x.get(2)));
        check("lstm_step", "B 1, H 3, then h' alone", List.of(uniform(new long[] {1, 12}, -2, 2),
                uniform(new long[] {1, 12}, -1, 1), uniform(new long[] {1, 3}, -2, 2)),
                x -> select(lstmStep(x.get(0), x.get(1), x.get(2)), 0, 0));
        check("lstm_step", "x a step cut from (2,3,8), H 2", List.of(uniform(new long[] {2, 3, 8}, -2, 2),
                uniform(new long[] {2, 8}, -1, 1), uniform(new long[] {2, 2}, -2, 2)),
                x -> lstmStep(select(x.get(0), 1, 1), x.get(1), x.get(2)));
        check("lstm_layer", "B 2, T 3, I 2, H 2, bias", List.of(uniform(new long[] {2, 3, 2}, -1, 1),
                uniform(new long[] {8, 2}, -1, 1), uniform(new long[] {8, 2}, -1, 1), uniform(new long[] {8}, -1, 1),
                uniform(new long[] {2, 2}, -1, 1), uniform(new long[] {2, 2}, -1, 1)),
                x -> lstmLayer(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5), null, false));
        check("lstm_layer", "B 3, T 4, I 1, H 2, reverse, lengths 4 2 1, no bias",
                List.of(uniform(new long[] {3, 4, 1}, -1, 1), uniform(new long[] {8, 1}, -1, 1),
                        uniform(new long[] {8, 2}, -1, 1), uniform(new long[] {3, 2}, -1, 1),
                        uniform(new long[] {3, 2}, -1, 1)),
                x -> lstmLayer(x.get(0), x.get(1), x.get(2), null, x.get(3), x.get(4), new long[] {4, 2, 1}, true));
        check("lstm_layer", "B 2, T 3, H 3, lengths 3 2, forward", List.of(uniform(new long[] {2, 3, 2}, -1, 1),
                uniform(new long[] {12, 2}, -1, 1), uniform(new long[] {12, 3}, -1, 1),
                uniform(new long[] {12}, -1, 1), uniform(new long[] {2, 3}, -1, 1), uniform(new long[] {2, 3}, -1, 1)),
                x -> lstmLayer(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5), new long[] {3, 2}, false));
        check("gru_layer", "B 2, T 3, I 2, H 2, biases", List.of(uniform(new long[] {2, 3, 2}, -1, 1),
                uniform(new long[] {6, 2}, -1, 1), uniform(new long[] {6, 2}, -1, 1), uniform(new long[] {6}, -1, 1),
                uniform(new long[] {6}, -1, 1), uniform(new long[] {2, 2}, -1, 1)),
                x -> gruLayer(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5), null, false));
        check("gru_layer", "B 3, T 4, I 1, H 2, reverse, lengths 4 2 1, no bias",
                List.of(uniform(new long[] {3, 4, 1}, -1, 1), uniform(new long[] {6, 1}, -1, 1),
                        uniform(new long[] {6, 2}, -1, 1), uniform(new long[] {3, 2}, -1, 1)),
                x -> gruLayer(x.get(0), x.get(1), x.get(2), null, null, x.get(3), new long[] {4, 2, 1}, true));
        check("gru_layer", "B 2, T 3, H 3, lengths 3 2, forward", List.of(uniform(new long[] {2, 3, 2}, -1, 1),
                uniform(new long[] {9, 2}, -1, 1), uniform(new long[] {9, 3}, -1, 1), uniform(new long[] {9}, -1, 1),
                uniform(new long[] {9}, -1, 1), uniform(new long[] {2, 3}, -1, 1)),
                x -> gruLayer(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5), new long[] {3, 2}, false));
        check("gru_step", "B 3, H 4: x, p (3,12), h (3,4)", List.of(uniform(new long[] {3, 12}, -2, 2),
                uniform(new long[] {3, 12}, -1, 1), uniform(new long[] {3, 4}, -1, 1)),
                x -> gruStep(x.get(0), x.get(1), x.get(2)));
        check("gru_step", "B 1, H 2, p as a transposed view", List.of(uniform(new long[] {1, 6}, -2, 2),
                uniform(new long[] {6, 1}, -1, 1), uniform(new long[] {1, 2}, -1, 1)),
                x -> gruStep(x.get(0), transpose(x.get(1), 0, 1), x.get(2)));
        check("packed_attention", "B 2, T 3, 2 heads of 2, causal", List.of(uniform(new long[] {2, 3, 12}, -1.5, 1.5)),
                x -> packedAttention(x.get(0), 2, true));
        check("packed_attention", "B 1, T 4, 1 head of 3, no mask", List.of(uniform(new long[] {1, 4, 9}, -1.5, 1.5)),
                x -> packedAttention(x.get(0), 1, false));
        check("packed_attention", "B 2, T 2, 3 heads of 1, causal, qkv a transposed view",
                List.of(uniform(new long[] {9, 2, 2}, -1.5, 1.5)),
                x -> packedAttention(permute(x.get(0), 2, 1, 0), 3, true));
        long[][] shapes = {{5}, {3, 4}, {3, 4}, {2, 3, 4}, {2, 3, 4}, {2, 2, 3, 4}};
        int[] axes = {0, 1, 0, -1, 1, -1};
        for (int i = 0; i < shapes.length; i++) {
            long[] s = shapes[i];
            int a = axes[i];
            String d = Shape.of(s) + " axis " + a;
            check("softmax", d, List.of(uniform(s, -3, 3)), x -> softmax(x.get(0), a));
            check("log_softmax", d, List.of(uniform(s, -3, 3)), x -> logSoftmax(x.get(0), a));
        }
    }

    private void layers() {
        check("layer_norm", "(5) no affine", List.of(uniform(new long[] {5}, -2, 2)), x -> layerNorm(x.get(0), 1e-5));
        check("layer_norm", "(3,4) affine", List.of(uniform(new long[] {3, 4}, -2, 2), uniform(new long[] {4}, 0.5, 1.5),
                uniform(new long[] {4}, -0.5, 0.5)), x -> layerNorm(x.get(0), x.get(1), x.get(2), 1e-5));
        check("layer_norm", "(2,3,6) affine", List.of(uniform(new long[] {2, 3, 6}, -2, 2),
                uniform(new long[] {6}, 0.5, 1.5), uniform(new long[] {6}, -0.5, 0.5)),
                x -> layerNorm(x.get(0), x.get(1), x.get(2), 1e-5));

        check("embedding", "(7,3) table, ids (5) with repeats", List.of(uniform(new long[] {7, 3}, -1, 1),
                Tensor.indices(new long[] {0, 3, 3, 6, 3}, 5)), x -> embedding(x.get(0), x.get(1)));
        check("embedding", "(7,3) table, ids (2,3)", List.of(uniform(new long[] {7, 3}, -1, 1),
                Tensor.indices(new long[] {1, 2, 1, 5, 0, 4}, 2, 3)), x -> embedding(x.get(0), x.get(1)));
        // The padding row gets no gradient by definition (PyTorch's padding_idx), so the check keeps the
        // padding id out of the ids; EngineTest covers the padding row itself.
        check("embedding", "(7,3) table, ids (2,3), padding id 3 unused", List.of(uniform(new long[] {7, 3}, -1, 1),
                Tensor.indices(new long[] {1, 2, 1, 5, 0, 4}, 2, 3)), x -> embedding(x.get(0), x.get(1), 3));

        check("masked_fill", "(3,4) with a (3,4) mask, value 2", List.of(uniform(new long[] {3, 4}, -1, 1),
                randomMask(new long[] {3, 4})), x -> maskedFill(x.get(0), x.get(1), 2.0));
        check("masked_fill", "(2,4,4) causal (4,4) mask, -inf, then softmax", List.of(uniform(new long[] {2, 4, 4}, -2, 2),
                causalMask(DType.FLOAT64, 4)), x -> softmax(maskedFill(x.get(0), x.get(1), Double.NEGATIVE_INFINITY), -1));
        check("masked_fill", "(2,3,5) padding mask (2,1,5)", List.of(uniform(new long[] {2, 3, 5}, -2, 2),
                Tensor.of(new double[] {0, 0, 0, 1, 1, 0, 0, 0, 0, 1}, 2, 1, 5)), x -> maskedFill(x.get(0), x.get(1), -1e4));

        check("where", "cond (3,4), a (3,4), b (4)", List.of(randomMask(new long[] {3, 4}), uniform(new long[] {3, 4}, -1, 1),
                uniform(new long[] {4}, -1, 1)), x -> where(x.get(0), x.get(1), x.get(2)));
        check("where", "cond (3,1), a (3,4), b ()", List.of(Tensor.of(new double[] {1, 0, 1}, 3, 1),
                uniform(new long[] {3, 4}, -1, 1), uniform(SCALAR, -1, 1)), x -> where(x.get(0), x.get(1), x.get(2)));

        check("dropout", "(3,4) p=0.3", List.of(uniform(new long[] {3, 4}, -1, 1)), x -> dropout(x.get(0), 0.3, true, 7));
        check("dropout", "(2,3,4) p=0.5", List.of(uniform(new long[] {2, 3, 4}, -1, 1)),
                x -> dropout(x.get(0), 0.5, true, 11));

        check("cross_entropy", "(4,5) logits", List.of(uniform(new long[] {4, 5}, -2, 2),
                Tensor.indices(new long[] {1, 0, 4, 2}, 4)), x -> crossEntropy(x.get(0), x.get(1)));
        check("cross_entropy", "(2,3,5) logits, ignore -100, smoothing 0.1", List.of(uniform(new long[] {2, 3, 5}, -2, 2),
                Tensor.indices(new long[] {1, -100, 4, 2, 3, -100}, 2, 3)),
                x -> crossEntropy(x.get(0), x.get(1), -100, 0.1));
        check("cross_entropy", "(6) logits, scalar target, smoothing 0.2", List.of(uniform(new long[] {6}, -2, 2),
                Tensor.indices(new long[] {3})), x -> crossEntropy(x.get(0), x.get(1), -100, 0.2));
        check("cross_entropy", "(5,7) logits, ignore 0, sum", List.of(uniform(new long[] {5, 7}, -2, 2),
                Tensor.indices(new long[] {0, 3, 6, 0, 2}, 5)),
                x -> crossEntropy(x.get(0), x.get(1), 0, 0.0, CrossEntropy.Reduction.SUM));
    }

    // ---- inputs ---------------------------------------------------------------------------------

    private void binary(String op, String d, long[][] s, double lo0, double hi0, double lo1, double hi1,
                        Function<List<Tensor>, Tensor> f) {
        check(op, d, List.of(uniform(s[0], lo0, hi0), uniform(s[1], lo1, hi1)), f);
    }

    private void check(String op, String description, List<Tensor> inputs, Function<List<Tensor>, Tensor> f) {
        cases.add(new GradCase(op, description, inputs, f));
    }

    /** A float64 input that requires a gradient, uniform in [lo, hi). */
    private Tensor uniform(long[] shape, double lo, double hi) {
        return Tensor.uniform(DType.FLOAT64, seed++, lo, hi, shape).requiresGrad(true);
    }

    /** Magnitudes in [lo, hi) with random signs: never near 0. */
    private Tensor awayFromZero(long[] shape, double lo, double hi) {
        SplittableRandom rng = new SplittableRandom(seed++);
        double[] d = new double[(int) Shape.of(shape).numel()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (rng.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * rng.nextDouble());
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    /** Uniform in [lo, hi) but at least 0.05 away from the kinks k1 and k2. */
    private Tensor awayFrom(long[] shape, double lo, double hi, double k1, double k2) {
        SplittableRandom rng = new SplittableRandom(seed++);
        double[] d = new double[(int) Shape.of(shape).numel()];
        for (int i = 0; i < d.length; i++) {
            double v;
            do {
                v = lo + (hi - lo) * rng.nextDouble();
            } while (Math.abs(v - k1) < 0.05 || Math.abs(v - k2) < 0.05);
            d[i] = v;
        }
        return Tensor.of(d, shape).requiresGrad(true);
    }

    /** A 0/1 mask with both values present. */
    private Tensor randomMask(long[] shape) {
        SplittableRandom rng = new SplittableRandom(seed++);
        double[] d = new double[(int) Shape.of(shape).numel()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i < 2 ? i : rng.nextBoolean() ? 1 : 0;
        }
        return Tensor.of(d, shape);
    }
}
