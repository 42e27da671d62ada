package org.seqlab.ui.panels.debugger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.seqlab.autograd.Phase;
import org.seqlab.autograd.TraceEvent;
import org.seqlab.debug.DebugSession;
import org.seqlab.io.checkpoint.TextInputs;
import org.seqlab.model.blocks.BlockKinds;
import org.seqlab.model.compile.GraphModel;
import org.seqlab.model.graph.ModelGraph;
import org.seqlab.autograd.DType;
import org.seqlab.model.templates.Templates;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;

/** The debugger bar's view-model on a real recording of char-lstm-lm, without a stage. */
class DebuggerViewModelTest {

    private DebuggerViewModel vm;
    private DebugSession session;

    @BeforeEach
    void record() {
        ModelGraph graph = Templates.get("char-lstm-lm").graph();
        GraphModel model = GraphModel.compile(graph, BlockKinds.standard(), DType.FLOAT32, 0);
        session = DebugSession.record(model, TextInputs.encode(graph, null, "hello", null).inputs());
        vm = new DebuggerViewModel(new I18n(Language.ENGLISH));
        vm.setSession(session);
    }

    @Test
    void startsAtTheFirstEventOfTheForwardPass() {
        assertThat(vm.cursorProperty().get().position()).isZero();
        assertThat(vm.events()).hasSize(session.recording().trace().size());
        assertThat(vm.phaseText()).isEqualTo("Forward pass");
        assertThat(vm.positionText()).startsWith("event 1 / ").endsWith(session.recording().trace().get(0).label());
    }

    @Test
    void stepAndStepBackMoveByOneEvent() {
        vm.step();
        vm.step();
        assertThat(vm.cursorProperty().get().position()).isEqualTo(2);
        vm.stepBack();
        assertThat(vm.cursorProperty().get().position()).isEqualTo(1);
    }

    @Test
    void stepOverMovesForward() {
        vm.breakpointPatternProperty().set("*/forget_gate");
        vm.runToBreakpoint();
        int before = vm.cursorProperty().get().position();
        vm.stepOver();
        int after = vm.cursorProperty().get().position();
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void runsToTheFirstForgetGate() {
        vm.breakpointPatternProperty().set("*/forget_gate");
        vm.runToBreakpoint();
        TraceEvent at = vm.cursorProperty().get().event();
        assertThat(at.label()).endsWith("/forget_gate");
        assertThat(vm.messageProperty().get()).startsWith("Stopped");
        TraceEvent first = session.recording().trace().events().stream()
                .filter(e -> e.label().endsWith("/forget_gate")).findFirst().orElseThrow();
        assertThat(at.index()).isEqualTo(first.index());
    }

    @Test
    void runningWithoutABreakpointSaysSoAndStays() {
        vm.runToBreakpoint();
        assertThat(vm.cursorProperty().get().position()).isZero();
        assertThat(vm.messageProperty().get()).contains("breakpoint");
    }

    @Test
    void endOfPhaseThenStepEntersTheBackwardPass() {
        vm.runToEndOfPhase();
        assertThat(vm.cursorProperty().get().phase()).isEqualTo(Phase.FORWARD);
        vm.step();
        assertThat(vm.cursorProperty().get().phase()).isEqualTo(Phase.BACKWARD);
        assertThat(vm.phaseText()).isEqualTo("Backward pass");
    }

    @Test
    void watchesShowTheStatsOfTheirLabel() {
        vm.addWatch("*/forget_gate");
        assertThat(vm.watchValues()).hasSize(1);
        assertThat(vm.watchValues().get(0).found()).isFalse();
        vm.breakpointPatternProperty().set("*/forget_gate");
        vm.runToBreakpoint();
        assertThat(vm.watchValues().get(0).found()).isTrue();
    }

    @Test
    void commandsDoNothingWhileTheSessionReRecords() {
        vm.lockedProperty().set(true);
        vm.step();
        vm.seek(9);
        assertThat(vm.cursorProperty().get().position()).isZero();
        vm.lockedProperty().set(false);
        vm.step();
        assertThat(vm.cursorProperty().get().position()).isEqualTo(1);
    }

    @Test
    void seekGoesToAnyEvent() {
        vm.seek(5);
        assertThat(vm.cursorProperty().get().position()).isEqualTo(5);
    }
}
