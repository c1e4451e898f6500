package dev.x402j.store.postgres;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.x402j.core.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The rule of dependency for a store module, and the module's small public surface. */
class PostgresArchitectureTest {
    private static final JavaClasses MODULE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.x402j.store.postgres");

    @Test
    void dependsOnCoreItsDriverAndFlywayOnly() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.sql..", "dev.x402j.core", "dev.x402j.store.postgres..",
                        "org.postgresql..", "org.flywaydb.core..")
                .because("a store module depends on facilitator-core and its database driver only (design.md, rule of"
                        + " dependency): wire frameworks in the server, keep chain logic in chain modules")
                .check(MODULE);
    }

    @Test
    void thePublicApiIsTheEntryPointTheStoresAndTheirExceptions() {
        assertThat(MODULE.stream()
                        .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC))
                        .map(JavaClass::getSimpleName))
                .containsExactlyInAnyOrder(
                        "PostgresStores",
                        "Options",
                        "PostgresSettlementStore",
                        "PostgresSessionStore",
                        "PostgresTrackingStore",
                        "PostgresStoreException",
                        "StoreConstraintViolationException");
    }

    @Test
    void usesNoOtherModulesInternals() {
        ModuleBoundaries.noOtherModulesInternals("dev.x402j.store.postgres").check(ModuleBoundaries.classesOf("dev.x402j.store.postgres"));
    }
}
