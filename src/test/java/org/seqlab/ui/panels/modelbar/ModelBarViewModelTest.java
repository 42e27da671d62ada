package org.seqlab.ui.panels.modelbar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.seqlab.autograd.DType;
import org.seqlab.autograd.Tensor;
import org.seqlab.debug.DebugSession;
import org.seqlab.model.graph.PortKind;
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
    void theTargetFieldAppliesToSeq2seqClassifiersAndTaggersButNotLanguageModels() {
        assertThat(vm.targetKindProperty().get()).as("char-lstm-lm predicts its own next tokens").isNull();
        vm.templateProperty().set("transformer-seq2seq");
        assertThat(vm.targetKindProperty().get()).isEqualTo(PortKind.TOKENS);
        vm.templateProperty().set("lstm-classifier");
        assertThat(vm.targetKindProperty().get()).isEqualTo(PortKind.LABELS);
        vm.templateProperty().set("bilstm-crf-tagger");
        assertThat(vm.targetKindProperty().get()).isEqualTo(PortKind.TAGS);
        vm.templateProperty().set("gpt-mini");
        assertThat(vm.targetKindProperty().get()).isNull();
    }

    @Test
    void aTargetIsRecordedAndABadOneSaysWhatItMustBe() {
        vm.templateProperty().set("transformer-seq2seq");
        vm.textProperty().set("abc");
        vm.targetProperty().set("xyzw");
        vm.record();
        assertThat(vm.errorProperty().get()).isEmpty();
        Tensor targets = vm.sessionProperty().get().recording().inputs().get("targets").value();
        assertThat(targets.shape().size(1)).as("the target, not a copy of the 3-token input").isEqualTo(4);

        vm.templateProperty().set("lstm-classifier");
        assertThat(vm.targetProperty().get()).as("cleared with another model").isEmpty();
        vm.targetProperty().set("7");
        vm.record();
        assertThat(vm.errorProperty().get()).startsWith("The target: id 7").endsWith("Give ids in that range.")
                .doesNotContain("--target");
        vm.targetProperty().set("1");
        vm.record();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.sessionProperty().get().recording().inputs().get("targets").value().toLongArray())
                .containsExactly(1L);
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
