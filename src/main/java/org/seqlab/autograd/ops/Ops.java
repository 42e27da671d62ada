package org.seqlab.autograd.ops;

import java.util.List;
import java.util.Optional;
import org.seqlab.autograd.Op;

/**
 * The whole calculus on one screen: every differentiable op with its gradient rule ({@code g} is
 * dL/d(output), {@code y} the output), the calls composed from them, and what has no gradient.
 * {@link OpChecks} holds the gradient-check grid of every entry; a test fails when an op class is
 * missing here or an entry has no checks.
 */
public final class Ops {

    /** A differentiable op: its name, its rule in one line, and the class that implements it. */
    public record Entry(String name, String rule, Class<? extends Op> impl) {
    }

    /** A call built from other ops (its gradient follows from theirs). */
    public record Composed(String name, String of) {
    }

    /** Something without a gradient, and why. */
    public record NoGradient(String name, String why) {
    }

    public static final List<Entry> DIFFERENTIABLE = List.of(
            new Entry("add", "da = g, db = g (each summed over its broadcast dimensions)", Add.class),
            new Entry("sub", "da = g, db = -g (each summed over its broadcast dimensions)", Sub.class),
            new Entry("mul", "da = g*b, db = g*a (each summed over its broadcast dimensions)", Mul.class),
            new Entry("div", "da = g/b, db = -g*a/b^2 (each summed over its broadcast dimensions)", Div.class),
            new Entry("neg", "dx = -g", Neg.class),
            new Entry("pow", "dx = g*p*x^(p-1)  (constant p)", Pow.class),
            new Entry("sqrt", "dx = g/(2*sqrt(x))", Sqrt.class),
            new Entry("exp", "dx = g*y", Exp.class),
            new Entry("log", "dx = g/x", Log.class),
            new Entry("abs", "dx = g*sign(x)", Abs.class),
            new Entry("clamp", "dx = g where lo <= x <= hi, else 0", Clamp.class),
            new Entry("matmul", "dA = g B^T, dB = A^T g (summed over broadcast batch dimensions)", MatMul.class),
            new Entry("matmul_wt", "y = x W^T: dx = g W, dW = g^T x (over all rows of x)", MatMulWt.class),
            new Entry("linear", "y = x W^T + b: dx = g W, dW = g^T x, db = column sums of g", MatMulWt.class),
            new Entry("permute", "dx = permute(g, inverse permutation)", Permute.class),
            new Entry("reshape", "dx = reshape(g, shape of x)", Reshape.class),
            new Entry("concat", "dx_i = the slice of g where x_i was placed", Concat.class),
            new Entry("stack", "dx_i = g[..., i, ...] along the new dimension", Stack.class),
            new Entry("slice", "dx = zeros, with g at [start:end]", Slice.class),
            new Entry("select", "dx = zeros, with g at index i", Select.class),
            new Entry("sum", "dx = g repeated over the summed axes", Sum.class),
            new Entry("mean", "dx = g/n repeated over the n reduced values", Mean.class),
            new Entry("max", "dx = g at the maxima (shared equally among ties), 0 elsewhere", Max.class),
            new Entry("tanh", "dx = g*(1 - y^2)", Tanh.class),
            new Entry("sigmoid", "dx = g*y*(1 - y)", Sigmoid.class),
            new Entry("relu", "dx = g where x > 0, else 0", Relu.class),
            new Entry("gelu", "dx = g*(Phi(x) + x*phi(x))  (exact, erf)", Gelu.class),
            new Entry("gelu_tanh", "dx = g*(0.5(1+t) + 0.5x(1-t^2)*sqrt(2/pi)(1+3*0.044715x^2)), "
                    + "t = tanh(sqrt(2/pi)(x+0.044715x^3))", Gelu.class),
            new Entry("lstm_step", "a = x + p; dc' = g_c + g_h*o*(1 - tanh(c')^2); da_i = dc'*g*i(1-i), "
                    + "da_f = dc'*c*f(1-f), da_g = dc'*i*(1-g^2), da_o = g_h*tanh(c')*o(1-o); dx = dp = da, "
                    + "dc = dc'*f  (fused)", LstmStep.class),
            new Entry("lstm_layer", "every step's lstm_step with its projections, backward through time: dA_t from "
                    + "dh_t = g_t + W_hh^T dA_{t+1} and dc_t; dW_ih = sum dA_t x_t^T, dW_hh = sum dA_t h_{t-1}^T, "
                    + "db = sum dA_t, dx_t = W_ih^T dA_t; padded steps carry dh, dc  (fused)", LstmLayer.class),
            new Entry("gru_step", "dn~ = g(1-z)(1-n^2), dr~ = dn~*p_n*r(1-r), dz~ = g(h-n)z(1-z); "
                    + "dx = (dr~, dz~, dn~), dp = (dr~, dz~, dn~*r), dh = g*z  (fused)", GruStep.class),
            new Entry("packed_attention", "per head: W = softmax(Q K^T/sqrt(d) + mask), Y = W V; dV = W^T dY, "
                    + "dW = dY V^T, dS = W(dW - rowsum(dW W))/sqrt(d), dQ = dS K, dK = dS^T Q  (fused, q k v packed)",
                    PackedAttention.class),
            new Entry("gru_layer", "every step's gru_step with its projections, backward through time: from "
                    + "dh_t = g_t + W_hh^T dp_{t+1} + z dh_{t+1}; dW_ih = sum dx_t x_t^T, dW_hh = sum dp_t h_{t-1}^T, "
                    + "db_ih = sum dx_t, db_hh = sum dp_t; padded steps carry dh  (fused)", GruLayer.class),
            new Entry("softmax", "dx = y*(g - sum(g*y))  over the axis", Softmax.class),
            new Entry("log_softmax", "dx = g - exp(y)*sum(g)  over the axis", LogSoftmax.class),
            new Entry("layer_norm", "dx = rstd*(gh - mean(gh) - xhat*mean(gh*xhat)), gh = g*w; "
                    + "dw = sum(g*xhat), db = sum(g)  (fused)", LayerNorm.class),
            new Entry("embedding", "dW[id] += g[position] for every position whose id is not the padding id",
                    Embedding.class),
            new Entry("masked_fill", "dx = g where mask is 0, else 0", MaskedFill.class),
            new Entry("where", "da = g where cond, db = g where not cond (summed over broadcast dimensions)",
                    Where.class),
            new Entry("dropout", "dx = g*mask/(1-p)  (the same seeded mask)", Dropout.class),
            new Entry("cross_entropy", "dlogits = (softmax - ((1-eps)*onehot(t) + eps/C)) * g/N, 0 on ignored "
                    + "rows  (fused)", CrossEntropy.class));

    public static final List<Composed> COMPOSED = List.of(
            new Composed("transpose", "permute (two dimensions swapped)"),
            new Composed("split", "slice, one per piece"),
            new Composed("chunk", "split into equal pieces"),
            new Composed("add/sub/mul/div with a number", "the op with a rank-0 constant"),
            new Composed("rsub", "sub with a rank-0 constant first"));

    public static final List<NoGradient> NO_GRADIENT = List.of(
            new NoGradient("argmax", "an index: piecewise constant in x"),
            new NoGradient("gt / lt / eq", "comparisons: piecewise constant in their inputs"),
            new NoGradient("causal_mask", "a constant"),
            new NoGradient("embedding ids, cross_entropy targets", "integer indices"),
            new NoGradient("masked_fill mask, where cond", "masks select; they are not differentiated"));

    private Ops() {
    }

    /** The entry of that name. */
    public static Optional<Entry> find(String name) {
        return DIFFERENTIABLE.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
