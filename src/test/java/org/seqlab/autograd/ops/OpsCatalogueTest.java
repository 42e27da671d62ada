package org.seqlab.autograd.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.seqlab.autograd.Op;
import org.seqlab.autograd.check.GradCase;
import org.seqlab.autograd.check.GradCheck;

/** Walks the catalogue: no op escapes gradient checking. */
class OpsCatalogueTest {

    @Test
    void everyOpClassIsInTheCatalogue() {
        Set<String> catalogued = Ops.DIFFERENTIABLE.stream().map(e -> e.impl().getName()).collect(Collectors.toSet());
        List<String> opClasses = new ClassFileImporter()
                .withImportOption(new org.seqlab.arch.MainClassesOnly())
                .importPackages("org.seqlab").stream()
                .filter(c -> c.isAssignableTo(Op.class) && !c.getModifiers().contains(JavaModifier.ABSTRACT))
                .map(JavaClass::getName)
                .collect(Collectors.toList());
        assertThat(opClasses).as("op classes found").isNotEmpty();
        assertThat(catalogued).as("every concrete Op subclass must have an entry in Ops.DIFFERENTIABLE")
                .containsAll(opClasses);
    }

    @Test
    void everyCatalogueEntryHasGradientChecks() {
        Map<String, List<GradCase>> byOp = OpChecks.byOp();
        for (Ops.Entry e : Ops.DIFFERENTIABLE) {
            assertThat(byOp.get(e.name())).as("gradient-check cases for op '%s'", e.name()).isNotEmpty();
        }
        assertThat(byOp.keySet()).as("every case names a catalogue op")
                .allMatch(name -> Ops.find(name).isPresent());
    }

    @Test
    void catalogueNamesAreUniqueAndRulesNonEmpty() {
        List<String> names = Ops.DIFFERENTIABLE.stream().map(Ops.Entry::name).collect(Collectors.toList());
        assertThat(names).doesNotHaveDuplicates();
        assertThat(Ops.DIFFERENTIABLE).allMatch(e -> !e.rule().isBlank());
    }

    @TestFactory
    Stream<DynamicTest> everyOpPassesItsFloat64GradientCheckGrid() {
        return OpChecks.all().stream().map(c -> DynamicTest.dynamicTest(c.op() + " " + c.description(), () -> {
            GradCheck.Result r = c.run();
            assertThat(r.inputs()).as("%s checks at least one input", c.op()).isNotEmpty();
            assertThat(r.maxRelError()).as(r.report()).isLessThan(1e-6);
        }));
    }
}
