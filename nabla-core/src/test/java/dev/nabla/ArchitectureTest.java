package dev.nabla;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of ARCHITECTURE.md, checked on nabla-core's compiled classes. */
@AnalyzeClasses(packages = "dev.nabla", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Backends execute primitives on arrays; they know nothing of tensors, autograd or ops. */
    @ArchTest
    static final ArchRule backendsSitBelowTensors = noClasses()
            .that().resideInAPackage("dev.nabla.backend..")
            .should().dependOnClassesThat()
            .resideInAnyPackage("dev.nabla.tensor..", "dev.nabla.autograd..", "dev.nabla.ops..")
            .because("the backend SPI is the bottom layer: data flows down, nothing flows up");

    /** nabla-core has no third-party runtime dependency: only the JDK and itself. */
    @ArchTest
    static final ArchRule coreUsesOnlyTheJdk = classes()
            .that().resideInAPackage("dev.nabla..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "jdk.incubator.vector..", "dev.nabla..")
            .because("nabla-core must run with nothing but a JDK on the classpath");
}
