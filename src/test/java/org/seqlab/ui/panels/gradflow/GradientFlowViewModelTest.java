package org.seqlab.ui.panels.gradflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.Cursor;
import org.seqlab.debug.DebugSession;
import org.seqlab.debug.GradientFlow;
import org.seqlab.debug.GradientFlow.Clipping;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;
import org.seqlab.ui.panels.gradflow.GradientFlowViewModel.Prepared;
import org.seqlab.ui.panels.gradflow.GradientFlowViewModel.StepNorms;
import org.seqlab.ui.viz.ValueFormat;

class GradientFlowViewModelTest {

    private final I18n i18n = new I18n(Language.ENGLISH);

    private GradientFlowViewModel loaded(DebugSession session, List<String> tokens) {
        GradientFlowViewModel vm = new GradientFlowViewModel(i18n, new SameThreadTaskExecutor());
        vm.load(session, tokens);
        return vm;
    }

    private static void assertSeriesEqualTheFlow(Prepared p, GradientFlow flow) {
        assertThat(p.series()).extracting(StepNorms::name)
                .isEqualTo(flow.series().stream().map(GradientFlow.Series::name).toList());
        for (int i = 0; i < p.series().size(); i++) {
            GradientFlow.Series s = flow.series().get(i);
            StepNorms drawn = p.series().get(i);
            assertThat(drawn.steps()).containsExactly(s.steps().stream().mapToInt(GradientFlow.Step::t).toArray());
            assertThat(drawn.norms()).containsExactly(s.steps().stream().mapToDouble(GradientFlow.Step::norm).toArray());
        }
    }

    @Test
    void theChartSeriesAreTheGradientFlowsNormsForALongRnnInput() {
        DebugSession session = Recordings.record("char-rnn-lm", Recordings.LONG_TEXT);
        List<String> tokens = Recordings.tokens(Recordings.LONG_TEXT);
        GradientFlowViewModel vm = loaded(session, tokens);
        Prepared p = vm.preparedProperty().get();
        assertThat(p).isNotNull();
        assertThat(p.flow()).isSameAs(session.gradientFlow());
        assertSeriesEqualTheFlow(p, session.gradientFlow());
        assertThat(p.series().get(0).steps()).hasSize(40);
        assertThat(p.stepLabels()).as("one token per step: the steps are labelled with them").isEqualTo(tokens);
        assertThat(vm.availableProperty().get()).isTrue();
        assertThat(p.hasRecurrence()).isTrue();
    }

    @Test
    void theLstmsSeriesAreTheGradientFlowsNormsToo() {
        DebugSession session = Recordings.record("char-lstm-lm", "hello world");
        GradientFlowViewModel vm = loaded(session, Recordings.tokens("hello world"));
        assertSeriesEqualTheFlow(vm.preparedProperty().get(), session.gradientFlow());
    }

    @Test
    void tokensThatDoNotMatchTheStepsLabelNothing() {
        DebugSession session = Recordings.record("char-rnn-lm", "hello");
        GradientFlowViewModel vm = loaded(session, List.of("he", "llo"));
        assertThat(vm.preparedProperty().get().stepLabels()).isEmpty();
    }

    @Test
    void aThresholdBelowTheGlobalNormScalesEveryNormAndTheGlobalNormLandsOnIt() {
        for (String template : List.of("char-rnn-lm", "char-lstm-lm")) {
            DebugSession session = Recordings.record(template, Recordings.LONG_TEXT);
            GradientFlowViewModel vm = loaded(session, List.of());
            GradientFlow flow = session.gradientFlow();
            double threshold = flow.globalNorm() / 3;
            vm.thresholdProperty().set(threshold);
            Clipping c = vm.clippingProperty().get();
            assertThat(c.clipped()).as(template).isTrue();
            assertThat(c.postNorm()).as(template).isCloseTo(threshold, within(1e-6));
            for (int i = 0; i < flow.parameters().size(); i++) {
                assertThat(c.parameters().get(i).pre()).isEqualTo(flow.parameters().get(i).norm());
                assertThat(c.parameters().get(i).post()).as("%s %s", template, flow.parameters().get(i).name())
                        .isCloseTo(flow.parameters().get(i).norm() * c.scale(), within(1e-12));
            }
            assertThat(vm.clipSummaryProperty().get()).contains("clipped by ×" + ValueFormat.compact(c.scale()));
        }
    }

    @Test
    void aThresholdAboveTheGlobalNormLeavesEveryNormUnchanged() {
        DebugSession session = Recordings.record("char-lstm-lm", Recordings.LONG_TEXT);
        GradientFlowViewModel vm = loaded(session, List.of());
        GradientFlow flow = session.gradientFlow();
        vm.thresholdProperty().set(flow.globalNorm() * 2);
        Clipping c = vm.clippingProperty().get();
        assertThat(c.clipped()).isFalse();
        assertThat(c.postNorm()).isEqualTo(flow.globalNorm());
        for (int i = 0; i < flow.parameters().size(); i++) {
            assertThat(c.parameters().get(i).post()).isEqualTo(flow.parameters().get(i).norm());
        }
        assertThat(vm.clipSummaryProperty().get()).endsWith("not clipped");
    }

    @Test
    void clippingOffShowsNoClippingAndTheCsvKeepsPreEqualToPost() {
        DebugSession session = Recordings.record("char-rnn-lm", "hello world");
        GradientFlowViewModel vm = loaded(session, List.of());
        vm.thresholdProperty().set(1e-3);
        vm.clippingOnProperty().set(false);
        assertThat(vm.clippingProperty().get()).isNull();
        assertThat(vm.clipSummaryProperty().get()).contains("clipping off");
        String csv = vm.csv();
        List<String> lines = csv.lines().toList();
        int params = lines.indexOf("parameter,pre,post");
        for (String row : lines.subList(params + 1, lines.size())) {
            String[] f = row.split(",");
            assertThat(f[1]).as(row).isEqualTo(f[2]);
        }
    }

    @Test
    void theCsvHoldsEveryStepThenEveryParameterBeforeAndAfterClipping() {
        DebugSession session = Recordings.record("char-rnn-lm", Recordings.LONG_TEXT);
        GradientFlowViewModel vm = loaded(session, List.of());
        GradientFlow flow = session.gradientFlow();
        vm.thresholdProperty().set(flow.globalNorm() / 2);
        List<String> lines = vm.csv().lines().toList();
        assertThat(lines.get(0)).isEqualTo("series,t,norm");
        GradientFlow.Series s = flow.series().get(0);
        assertThat(lines.get(1)).isEqualTo(s.name() + ",0," + ValueFormat.exact(s.norm(0)));
        assertThat(lines.get(40)).isEqualTo(s.name() + ",39," + ValueFormat.exact(s.norm(39)));
        assertThat(lines.get(41)).isEqualTo("parameter,pre,post");
        Clipping c = vm.clippingProperty().get();
        assertThat(lines.get(42)).isEqualTo("(global norm)," + ValueFormat.exact(flow.globalNorm()) + ","
                + ValueFormat.exact(c.postNorm()));
        GradientFlow.ParameterNorm first = flow.parameters().get(0);
        assertThat(lines.get(43)).isEqualTo(first.name() + "," + ValueFormat.exact(first.norm()) + ","
                + ValueFormat.exact(first.norm() * c.scale()));
        assertThat(lines).hasSize(43 + flow.parameters().size());
    }

    @Test
    void theReadingIsBuiltFromItsFieldsInTheUsersLanguage() {
        DebugSession session = Recordings.record("char-rnn-lm", Recordings.LONG_TEXT);
        GradientFlowViewModel vm = loaded(session, List.of());
        GradientFlow.Reading r = session.gradientFlow().reading();
        // a loss at every position gives t=0 its own gradient: the reading is whatever the recording says
        String en = switch (r.verdict()) {
            case VANISHING -> "vanishing (less than 1% of it reaches the start)";
            case EXPLODING -> "exploding (it grows more than 100× on its way back)";
            default -> "healthy";
        };
        String zhVerdict = switch (r.verdict()) {
            case VANISHING -> "梯度消失（到达序列开头的不足 1%）";
            case EXPLODING -> "梯度爆炸（向回传播时增大超过 100 倍）";
            default -> "正常";
        };
        String ratio = ValueFormat.compact(r.ratio());
        assertThat(vm.readingProperty().get()).isEqualTo("rnn/l0: the gradient at t=" + r.firstT() + " is " + ratio
                + " of the one at t=" + r.lastT() + ": " + en);
        i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
        String zh = vm.readingProperty().get();
        assertThat(zh).isEqualTo("rnn/l0：t=" + r.firstT() + " 处的梯度是 t=" + r.lastT() + " 处的 " + ratio
                + " 倍：" + zhVerdict);
        assertThat(zh).doesNotContain("gradient", "of the", r.text());
        i18n.setLanguage(Language.ENGLISH);
    }

    @Test
    void theCursorsTimeStepIsMarkedOnlyOnARecurrentLayersEvent() {
        DebugSession session = Recordings.record("char-rnn-lm", "hello world");
        GradientFlowViewModel vm = loaded(session, List.of());
        Cursor cursor = session.cursor();
        TraceEvent step3 = null;
        TraceEvent outside = null;
        for (TraceEvent e : cursor.trace().events()) {
            if (step3 == null && e.label().startsWith("rnn/l0/t3/")) {
                step3 = e;
            }
            if (outside == null && !e.label().matches(".*(^|/)t\\d+(/.*|$)")) {
                outside = e;
            }
        }
        assertThat(step3).isNotNull();
        assertThat(outside).isNotNull();
        vm.setCursor(Cursor.at(cursor.trace(), step3.index()));
        assertThat(vm.cursorStepProperty().get()).isEqualTo(3);
        vm.setCursor(Cursor.at(cursor.trace(), outside.index()));
        assertThat(vm.cursorStepProperty().get()).isEqualTo(-1);
    }

    @Test
    void aStepBelongsToASeriesByTheLabelBeforeItsTimeStep() {
        List<String> names = List.of("rnn/l0", "rnn/l0_reverse", "decoder/cell");
        assertThat(GradientFlowViewModel.stepOf("rnn/l0/t3/forget_gate", names)).isEqualTo(3);
        assertThat(GradientFlowViewModel.stepOf("rnn/l0_reverse/t7/hidden", names)).isEqualTo(7);
        assertThat(GradientFlowViewModel.stepOf("decoder/t2/attn/score", names)).isEqualTo(2);
        assertThat(GradientFlowViewModel.stepOf("encoder/embedding", names)).isEqualTo(-1);
        assertThat(GradientFlowViewModel.stepOf("other/t2/x", names)).isEqualTo(-1);
    }

    @Test
    void aModelWithoutRecurrenceHasNoStepsButStillItsParameterNorms() {
        DebugSession session = Recordings.record("transformer-classifier", "hello world");
        GradientFlowViewModel vm = loaded(session, List.of());
        Prepared p = vm.preparedProperty().get();
        assertThat(p.hasRecurrence()).isFalse();
        assertThat(p.flow().parameters()).isNotEmpty();
        assertThat(vm.availableProperty().get()).isTrue();
        assertThat(vm.readingProperty().get()).startsWith("No recurrent layer");
        assertThat(vm.csv()).contains("parameter,pre,post");
    }

    @Test
    void withoutASessionNothingIsAvailable() {
        GradientFlowViewModel vm = loaded(null, List.of());
        assertThat(vm.availableProperty().get()).isFalse();
        assertThat(vm.csv()).isEmpty();
        assertThat(vm.readingProperty().get()).isEqualTo(i18n.get("gradflow.none"));
    }
}
