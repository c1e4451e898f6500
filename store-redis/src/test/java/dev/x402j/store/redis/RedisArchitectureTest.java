package dev.x402j.store.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.x402j.core.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The rule of dependency for a store module: core and its own driver, nothing else of x402j. */
class RedisArchitectureTest {
    private static final JavaClasses REDIS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.x402j.store.redis");

    @Test
    void dependsOnlyOnCoreAndLettuce() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.lettuce.core..", "org.slf4j..", "dev.x402j.core", "dev.x402j.store.redis..")
                .because("a store module depends on core's public API and its own driver only: no chain module, other "
                        + "store, server or framework (and not core.internal); move shared code into core behind a port")
                .check(REDIS);
    }

    @Test
    void publicClassesAreNamedForTheBackend() {
        classes()
                .that()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .should()
                .haveSimpleNameStartingWith("Redis")
                .because("every public class of a store module carries its backend's name (RedisSettlementStore…); "
                        + "rename it, or make it package-private")
                .check(REDIS);
    }

    @Test
    void usesNoOtherModulesInternals() {
        ModuleBoundaries.noOtherModulesInternals("dev.x402j.store.redis").check(ModuleBoundaries.classesOf("dev.x402j.store.redis"));
    }
}
