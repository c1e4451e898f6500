package dev.x402j.evm;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.x402j.core.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The rule of dependency for a chain module: core and its own chain libraries, nothing else of x402j. */
class EvmArchitectureTest {
    private static final JavaClasses EVM = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.x402j.evm");

    @Test
    void dependsOnlyOnCoreAndItsChainLibraries() {
        classes()
                .that().doNotHaveSimpleName("EvmDevChain")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.crypto..", "com.fasterxml.jackson..", "org.slf4j..", "org.web3j..",
                        "org.bouncycastle..", "dev.x402j.core..", "dev.x402j.evm..")
                .because("a chain module depends on core and its own chain libraries only: no other chain, store, server "
                        + "or framework; move shared code into core behind a port")
                .check(EVM);
    }

    @Test
    void onlyTheDevChainUsesTheTestkit() {
        noClasses()
                .that().doNotHaveSimpleName("EvmDevChain")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.x402j.testkit..")
                .because("the testkit is an optional dependency for dev mode's local chain only: a production class path"
                        + " has no testkit, so nothing else may need it")
                .check(EVM);
    }

    @Test
    void usesNoOtherModulesInternals() {
        ModuleBoundaries.noOtherModulesInternals("dev.x402j.evm").check(ModuleBoundaries.classesOf("dev.x402j.evm"));
    }
}
