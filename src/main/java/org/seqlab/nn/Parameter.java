package org.seqlab.nn;

import org.seqlab.autograd.DType;
import org.seqlab.autograd.Shape;
import org.seqlab.autograd.ShapeException;
import org.seqlab.autograd.Tensor;

/**
 * A named slot holding one learnable tensor of a {@link Module}. Layers read it with {@link #get()} in
 * their forward; loading weights, optimizers and gradient checks put a new tensor in the slot.
 */
public final class Parameter {
    private final String name;
    private final Shape shape;
    private Tensor value;
    private Parameter tiedTo;

    Parameter(String name, Tensor value) {
        this.name = name;
        this.shape = value.shape();
        this.value = value.requiresGrad(true).named(name);
    }

    /** The local name, as in a PyTorch {@code state_dict} ({@code weight_ih_l0}). */
    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    public DType dtype() {
        return get().dtype();
    }

    /** The current tensor (a leaf that requires a gradient). */
    public Tensor get() {
        return tiedTo != null ? tiedTo.get() : value;
    }

    /** The slot this one shares its tensor with (weight tying), or null. */
    public Parameter tiedTo() {
        return tiedTo;
    }

    /** Makes this slot share {@code other}'s tensor from now on (weight tying). */
    void tie(Parameter other) {
        if (!other.shape.equals(shape)) {
            throw new ShapeException("Cannot tie parameter '" + name + "' " + shape + " to '" + other.name + "' "
                    + other.shape + ": tied weights must have the same shape.");
        }
        Parameter root = other;
        while (root.tiedTo != null) {
            root = root.tiedTo;
        }
        if (root == this) {
            throw new IllegalArgumentException("tying '" + name + "' to itself");
        }
        this.tiedTo = root;
    }

    /**
     * Puts {@code t} in the slot (cast to this parameter's dtype unless {@code keepDType}); its shape must match.
     * The new tensor requires a gradient and takes this parameter's label.
     */
    void set(Tensor t, String label, boolean keepDType) {
        if (!t.shape().equals(shape)) {
            throw new ShapeException("Parameter '" + label + "' has shape " + shape + "; cannot set a tensor of shape "
                    + t.shape() + ".");
        }
        if (tiedTo != null) {
            tiedTo.set(t, tiedTo.name, keepDType);
            return;
        }
        Tensor v = keepDType || t.dtype() == value.dtype() ? t : t.to(value.dtype());
        value = v.requiresGrad(true).named(label);
    }
}
