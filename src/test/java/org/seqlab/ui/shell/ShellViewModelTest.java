package org.seqlab.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.binding.StringBinding;
import org.junit.jupiter.api.Test;
import org.seqlab.SeqLabVersion;
import org.seqlab.ui.fx.SameThreadTaskExecutor;
import org.seqlab.ui.i18n.I18n;
import org.seqlab.ui.i18n.Language;

class ShellViewModelTest {

    private static final String SUMMARY = "ND4J 9.9 (Fake, BLAS, 1 cores)";

    private final I18n i18n = new I18n(Language.ENGLISH);

    @Test
    void backendIsLoadingUntilTheProbeRuns() {
        ShellViewModel vm = new ShellViewModel(i18n, new SameThreadTaskExecutor(), () -> SUMMARY);

        assertThat(vm.backendProperty().get()).isInstanceOf(BackendStatus.Loading.class);
        assertThat(vm.backendText().get()).isEqualTo("loading…");
        assertThat(vm.statusText().get()).isEqualTo("Loading the ND4J compute backend…");
    }

    @Test
    void loadedBackendShowsItsSummary() {
        ShellViewModel vm = new ShellViewModel(i18n, new SameThreadTaskExecutor(), () -> SUMMARY);
        StringBinding backend = vm.backendText();
        StringBinding status = vm.statusText();

        vm.loadBackend();

        assertThat(vm.backendProperty().get()).isEqualTo(new BackendStatus.Ready(SUMMARY));
        assertThat(backend.get()).isEqualTo(SUMMARY);
        assertThat(status.get()).isEqualTo("Ready. " + SUMMARY);
    }

    @Test
    void backendThatFailsToLoadSaysWhyEvenForAnError() {
        ShellViewModel vm = new ShellViewModel(i18n, new SameThreadTaskExecutor(), () -> {
            throw new UnsatisfiedLinkError("no jnind4jcpu in java.library.path");
        });

        vm.loadBackend();

        assertThat(vm.backendProperty().get())
                .isEqualTo(new BackendStatus.Failed("no jnind4jcpu in java.library.path"));
        assertThat(vm.backendText().get()).isEqualTo("not available: no jnind4jcpu in java.library.path");
        i18n.setLanguage(Language.SIMPLIFIED_CHINESE);
        assertThat(vm.statusText().get()).isEqualTo("ND4J 计算后端不可用：no jnind4jcpu in java.library.path");
    }

    @Test
    void backendLoadsOnlyOnce() {
        AtomicInteger probes = new AtomicInteger();
        ShellViewModel vm = new ShellViewModel(i18n, new SameThreadTaskExecutor(),
                () -> "run " + probes.incrementAndGet());

        vm.loadBackend();
        vm.loadBackend();

        assertThat(probes).hasValue(1);
    }

    @Test
    void languageIsTheI18nLanguage() {
        ShellViewModel vm = new ShellViewModel(i18n, new SameThreadTaskExecutor(), () -> "x");

        vm.languageProperty().set(Language.SIMPLIFIED_CHINESE);

        assertThat(i18n.getLanguage()).isEqualTo(Language.SIMPLIFIED_CHINESE);
    }

    @Test
    void themeStartsLightAndEachThemeHasAStylesheet() {
        ShellViewModel vm = new ShellViewModel(i18n, new SameThreadTaskExecutor(), () -> "x");

        assertThat(vm.themeProperty().get()).isEqualTo(Theme.LIGHT);
        assertThat(Theme.LIGHT.userAgentStylesheet()).contains("primer-light");
        assertThat(Theme.DARK.userAgentStylesheet()).contains("primer-dark");
    }

    @Test
    void versionReportListsEveryVersion() {
        ShellViewModel vm = new ShellViewModel(i18n, new SameThreadTaskExecutor(), () -> SUMMARY);
        vm.loadBackend();

        assertThat(vm.versionReport()).contains("SeqLab " + SeqLabVersion.current(),
                "Java " + System.getProperty("java.version"), "JavaFX ", SUMMARY);
    }
}
