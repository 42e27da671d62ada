package org.seqlab.train;

/**
 * How often a seq2seq decoder reads the gold previous token rather than its own prediction while training: the
 * teacher-forcing ratio ε of step {@code i} (1, 2, …). Constant, or one of the decays of scheduled sampling
 * (Bengio et al. 2015, §2.4): linear {@code max(floor, k − c·i)}, exponential {@code k^i} (k &lt; 1) and inverse
 * sigmoid {@code k / (k + exp(i / k))} (k ≥ 1). At ε = 1 the decoder is always teacher-forced.
 */
public sealed interface TeacherForcing {

    /** The probability of feeding the gold token at step {@code step}. */
    double ratio(long step);

    /** A name and its parameters, for logs and run files. */
    String describe();

    /** Always {@code ratio} (1: plain teacher forcing). */
    record Constant(double ratio) implements TeacherForcing {
        public Constant {
            requireProbability(ratio, "teacher-forcing ratio");
        }

        @Override
        public double ratio(long step) {
            return ratio;
        }

        @Override
        public String describe() {
            return ratio == 1 ? "teacher forcing" : "teacher forcing ratio " + ratio;
        }
    }

    /** {@code max(floor, k − c·i)}. */
    record Linear(double k, double c, double floor) implements TeacherForcing {
        public Linear {
            requireProbability(k, "k");
            requireProbability(floor, "floor");
            if (!(c >= 0)) {
                throw new IllegalArgumentException("the slope c must be ≥ 0; found " + c);
            }
        }

        @Override
        public double ratio(long step) {
            return Math.max(floor, k - c * step);
        }

        @Override
        public String describe() {
            return "scheduled sampling, linear decay max(" + floor + ", " + k + " - " + c + "·i)";
        }
    }

    /** {@code k^i}, 0 &lt; k &lt; 1. */
    record Exponential(double k) implements TeacherForcing {
        public Exponential {
            if (!(k > 0 && k < 1)) {
                throw new IllegalArgumentException("exponential decay needs 0 < k < 1; found " + k);
            }
        }

        @Override
        public double ratio(long step) {
            return Math.pow(k, step);
        }

        @Override
        public String describe() {
            return "scheduled sampling, exponential decay " + k + "^i";
        }
    }

    /** {@code k / (k + exp(i / k))}, k ≥ 1. */
    record InverseSigmoid(double k) implements TeacherForcing {
        public InverseSigmoid {
            if (!(k >= 1) || Double.isInfinite(k)) {
                throw new IllegalArgumentException("inverse-sigmoid decay needs k ≥ 1; found " + k);
            }
        }

        @Override
        public double ratio(long step) {
            double e = step / k;
            return e > 700 ? 0 : k / (k + Math.exp(e));
        }

        @Override
        public String describe() {
            return "scheduled sampling, inverse-sigmoid decay " + k + "/(" + k + " + exp(i/" + k + "))";
        }
    }

    private static void requireProbability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("the " + what + " must be in [0, 1]; found " + p);
        }
    }
}
