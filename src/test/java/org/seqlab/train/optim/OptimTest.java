package org.seqlab.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.seqlab.autograd.ops.F.mul;
import static org.seqlab.autograd.ops.F.sum;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;

/** Schedules, clipping and optimizer state on hand-worked numbers. */
class OptimTest {

    @Test
    void schedulesGiveTheirFormulasRates() {
        assertThat(new Schedule.Constant(0.1).rate(1000)).isEqualTo(0.1);
        Schedule step = new Schedule.StepDecay(1.0, 10, 0.5);
        assertThat(step.rate(1)).isEqualTo(1.0);
        assertThat(step.rate(10)).isEqualTo(1.0);
        assertThat(step.rate(11)).isEqualTo(0.5);
        assertThat(step.rate(25)).isEqualTo(0.25);
        Schedule cos = new Schedule.WarmupCosine(1e-3, 1e-4, 100, 2000);   // nanoGPT's shakespeare_char numbers
        assertThat(cos.rate(50)).isCloseTo(5e-4, within(1e-15));
        assertThat(cos.rate(100)).isCloseTo(1e-3, within(1e-15));
        assertThat(cos.rate(1050)).isCloseTo(1e-4 + 0.5 * (1e-3 - 1e-4), within(1e-15));
        assertThat(cos.rate(2000)).isCloseTo(1e-4, within(1e-15));
        assertThat(cos.rate(5000)).isEqualTo(1e-4);
        Schedule noam = new Schedule.Noam(512, 4000, 1.0);
        assertThat(noam.rate(4000)).isCloseTo(Math.pow(512, -0.5) * Math.pow(4000, -0.5), within(1e-15));
        assertThat(noam.rate(1)).isCloseTo(Math.pow(512, -0.5) * Math.pow(4000, -1.5), within(1e-18));
        assertThat(noam.rate(2000)).isLessThan(noam.rate(4000));
        assertThat(noam.rate(8000)).isLessThan(noam.rate(4000));
        assertThatThrownBy(() -> new Schedule.Constant(-1)).hasMessageContaining("positive number; found -1");
        assertThatThrownBy(() -> new Schedule.WarmupCosine(1e-3, 1e-2, 10, 100)).hasMessageContaining("minLr ≤ lr");
    }

    /** A parameter whose gradient is {@code g} (L = Σ g·p). */
    private static Tensor withGradient(double... g) {
        Tensor p = Tensor.of(new double[g.length], g.length).requiresGrad(true);
        try (Tape tape = Tape.open()) {
            tape.backward(sum(mul(p, Tensor.of(g, g.length))));
        }
        return p;
    }

    @Test
    void clippingByGlobalNormScalesEveryGradientTogetherAsPyTorch() {
        Tensor a = withGradient(3, 0);
        Tensor b = withGradient(0, 4);        // joint norm 5
        Clipping.Result r = Clipping.globalNorm(1.0).apply(List.of(a, b));
        assertThat(r.normBefore()).isCloseTo(5, within(1e-12));
        assertThat(r.clipped()).isTrue();
        double coeff = 1.0 / (5 + 1e-6);
        assertThat(a.grad().toDoubleArray()[0]).isCloseTo(3 * coeff, within(1e-12));
        assertThat(b.grad().toDoubleArray()[1]).isCloseTo(4 * coeff, within(1e-12));
        assertThat(r.normAfter()).isCloseTo(5 * coeff, within(1e-12));

        Tensor c = withGradient(0.3, 0.4);
        Clipping.Result under = Clipping.globalNorm(1.0).apply(List.of(c));
        assertThat(under.clipped()).isFalse();
        assertThat(c.grad().toDoubleArray()).containsExactly(0.3, 0.4);

        Tensor d = withGradient(-2, 0.5, 7);
        Clipping.Result v = Clipping.value(1.0).apply(List.of(d));
        assertThat(d.grad().toDoubleArray()).containsExactly(-1, 0.5, 1);
        assertThat(v.clipped()).isTrue();
        assertThat(Clipping.none().apply(List.of(withGradient(100))).normAfter()).isEqualTo(100);
    }

    @Test
    void optimizerStateRoundTripsAndRefusesAnotherModelsState() {
        Tensor p = withGradient(1, 2);
        Adam adam = new Adam(Map.of("w", p), Adam.Config.adam());
        adam.step(0.1);
        Map<String, Tensor> state = adam.state();
        assertThat(state).containsKeys("exp_avg/w", "exp_avg_sq/w", "step");
        assertThat(state.get("exp_avg/w").toDoubleArray()[0]).as("(1 − β1)·g").isCloseTo(0.1, within(1e-15));
        assertThat(state.get("exp_avg/w").toDoubleArray()[1]).isCloseTo(0.2, within(1e-15));

        Adam other = new Adam(Map.of("w", Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true)), Adam.Config.adam());
        other.loadState(state);
        assertThat(other.steps()).isEqualTo(1);
        assertThat(other.state().get("exp_avg_sq/w").toDoubleArray()).containsExactly(
                state.get("exp_avg_sq/w").toDoubleArray());

        Adam wrong = new Adam(Map.of("v", Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true)), Adam.Config.adam());
        assertThatThrownBy(() -> wrong.loadState(state)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("has no 'exp_avg/v'");
        Adam misshapen = new Adam(Map.of("w", Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true)), Adam.Config.adam());
        assertThatThrownBy(() -> misshapen.loadState(state)).hasMessageContaining("has shape (2); the parameter has (3)");

        Sgd sgd = new Sgd(Map.of("w", withGradient(1, 1)), Sgd.Config.nesterovMomentum());
        sgd.step(0.1);
        assertThat(sgd.state()).containsKeys("momentum_buffer/w", "step");
        assertThatThrownBy(() -> new Sgd.Config(0, 0, true, 0)).hasMessageContaining("Nesterov momentum needs");
    }
}
