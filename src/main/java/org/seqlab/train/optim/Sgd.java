package org.seqlab.train.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Updates;

/** Stochastic gradient descent as PyTorch's {@code torch.optim.SGD}: momentum, dampening, Nesterov, weight decay. */
public final class Sgd implements Optimizer {

    /**
     * @param momentum μ, 0 for plain SGD
     * @param dampening how much of each new gradient the momentum buffer takes in less (PyTorch's default 0)
     * @param nesterov Nesterov momentum (needs momentum &gt; 0 and dampening 0, as PyTorch requires)
     * @param weightDecay L2 penalty added to the gradient
     */
    public record Config(double momentum, double dampening, boolean nesterov, double weightDecay) {
        public Config {
            if (!(momentum >= 0) || !(dampening >= 0) || !(weightDecay >= 0)) {
                throw new IllegalArgumentException("SGD needs momentum, dampening and weight decay ≥ 0; found "
                        + momentum + ", " + dampening + ", " + weightDecay);
            }
            if (nesterov && (momentum == 0 || dampening != 0)) {
                throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0 and zero dampening; found "
                        + "momentum " + momentum + ", dampening " + dampening);
            }
        }

        /** Plain SGD. */
        public static Config plain() {
            return new Config(0, 0, false, 0);
        }

        /** Momentum 0.9. */
        public static Config withMomentum() {
            return new Config(0.9, 0, false, 0);
        }

        /** Nesterov momentum 0.9. */
        public static Config nesterovMomentum() {
            return new Config(0.9, 0, true, 0);
        }

        public Config withWeightDecay(double wd) {
            return new Config(momentum, dampening, nesterov, wd);
        }
    }

    private final Map<String, Tensor> parameters;
    private final Config config;
    private final Map<String, Tensor> buffers;
    private long steps;

    public Sgd(Map<String, Tensor> parameters, Config config) {
        this.parameters = new LinkedHashMap<>(parameters);
        this.config = config;
        this.buffers = config.momentum() == 0 ? Map.of() : OptimizerState.zerosLike(parameters);
    }

    public Config config() {
        return config;
    }

    @Override
    public void step(double lr) {
        boolean first = steps == 0;
        steps++;
        for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
            Updates.sgd(p.getValue(), buffers.get(p.getKey()), lr, config.momentum(), config.dampening(),
                    config.nesterov(), config.weightDecay(), first);
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
        OptimizerState.save(out, "momentum_buffer", buffers);
        out.put("step", OptimizerState.stepTensor(steps));
        return out;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        OptimizerState.load(state, "momentum_buffer", buffers, "SGD");
        steps = OptimizerState.loadStep(state, "SGD");
    }
}
