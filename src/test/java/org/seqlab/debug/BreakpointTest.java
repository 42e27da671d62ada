package org.seqlab.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabException;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.Scope;
import org.seqlab.autograd.Tape;
import org.seqlab.autograd.Tensor;
import org.seqlab.autograd.Trace;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.autograd.ops.F;
import org.seqlab.model.compile.GraphModel;

class BreakpointTest {

    /** Every stop of repeated runs from the first event, until a run ends without a hit. */
    private static List<Move> runAll(Trace trace, Breakpoint b) {
        List<Move> stops = new ArrayList<>();
        Cursor c = Cursor.start(trace);
        for (Move m = c.runToBreakpoint(List.of(b)); m.hitBreakpoint(); m = m.to().runToBreakpoint(List.of(b))) {
            stops.add(m);
        }
        return stops;
    }

    private static boolean holdsNonFinite(TraceEvent e) {
        if (Arrays.stream(e.value().toDoubleArray()).anyMatch(x -> !Double.isFinite(x))) {
            return true;
        }
        return e.gradients().stream().anyMatch(g -> g != null
                && Arrays.stream(g.toDoubleArray()).anyMatch(x -> !Double.isFinite(x)));
    }

    @Test
    void nonFiniteStopsWhereLogOfZeroFirstProducesInfInEachPass() {
        Tensor x = Tensor.of(new double[] {1, 0, 4}, 3).requiresGrad(true);
        Trace trace;
        try (Tape tape = Tape.open()) {
            Tensor y;
            try (Scope s = Scope.push("double")) {
                y = F.mul(x, 2.0);
            }
            Tensor z;
            try (Scope s = Scope.push("log")) {
                z = F.log(y);                                   // log(0) = -Inf
            }
            Tensor loss;
            try (Scope s = Scope.push("loss")) {
                loss = F.sum(F.mul(z, 0.5));
            }
            tape.backward(loss);
            trace = tape.trace();
        }
        List<Move> stops = runAll(trace, Breakpoint.nonFinite());
        assertThat(stops).extracting(m -> m.to().phase() + " " + m.to().label())
                .as("forward: log makes -Inf; backward: its gradient 1/y makes Inf; the ops it spreads to do not"
                        + " stop the run again")
                .containsExactly("FORWARD log", "BACKWARD log");
        assertThat(trace.events()).filteredOn(BreakpointTest::holdsNonFinite).hasSizeGreaterThan(2);
    }

    @Test
    void nonFiniteStopsWhereANaNWeightFirstEntersTheForwardAndTheBackwardPass() {
        GraphModel model = Models.compile("char-lstm-lm");
        Models.editWeight(model, "rnn.weight_hh_l0", w -> {
            w[5] = Double.NaN;
            return w;
        });
        long weightId = model.stateDict().get("rnn.weight_hh_l0").id();
        Trace trace = Recorder.record(model, Models.tokens(Models.ids(4)), false).trace();

        List<Move> stops = runAll(trace, Breakpoint.nonFinite());
        assertThat(stops).hasSize(2);
        TraceEvent forward = stops.get(0).to().event();
        assertThat(forward.phase()).isEqualTo(Phase.FORWARD);
        assertThat(forward.label()).isEqualTo("rnn/l0/t0/projection");
        assertThat(forward.op()).isEqualTo("matmul_wt");
        assertThat(forward.inputIds()).as("the op reading the edited weight").contains(weightId);
        assertThat(trace.events().subList(0, forward.index())).noneMatch(BreakpointTest::holdsNonFinite);

        TraceEvent backward = stops.get(1).to().event();
        assertThat(backward.phase()).isEqualTo(Phase.BACKWARD);
        assertThat(holdsNonFinite(backward)).isTrue();
        assertThat(trace.events().subList(trace.backwardStart(), backward.index()))
                .noneMatch(BreakpointTest::holdsNonFinite);
    }

    @Test
    void gradientNormStopsAtEachBackwardEventProducingAGradientAboveTheThreshold() {
        Trace trace = Models.lstm(5).trace();
        List<Double> norms = new ArrayList<>();
        for (TraceEvent e : trace.phase(Phase.BACKWARD)) {
            norms.add(e.gradients().stream().filter(g -> g != null).mapToDouble(Models::l2).max().orElse(0));
        }
        double threshold = norms.stream().sorted().toList().get(norms.size() / 2);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < norms.size(); i++) {
            if (norms.get(i) > threshold) {
                expected.add(trace.backwardStart() + i);
            }
        }
        assertThat(expected).isNotEmpty().hasSizeLessThan(norms.size());

        List<Move> stops = runAll(trace, Breakpoint.gradientNorm(threshold));
        assertThat(stops).extracting(m -> m.to().position()).isEqualTo(expected);
        assertThat(trace.phase(Phase.FORWARD)).as("forward events produce no gradient")
                .noneMatch(e -> Breakpoint.gradientNorm(0).hits(trace, e));
    }

    @Test
    void eachBreakpointDescribesItself() {
        assertThat(Breakpoint.label("*/forget_gate").description()).isEqualTo("label matches */forget_gate");
        assertThat(Breakpoint.nonFinite().description()).isEqualTo("first NaN/Inf (forward and backward)");
        assertThat(Breakpoint.gradientNorm(10).description()).isEqualTo("gradient norm > 10");
        assertThat(Breakpoint.gradientNorm(0.5).description()).isEqualTo("gradient norm > 0.5");
        assertThat(Breakpoint.gradientNorm(2.5e-7).description()).isEqualTo("gradient norm > 2.5e-07");
    }

    @Test
    void breakpointsWithTheSameConditionAreEqual() {
        assertThat(Breakpoint.label("*/hidden")).isEqualTo(Breakpoint.label("*/hidden"))
                .hasSameHashCodeAs(Breakpoint.label("*/hidden"))
                .isNotEqualTo(Breakpoint.label("*/cell"));
        assertThat(Breakpoint.gradientNorm(3)).isEqualTo(Breakpoint.gradientNorm(3));
        assertThat(Breakpoint.nonFinite()).isEqualTo(Breakpoint.nonFinite());
    }

    @Test
    void meaninglessConditionsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> Breakpoint.gradientNorm(-1)).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("threshold >= 0").hasMessageContaining("found -1.0");
        assertThatThrownBy(() -> Breakpoint.gradientNorm(Double.NaN)).isInstanceOf(SeqLabException.class);
        assertThatThrownBy(() -> Breakpoint.label(" ")).isInstanceOf(SeqLabException.class)
                .hasMessageContaining("*/forget_gate");
    }
}
