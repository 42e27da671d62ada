package org.seqlab.train.optim;

/**
 * A learning rate per step (steps count from 1, as the optimizer's): constant, step decay, linear warm-up then
 * cosine decay (nanoGPT), or the Transformer's Noam schedule (Vaswani et al. 2017, §5.3).
 */
public sealed interface Schedule {

    /** The learning rate of step {@code step} (1, 2, …). */
    double rate(long step);

    /** Always {@code lr}. */
    record Constant(double lr) implements Schedule {
        public Constant {
            requirePositive(lr, "learning rate");
        }

        @Override
        public double rate(long step) {
            return lr;
        }
    }

    /** {@code lr · gamma^⌊(step − 1) / every⌋}, as PyTorch's {@code StepLR(step_size=every, gamma)}. */
    record StepDecay(double lr, long every, double gamma) implements Schedule {
        public StepDecay {
            requirePositive(lr, "learning rate");
            if (every < 1 || !(gamma > 0)) {
                throw new IllegalArgumentException("step decay needs every ≥ 1 and gamma > 0; found " + every + ", "
                        + gamma);
            }
        }

        @Override
        public double rate(long step) {
            return lr * Math.pow(gamma, Math.floorDiv(Math.max(step, 1) - 1, every));
        }
    }

    /**
     * nanoGPT's {@code get_lr}: linear warm-up to {@code lr} over {@code warmup} steps
     * ({@code lr · step / warmup}), then cosine decay to {@code minLr} at {@code decaySteps}, then {@code minLr}.
     */
    record WarmupCosine(double lr, double minLr, long warmup, long decaySteps) implements Schedule {
        public WarmupCosine {
            requirePositive(lr, "learning rate");
            if (!(minLr >= 0) || minLr > lr || warmup < 0 || decaySteps < warmup) {
                throw new IllegalArgumentException("warm-up cosine needs 0 ≤ minLr ≤ lr and 0 ≤ warmup ≤ decaySteps;"
                        + " found minLr " + minLr + ", lr " + lr + ", warmup " + warmup + ", decaySteps "
                        + decaySteps);
            }
        }

        @Override
        public double rate(long step) {
            if (step <= warmup) {
                return lr * step / Math.max(1, warmup);
            }
            if (step > decaySteps) {
                return minLr;
            }
            double ratio = (double) (step - warmup) / Math.max(1, decaySteps - warmup);
            double coeff = 0.5 * (1 + Math.cos(Math.PI * ratio));
            return minLr + coeff * (lr - minLr);
        }
    }

    /**
     * The Transformer's schedule: {@code factor · d^−0.5 · min(step^−0.5, step · warmup^−1.5)}, rising linearly
     * for {@code warmup} steps, then falling as the inverse square root of the step (the Annotated Transformer's
     * {@code rate}).
     */
    record Noam(int modelSize, long warmup, double factor) implements Schedule {
        public Noam {
            if (modelSize < 1 || warmup < 1 || !(factor > 0)) {
                throw new IllegalArgumentException("Noam needs d ≥ 1, warmup ≥ 1 and factor > 0; found " + modelSize
                        + ", " + warmup + ", " + factor);
            }
        }

        @Override
        public double rate(long step) {
            long s = Math.max(step, 1);
            return factor * Math.pow(modelSize, -0.5) * Math.min(Math.pow(s, -0.5), s * Math.pow(warmup, -1.5));
        }
    }

    private static void requirePositive(double lr, String what) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("The " + what + " must be a positive number; found " + lr);
        }
    }
}
