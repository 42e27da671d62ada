package org.seqlab.ui.panels.modelbar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.seqlab.model.templates.Template;
import org.seqlab.model.templates.Templates;
import org.seqlab.ui.fx.SameThreadTaskExecutor;

/** Every template of the chooser records on the default sentence, or says in one line why not. */
class EveryTemplateRecordsTest {

    static java.util.stream.Stream<String> names() {
        return Templates.all().stream().map(Template::name);
    }

    @ParameterizedTest
    @MethodSource("names")
    void recordsOrSaysWhy(String name) {
        ModelBarViewModel vm = new ModelBarViewModel(new SameThreadTaskExecutor());
        vm.templateProperty().set(name);
        vm.record();
        assertThat(vm.sessionProperty().get() != null || !vm.errorProperty().get().isBlank()).isTrue();
        assertThat(vm.errorProperty().get()).as(name).isEmpty();
    }
}
