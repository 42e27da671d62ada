package org.seqlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.check.GradCheck;

/**
 * Gradient-checks a whole module through the step-1 {@link GradCheck}: its inputs and every parameter
 * are the checked arguments (float64), bound into the module for each evaluation.
 */
public final class ModuleGradCheck {
    private ModuleGradCheck() {
    }

    /**
     * Checks {@code forward(module, inputs)} with respect to the float inputs that require a gradient and
     * every parameter of {@code module} (which must be float64). Returns the result; see {@link #assertPasses}.
     */
    public static GradCheck.Result check(String name, Module module, List<Tensor> inputs,
                                         BiFunction<Module, List<Tensor>, Tensor> forward) {
        if (module.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("gradient checks run in float64; build the module with DType.FLOAT64");
        }
        Map<String, Tensor> params = module.namedParameters();
        List<String> names = new ArrayList<>(params.keySet());
        List<Tensor> all = new ArrayList<>(inputs);
        for (String n : names) {
            all.add(params.get(n).detach().named(n).requiresGrad(true));
        }
        int k = inputs.size();
        GradCheck.Result r = GradCheck.check(name, args -> {
            Map<String, Tensor> bound = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                bound.put(names.get(i), args.get(k + i));
            }
            module.bind(bound);
            return forward.apply(module, args.subList(0, k));
        }, all);
        module.bind(params);   // restore the original leaves
        return r;
    }

    public static void assertPasses(String name, Module module, List<Tensor> inputs,
                                    BiFunction<Module, List<Tensor>, Tensor> forward) {
        GradCheck.Result r = check(name, module, inputs, forward);
        assertThat(r.inputs()).as("%s: checked arguments", name)
                .hasSizeGreaterThanOrEqualTo(module.namedParameters().size());
        assertThat(r.maxRelError()).as(r.report()).isLessThan(1e-6);
    }
}
