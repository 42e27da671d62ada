package org.seqlab.ui.panels.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.DebugSession;
import org.seqlab.io.checkpoint.TextInputs;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.model.templates.Templates;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.fx.TaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;

/** The inspector's view-model on a real recording, without a stage. */
class InspectorViewModelTest {

    private static final List<String> TOKENS = List.of("h", "e", "l", "l", "o");
    private DebugSession session;
    private InspectorViewModel vm;
    private I18n i18n;

    @BeforeEach
    void record() {
        ModelGraph graph = Templates.get("char-lstm-lm").graph();
        GraphModel model = GraphModel.compile(graph, BlockKinds.standard(), DType.FLOAT32, 0);
        session = DebugSession.record(model, TextInputs.encode(graph, null, "hello", null).inputs());
        i18n = new I18n(Language.ENGLISH);
        vm = new InspectorViewModel(i18n, new SameThreadTaskExecutor());
        vm.setContext(session.recording().trace(), session.recording().parameters(), TOKENS);
    }

    private TraceEvent first(Phase phase, String labelSuffix) {
        return session.recording().trace().events().stream()
                .filter(e -> e.phase() == phase && e.label().endsWith(labelSuffix)).findFirst().orElseThrow();
    }

    @Test
    void showsTheValueStatsHistogramAndTableOfAForwardEvent() {
        TraceEvent e = first(Phase.FORWARD, "/forget_gate");
        vm.setEvent(e);
        Matrix m = vm.matrixProperty().get();
        double[] values = e.value().toDoubleArray();
        assertThat(m.rows() * m.cols()).isEqualTo(values.length);
        assertThat(m.value(0, 0)).isEqualTo(values[0]);
        assertThat(vm.statsProperty().get().count()).isEqualTo(values.length);
        assertThat(java.util.Arrays.stream(vm.histogramProperty().get()).sum()).isEqualTo(values.length);
        assertThat(vm.rows()).hasSize(Math.min(values.length, InspectorViewModel.TABLE_ROWS));
        assertThat(vm.forwardMatrixProperty().get()).isNull();
        assertThat(vm.headerText()).contains(e.op());
    }

    /** An executor that runs its tasks only when told, on the test's thread, noting which thread the work ran on. */
    private static final class Held implements TaskExecutor {
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
            tasks.add(() -> {
                try {
                    onSuccess.accept(work.call());
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            });
        }

        @Override
        public void close() {
        }
    }

    @Test
    void readsTheValueOnTheExecutorAndFoldsRequestsMadeMeanwhileIntoOne() {
        Held executor = new Held();
        InspectorViewModel held = new InspectorViewModel(i18n, executor);
        held.setContext(session.recording().trace(), session.recording().parameters(), TOKENS);
        TraceEvent a = first(Phase.FORWARD, "/forget_gate");
        TraceEvent b = first(Phase.FORWARD, "/input_gate");
        TraceEvent c = first(Phase.BACKWARD, "/forget_gate");

        held.setEvent(a);
        assertThat(held.matrixProperty().get()).as("nothing read on the caller's thread").isNull();
        assertThat(held.preparingProperty().get()).isTrue();
        assertThat(executor.tasks).hasSize(1);
        held.setEvent(b);
        held.setEvent(c);
        assertThat(executor.tasks).as("asked twice more while preparing: no new task yet").hasSize(1);

        executor.tasks.poll().run();               // a's numbers arrive, then one task for the latest request
        assertThat(held.matrixProperty().get().values()).containsExactly(a.value().toDoubleArray());
        assertThat(held.preparingProperty().get()).isTrue();
        assertThat(executor.tasks).hasSize(1);
        executor.tasks.poll().run();
        assertThat(held.matrixProperty().get().values()).containsExactly(c.value().toDoubleArray());
        assertThat(held.forwardMatrixProperty().get()).isNotNull();
        assertThat(held.preparingProperty().get()).isFalse();
        assertThat(executor.tasks).isEmpty();
    }

    @Test
    void aBackwardEventShowsTheGradientBesideTheForwardValue() {
        TraceEvent back = first(Phase.BACKWARD, "/forget_gate");
        vm.setEvent(back);
        TraceEvent fwd = session.recording().trace().events().stream()
                .filter(e -> e.phase() == Phase.FORWARD && e.outputId() == back.outputId()).findFirst().orElseThrow();
        assertThat(vm.valueTitle()).startsWith("Gradient");
        assertThat(vm.matrixProperty().get().values()).containsExactly(back.value().toDoubleArray());
        assertThat(vm.forwardMatrixProperty().get().values()).containsExactly(fwd.value().toDoubleArray());
    }

    @Test
    void aOneDimensionalValueIsOneRowAndATimeAxisGetsTokenLabels() {
        Matrix row = InspectorViewModel.toMatrix(new double[] {1, 2, 3}, new long[] {3}, 0, TOKENS);
        assertThat(row.rows()).isEqualTo(1);
        Matrix time = InspectorViewModel.toMatrix(new double[10], new long[] {5, 2}, 0, TOKENS);
        assertThat(time.rowLabels()).isEqualTo(TOKENS);
        assertThat(time.columnLabels()).isEmpty();
        Matrix third = InspectorViewModel.toMatrix(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, new long[] {2, 2, 2}, 1,
                TOKENS);
        assertThat(third.values()).containsExactly(4, 5, 6, 7);
    }

    @Test
    void checksTheGradientOfASigmoidOnItsRecordedInputs() {
        TraceEvent e = session.recording().trace().events().stream()
                .filter(x -> x.phase() == Phase.FORWARD && x.op().equals("sigmoid")).findFirst().orElseThrow();
        vm.setEvent(e);
        assertThat(vm.gradCheckAvailableProperty().get()).isTrue();
        vm.checkGradient();
        assertThat(vm.gradCheckResultProperty().get()).startsWith("Gradient check passed");
    }

    @Test
    void checksTheGradientOfAMatmulWhoseInputIsAParameter() {
        TraceEvent e = session.recording().trace().events().stream()
                .filter(x -> x.phase() == Phase.FORWARD && x.op().equals("matmul")).findFirst().orElseThrow();
        vm.setEvent(e);
        assertThat(vm.gradCheckAvailableProperty().get()).as(vm.gradCheckReasonProperty().get()).isTrue();
        vm.checkGradient();
        assertThat(vm.gradCheckResultProperty().get()).startsWith("Gradient check passed");
    }

    @Test
    void anOpThatCannotBeReRunDisablesTheCheckAndSaysWhy() {
        TraceEvent e = session.recording().trace().events().stream()
                .filter(x -> x.op().equals("embedding")).findFirst().orElseThrow();
        vm.setEvent(e);
        assertThat(vm.gradCheckAvailableProperty().get()).isFalse();
        assertThat(vm.gradCheckReasonProperty().get()).contains("embedding").startsWith("Cannot check");
        i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
        assertThat(vm.gradCheckReasonProperty().get()).contains("embedding").startsWith("无法");
    }
}
