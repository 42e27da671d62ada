package org.seqlab.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/** The rules of DESIGN.md and STYLE.md §20, each with its reason. */
@AnalyzeClasses(packages = "org.seqlab", importOptions = MainClassesOnly.class)
class ArchitectureTest {

    private static final String ROOT = "org.seqlab";

    @ArchTest
    static final ArchRule layersPointDownTheTableOnly = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("root").definedBy(ROOT)
            .layer("autograd").definedBy(ROOT + ".autograd..")
            .layer("nn").definedBy(ROOT + ".nn..")
            .layer("model").definedBy(ROOT + ".model..")
            .layer("data").definedBy(ROOT + ".data..")
            .layer("train").definedBy(ROOT + ".train..")
            .layer("decode").definedBy(ROOT + ".decode..")
            .layer("debug").definedBy(ROOT + ".debug..")
            .layer("io").definedBy(ROOT + ".io..")
            .layer("lesson").definedBy(ROOT + ".lesson..")
            .layer("ui").definedBy(ROOT + ".ui..")
            .layer("cli").definedBy(ROOT + ".cli..")
            .whereLayer("autograd").mayOnlyAccessLayers("root")
            .whereLayer("nn").mayOnlyAccessLayers("root", "autograd")
            .whereLayer("model").mayOnlyAccessLayers("root", "autograd", "nn")
            .whereLayer("data").mayOnlyAccessLayers("root")
            .whereLayer("train").mayOnlyAccessLayers("root", "autograd", "nn", "model", "data")
            .whereLayer("decode").mayOnlyAccessLayers("root", "autograd", "nn", "model")
            .whereLayer("debug").mayOnlyAccessLayers("root", "autograd", "nn", "model")
            .whereLayer("io").mayOnlyAccessLayers("root", "autograd", "nn", "model", "data")
            .whereLayer("lesson").mayOnlyAccessLayers("root", "autograd", "nn", "model", "data", "train", "decode",
                    "debug", "io")
            .whereLayer("ui").mayOnlyAccessLayers("root", "autograd", "nn", "model", "data", "train", "decode",
                    "debug", "io", "lesson")
            .whereLayer("cli").mayOnlyAccessLayers("root", "autograd", "nn", "model", "data", "train", "decode",
                    "debug", "io", "lesson")
            .because("DESIGN.md's layer table: arrows point down the table only, so each layer can be understood"
                    + " and tested with only the layers it builds on");

    @ArchTest
    static final ArchRule onlyTheLauncherIsTheCompositionRoot = noClasses()
            .that().resideOutsideOfPackage(ROOT)
            .should().dependOnClassesThat().haveFullyQualifiedName(ROOT + ".SeqLab")
            .because("the launcher wires the command line to the app; nothing may depend on it, or the layers"
                    + " would point upward through it");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.seqlab.(**)").should().beFreeOfCycles()
            .because("a cycle makes two packages one, and hides which one builds on the other");

    @ArchTest
    static final ArchRule nd4jOnlyInAutograd = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".autograd..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..", "com.sun.jna..")
            .because("everything else computes through Tensor and the ops, so the tape sees every computation and"
                    + " the backend (with its native libraries) stays replaceable");

    @ArchTest
    static final ArchRule desktopLibrariesOnlyInUi = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.fxyz3d..",
                    "atlantafx..", "com.sun.javafx..")
            .because("the engine, the models and the command line must run headless, without a display");

    @ArchTest
    static final ArchRule picocliOnlyInCli = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".cli..")
            .should().dependOnClassesThat().resideInAnyPackage("picocli..")
            .because("command-line parsing is the cli package's job; the other layers are libraries");

    @ArchTest
    static final ArchRule djlNeverInMainCode = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
            .because("PyTorch through DJL is the numerical oracle of the tests (test scope only), never a runtime"
                    + " dependency of SeqLab");

    @ArchTest
    static final ArchRule noStandardStreamsOutsideCli = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".cli..")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("only the command line prints; everything else logs through SLF4J or shows the user a"
                    + " message (STYLE §19: no print as logging, no printStackTrace)");

    @ArchTest
    static final ArchRule viewModelsHoldNoNodes = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..")
            .because("a ViewModel exposes properties and commands and is tested without a stage (STYLE §14)");

    @ArchTest
    static final ArchRule trainerKnowsNoModelTemplate = noClasses()
            .that().resideInAPackage(ROOT + ".train..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".model.templates..")
            .because("the trainer knows no model family (STYLE §9): it talks to any model through one interface")
            .allowEmptyShould(true);   // train arrives in step 4; the rule is already in force

    @ArchTest
    static final ArchRule panelsDoNotDependOnEachOther = slices().matching(ROOT + ".ui.panels.(*)..")
            .should().notDependOnEachOther()
            .because("a lesson opens panels by id from the registry; a panel that reaches into another cannot be"
                    + " opened alone")
            .allowEmptyShould(true);   // panels arrive in step 3; the rule is already in force

    @ArchTest
    static final ArchRule widgetsDoNotDependOnPanelsOrTheShell = noClasses()
            .that().resideInAPackage(ROOT + ".ui.viz..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".ui.panels..", ROOT + ".ui.shell..")
            .because("panels use widgets, never the reverse (STYLE §16): a widget shows on canned data in the gallery"
                    + " without any panel");

    @ArchTest
    static final ArchRule widgetSkinsLiveInVizSkin = classes()
            .that().resideInAPackage(ROOT + ".ui.viz..")
            .and().areAssignableTo(javafx.scene.control.Skin.class)
            .should().resideInAPackage(ROOT + ".ui.viz.skin")
            .because("a widget is a Control in ui.viz and its look a Skin in ui.viz.skin (STYLE §16), named by"
                    + " -fx-skin in the widget's stylesheet so that ui.viz does not depend on ui.viz.skin");
}
