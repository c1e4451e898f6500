package dev.x402j.solana;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.x402j.core.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The rule of dependency for a chain module: core and its own libraries (here BouncyCastle only), nothing else. */
class SolanaArchitectureTest {
    private static final JavaClasses SOLANA = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.x402j.solana");

    @Test
    void dependsOnlyOnCoreBouncyCastleJacksonSlf4jAndTheJdk() {
        classes()
                .that().doNotHaveSimpleName("SolanaDevChain")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "com.fasterxml.jackson..", "org.slf4j..", "org.bouncycastle..",
                        "dev.x402j.core..", "dev.x402j.solana..")
                .because("a chain module depends on core and its own chain libraries only: no other chain, store, server "
                        + "or framework; move shared code into core behind a port")
                .check(SOLANA);
    }

    @Test
    void internalsDoNotReachBackIntoThePublicApi() {
        noClasses()
                .that()
                .resideInAPackage("dev.x402j.solana.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.x402j.solana")
                .because("dev.x402j.solana.internal is the implementation beneath the public API, not beside it")
                .check(SOLANA);
    }

    @Test
    void onlyTheDevChainUsesTheTestkit() {
        noClasses()
                .that().doNotHaveSimpleName("SolanaDevChain")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.x402j.testkit..")
                .because("the testkit is an optional dependency for dev mode's local chain only: a production class path"
                        + " has no testkit, so nothing else may need it")
                .check(SOLANA);
    }

    @Test
    void usesNoOtherModulesInternals() {
        ModuleBoundaries.noOtherModulesInternals("dev.x402j.solana").check(ModuleBoundaries.classesOf("dev.x402j.solana"));
    }
}
