package dev.x402j.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.x402j.core.internal.AtomicAmountJson;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The rule of dependency for facilitator-core: usable from any JVM app, so it imports no framework or chain library. */
class CoreArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.x402j.core");

    @Test
    void coreDependsOnlyOnTheJdkJacksonAndSlf4j() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.crypto..", "com.fasterxml.jackson..", "org.slf4j..", "dev.x402j.core..")
                .because("facilitator-core must stay usable from Spring, Quarkus or a plain main: move framework or chain "
                        + "code into a chain/store module or the server, and give core a port (an interface) instead")
                .check(CORE);
    }

    @Test
    void theWireModelDoesNotReachIntoTheFacade() {
        noClasses()
                .that()
                .resideInAPackage("dev.x402j.core.model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.x402j.core.wire..")
                .because("the model is plain data; codecs depend on it, not the other way round")
                .check(CORE);
    }

    @Test
    void usesNoOtherModulesInternals() {
        ModuleBoundaries.noOtherModulesInternals("dev.x402j.core").check(ModuleBoundaries.classesOf("dev.x402j.core"));
    }

    /** Uses core's internal package: fine inside core, a violation anywhere else. */
    static final class UsesCoreInternals {
        BigInteger amount(String text) {
            return AtomicAmountJson.parse(text);
        }
    }

    @Test
    void theBoundaryRuleAllowsAModulesOwnInternalsAndNamesTheFixForAnotherModules() {
        JavaClasses user = new ClassFileImporter().importClasses(UsesCoreInternals.class);

        assertThatCode(() -> ModuleBoundaries.noOtherModulesInternals("dev.x402j.core").check(user))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> ModuleBoundaries.noOtherModulesInternals("dev.x402j.store.redis").check(user))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("reside in the internal package of another x402j module")
                .hasMessageContaining("use the owning module's public API")
                .hasMessageContaining(UsesCoreInternals.class.getName() + ".amount(java.lang.String)> calls method <"
                        + AtomicAmountJson.class.getName() + ".parse(java.lang.String)>");
    }
}
