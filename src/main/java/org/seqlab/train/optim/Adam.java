package org.seqlab.train.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Updates;

/**
 * Adam (Kingma and Ba) as PyTorch's {@code torch.optim.Adam}, with L2 weight decay added to the gradient; or,
 * with {@link Config#decoupled()}, AdamW (Loshchilov and Hutter) as {@code torch.optim.AdamW}, whose decay
 * shrinks the weights directly.
 */
public final class Adam implements Optimizer {

    /**
     * @param beta1 the first moment's decay (0.9)
     * @param beta2 the second moment's decay (0.999; nanoGPT uses 0.99 or 0.95)
     * @param eps added to the denominator (1e-8)
     * @param weightDecay L2 (Adam) or decoupled (AdamW) decay
     * @param decoupled AdamW
     */
    public record Config(double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        public Config {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam's betas must be in [0, 1); found " + beta1 + ", " + beta2);
            }
            if (!(eps > 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("Adam needs eps > 0 and weight decay ≥ 0; found " + eps + ", "
                        + weightDecay);
            }
        }

        /** PyTorch's Adam defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
        public static Config adam() {
            return new Config(0.9, 0.999, 1e-8, 0, false);
        }

        /** PyTorch's AdamW defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
        public static Config adamW() {
            return new Config(0.9, 0.999, 1e-8, 0.01, true);
        }

        /** nanoGPT's AdamW: betas (0.9, 0.99), weight decay 0.1. */
        public static Config nanoGpt() {
            return new Config(0.9, 0.99, 1e-8, 0.1, true);
        }

        public Config withBetas(double b1, double b2) {
            return new Config(b1, b2, eps, weightDecay, decoupled);
        }

        public Config withWeightDecay(double wd) {
            return new Config(beta1, beta2, eps, wd, decoupled);
        }
    }

    private final Map<String, Tensor> parameters;
    private final Config config;
    private final Map<String, Tensor> m;
    private final Map<String, Tensor> v;
    private long steps;

    public Adam(Map<String, Tensor> parameters, Config config) {
        this.parameters = new LinkedHashMap<>(parameters);
        this.config = config;
        this.m = OptimizerState.zerosLike(parameters);
        this.v = OptimizerState.zerosLike(parameters);
    }

    public Config config() {
        return config;
    }

    @Override
    public void step(double lr) {
        steps++;
        for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
            Updates.adam(p.getValue(), m.get(p.getKey()), v.get(p.getKey()), lr, config.beta1(), config.beta2(),
                    config.eps(), steps, config.weightDecay(), config.decoupled());
        }
    }

    @Override
    public void zeroGrad() {
        parameters.values().forEach(Tensor::zeroGrad);
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public Map<String, Tensor> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        OptimizerState.save(out, "exp_avg", m);
        OptimizerState.save(out, "exp_avg_sq", v);
        out.put("step", OptimizerState.stepTensor(steps));
        return out;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        String name = config.decoupled() ? "AdamW" : "Adam";
        OptimizerState.load(state, "exp_avg", m, name);
        OptimizerState.load(state, "exp_avg_sq", v, name);
        steps = OptimizerState.loadStep(state, name);
    }
}
