package org.seqlab.autograd.ops;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.Shape;

/**
 * {@code value} where {@code mask} is non-zero, else {@code x}; the mask broadcasts to x's shape
 * (a causal (T,T) mask over (B,h,T,T) scores). {@code value} may be -Inf, exactly.
 */
public final class MaskedFill extends Op {
    private final double value;
    private INDArray keep;

    public MaskedFill(double value) {
        super("masked_fill");
        this.value = value;
    }

    @Override
    protected boolean isMaskInput(int i) {
        return i == 1;
    }

    @Override
    protected INDArray forward(INDArray[] in) {
        INDArray x = in[0];
        long[] s = Nd.broadcastShape(x.shape(), in[1].shape());
        if (s == null || !java.util.Arrays.equals(s, x.shape())) {
            throw shapeError("the mask " + Shape.of(in[1].shape()) + " must broadcast to the shape of x "
                    + Shape.of(x.shape()));
        }
        INDArray m = Nd.expand(Nd.ones01(in[1], x.dataType()), x.shape());
        keep = save("keep", m.rsub(1));
        INDArray fill = Nd4j.valueArrayOf(x.shape(), value, x.dataType());
        return Nd.select(m, fill, x);
    }

    @Override
    protected INDArray[] backward(INDArray g) {
        return new INDArray[] {g.mul(keep), null};
    }
}
