package org.seqlab.ui.panels.modelbar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.debug.DebugSession;
import org.seqlab.ui.fx.SameThreadTaskExecutor;

/** The model bar's view-model with a same-thread executor: recording, re-recording, errors. */
class ModelBarViewModelTest {

    private final ModelBarViewModel vm = new ModelBarViewModel(new SameThreadTaskExecutor());

    @Test
    void recordsTheDefaultModelOnTheDefaultSentence() {
        vm.record();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.sessionProperty().get()).isNotNull();
        assertThat(vm.tokensProperty().get()).hasSize(ModelBarViewModel.DEFAULT_TEXT.length());
        assertThat(vm.revisionProperty().get()).isEqualTo(1);
        assertThat(vm.templateNames()).contains("char-lstm-lm", "gpt-mini");
    }

    @Test
    void newTextReRecordsTheSameSessionKeepingTheLabel() {
        vm.record();
        DebugSession s = vm.sessionProperty().get();
        s.seek(7);
        String label = s.cursor().label();
        vm.textProperty().set("hello there");
        vm.record();
        assertThat(vm.sessionProperty().get()).isSameAs(s);
        assertThat(s.cursor().label()).isEqualTo(label);
        assertThat(vm.revisionProperty().get()).isEqualTo(2);
    }

    @Test
    void anotherDtypeCompilesANewModel() {
        vm.record();
        DebugSession s = vm.sessionProperty().get();
        vm.dtypeProperty().set(DType.FLOAT64);
        vm.record();
        assertThat(vm.sessionProperty().get()).isNotSameAs(s);
        assertThat(vm.sessionProperty().get().recording().trace().get(0).value().dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void aFailedRecordingKeepsThePreviousOneAndSaysWhy() {
        vm.record();
        DebugSession s = vm.sessionProperty().get();
        vm.textProperty().set("");
        vm.record();
        assertThat(vm.errorProperty().get()).isNotEmpty();
        assertThat(vm.sessionProperty().get()).isSameAs(s);
        assertThat(vm.busyProperty().get()).isFalse();
        vm.textProperty().set("ok");
        vm.record();
        assertThat(vm.errorProperty().get()).isEmpty();
    }
}
