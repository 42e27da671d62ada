package org.seqlab.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tensor;

/**
 * A layer or a model: named parameters and named child modules, in PyTorch {@code state_dict} naming
 * ({@code encoder.layers.0.self_attn.in_proj_weight}) and layout, so weights move between SeqLab and
 * PyTorch without renaming.
 *
 * <p>A module's forward runs inside {@link #enter()}, which pushes its own name as a {@link Scope}: the
 * trace labels of its ops read like its place in the model ({@code encoder/lstm0/t3/forget_gate}).
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final DType dtype;
    String scopeName = "";
    boolean inlined;
    private int inlineCount;
    private boolean training = true;

    protected Module(DType dtype) {
        if (!dtype.isFloating()) {
            throw new SeqLabException("A module computes in float32 or float64; found " + dtype + ".");
        }
        this.dtype = dtype;
    }

    public final DType dtype() {
        return dtype;
    }

    // ---- registration ---------------------------------------------------------------------------

    /** Registers a learnable tensor under {@code name} (its {@code state_dict} name in this module). */
    protected final Parameter parameter(String name, Tensor init) {
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        if (init.dtype() != dtype) {
            init = init.to(dtype);
        }
        Parameter p = new Parameter(name, init);
        parameters.put(name, p);
        return p;
    }

    /** Registers a child module under {@code name}; its ops are labelled under that name. */
    protected final <M extends Module> M child(String name, M module) {
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("duplicate name '" + name + "' in " + getClass().getSimpleName());
        }
        module.scopeName = name;
        children.put(name, module);
        return module;
    }

    /**
     * Adopts {@code module}'s parameters and children at this module's own level (no extra name in the
     * state dict, no extra label): a wrapper that adds behaviour around one layer stays invisible.
     */
    protected final <M extends Module> M inline(M module) {
        module.inlined = true;
        children.put("#inline" + (inlineCount++), module);
        return module;
    }

    /** Registers a list of children as PyTorch's {@code ModuleList}: {@code name.0}, {@code name.1}, ... */
    protected final <M extends Module> List<M> children(String name, List<M> modules) {
        ModuleList<M> list = new ModuleList<>(dtype, modules);
        child(name, list);
        return Collections.unmodifiableList(modules);
    }

    /** Enters this module's label scope (its registered name); use with try-with-resources in forward. */
    protected final Scope enter() {
        if (inlined) {
            return Scope.none();
        }
        return scopeName.isEmpty() ? Scope.push(getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                : Scope.push(scopeName);
    }

    /** Overrides the scope label this module's ops run under (default: its registered name). */
    public final Module labelled(String label) {
        this.scopeName = label;
        return this;
    }

    // ---- parameters -----------------------------------------------------------------------------

    /** Every parameter with its full name, own parameters first then children's, in registration order. */
    public final Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, null);
        return out;
    }

    /** Every parameter slot with its full name. */
    public final Map<String, Parameter> parameterSlots() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", null, out);
        return out;
    }

    private void collect(String prefix, Map<String, Tensor> tensors, Map<String, Parameter> slots) {
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            String full = prefix + e.getKey();
            if (tensors != null) {
                Tensor t = e.getValue().get();
                tensors.put(full, e.getValue().tiedTo() == null ? t.named(full) : t);
            }
            if (slots != null) {
                slots.put(full, e.getValue());
            }
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(e.getValue().inlined ? prefix : prefix + e.getKey() + ".", tensors, slots);
        }
    }

    /** The distinct learnable tensors (a tied weight once), for optimizers. */
    public final List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>();
        java.util.Set<Tensor> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Tensor t : namedParameters().values()) {
            if (seen.add(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Total number of distinct learnable values (a tied weight counted once). */
    public final long parameterCount() {
        long n = 0;
        for (Tensor t : parameters()) {
            n += t.numel();
        }
        return n;
    }

    /**
     * Ties parameter {@code name} to {@code sameAs} (full state_dict names): from now on both are one
     * tensor, as GPT's {@code lm_head.weight} and {@code transformer.wte.weight}. Both names stay in the
     * state dict.
     */
    public final void tie(String name, String sameAs) {
        Map<String, Parameter> slots = parameterSlots();
        Parameter p = slots.get(name);
        Parameter q = slots.get(sameAs);
        if (p == null || q == null) {
            throw new SeqLabException("Cannot tie '" + name + "' to '" + sameAs + "': the model has no parameter '"
                    + (p == null ? name : sameAs) + "'.");
        }
        p.tie(q);
    }

    public final void zeroGrad() {
        for (Tensor t : namedParameters().values()) {
            t.zeroGrad();
        }
    }

    /** The weights under their {@code state_dict} names. */
    public final Map<String, Tensor> stateDict() {
        return namedParameters();
    }

    /**
     * Loads weights by {@code state_dict} name, cast to this module's dtype. Every mismatch is collected
     * first (missing names, unexpected names, wrong shapes) and reported in one error; nothing is
     * changed unless all match.
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Parameter> slots = parameterSlots();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : slots.entrySet()) {
            Tensor t = state.get(e.getKey());
            if (t == null && e.getValue().tiedTo() != null) {
                continue;   // a tied weight may be stored once, under the name it is tied to
            }
            if (t == null) {
                problems.add("missing '" + e.getKey() + "' " + e.getValue().shape());
            } else if (!t.shape().equals(e.getValue().shape())) {
                problems.add("'" + e.getKey() + "' has shape " + t.shape() + " in the file but " + e.getValue().shape()
                        + " in the model");
            } else if (!t.dtype().isFloating()) {
                problems.add("'" + e.getKey() + "' holds " + t.dtype() + " values; weights must be floating point");
            }
        }
        for (String name : state.keySet()) {
            if (!slots.containsKey(name)) {
                problems.add("unexpected '" + name + "' " + state.get(name).shape() + " (the model has no such parameter)");
            }
        }
        if (!problems.isEmpty()) {
            throw new WeightsMismatchException(problems);
        }
        for (Map.Entry<String, Parameter> e : slots.entrySet()) {
            if (e.getValue().tiedTo() == null) {
                e.getValue().set(state.get(e.getKey()), e.getKey(), false);
            }
        }
    }

    /**
     * Puts the given tensors in the named slots as they are (no cast, no copy): gradient checks and
     * functional calls run the module on exactly these leaves.
     */
    public final void bind(Map<String, Tensor> tensors) {
        Map<String, Parameter> slots = parameterSlots();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Parameter p = slots.get(e.getKey());
            if (p == null) {
                throw new SeqLabException("bind: the model has no parameter '" + e.getKey() + "'.");
            }
            if (p.tiedTo() == null) {
                p.set(e.getValue(), e.getKey(), true);
            }
        }
    }

    // ---- mode -----------------------------------------------------------------------------------

    /** Training mode (dropout active) or evaluation mode, for this module and all children. */
    public final Module train(boolean on) {
        training = on;
        for (Module m : children.values()) {
            m.train(on);
        }
        return this;
    }

    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** The named children, in registration order (inlined ones are not named and not listed). */
    /** This module and every module under it, depth first, inlined ones too (PyTorch's {@code modules()}). */
    public final List<Module> modules() {
        List<Module> all = new ArrayList<>();
        all.add(this);
        for (Module m : children.values()) {
            all.addAll(m.modules());
        }
        return all;
    }

    public final Map<String, Module> children() {
        Map<String, Module> named = new LinkedHashMap<>();
        children.forEach((k, v) -> {
            if (!v.inlined) {
                named.put(k, v);
            }
        });
        return Collections.unmodifiableMap(named);
    }

    // ---- initialisation helpers (PyTorch's default schemes, our seeded RNG) ---------------------

    /** U(-bound, bound), reproducible from the generator. */
    protected final Tensor uniform(SplittableRandom rng, double bound, long... shape) {
        return Tensor.uniform(dtype, rng.nextLong(), -bound, bound, shape);
    }

    /** N(0, std^2), reproducible from the generator. */
    protected final Tensor normal(SplittableRandom rng, double std, long... shape) {
        Tensor t = Tensor.randn(DType.FLOAT64, rng.nextLong(), shape);
        if (std == 1.0) {
            return t.to(dtype);
        }
        double[] v = t.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            v[i] *= std;
        }
        return Tensor.of(dtype, v, shape);
    }

    protected final Tensor zeros(long... shape) {
        return Tensor.zeros(dtype, shape);
    }

    protected final Tensor ones(long... shape) {
        return Tensor.ones(dtype, shape);
    }

    /** A one-line summary: class, parameter count. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + parameterCount() + " parameters)";
    }

    /** PyTorch's {@code ModuleList}: children named 0, 1, 2, ... */
    private static final class ModuleList<M extends Module> extends Module {
        ModuleList(DType dtype, List<M> modules) {
            super(dtype);
            for (int i = 0; i < modules.size(); i++) {
                child(Integer.toString(i), modules.get(i));
            }
        }
    }
}
