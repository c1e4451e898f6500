package dev.x402j.core;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The boundary every x402j module keeps: a package named {@code …internal…} is private to the module that owns it.
 * Shared through facilitator-core's test-jar; each module's architecture test checks it on its own classes:
 *
 * <pre>{@code
 * ModuleBoundaries.noOtherModulesInternals("dev.x402j.evm").check(ModuleBoundaries.classesOf("dev.x402j.evm"));
 * }</pre>
 */
public final class ModuleBoundaries {
    private ModuleBoundaries() {}

    /**
     * No class of the module rooted at {@code moduleRoot} (for example {@code dev.x402j.evm}) uses a class of an
     * {@code internal} package of another x402j module; its own internals it may use.
     */
    public static ArchRule noOtherModulesInternals(String moduleRoot) {
        return noClasses()
                .should()
                .dependOnClassesThat(resideInAPackage("dev.x402j..internal..")
                        .and(not(resideInAPackage(moduleRoot + "..")))
                        .as("reside in the internal package of another x402j module"))
                .because("an internal package is private to its module and may change with it: use the owning "
                        + "module's public API (its root package) instead; if that API lacks what you need, add it "
                        + "there, or move code several modules share into facilitator-core behind a port - do not "
                        + "copy the internal class");
    }

    /** The module's own classes, main and test: a test may not reach into another module's internals either. */
    public static JavaClasses classesOf(String moduleRoot) {
        return new ClassFileImporter().importPackages(moduleRoot);
    }
}
