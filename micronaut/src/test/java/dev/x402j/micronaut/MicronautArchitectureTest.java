package dev.x402j.micronaut;

import dev.x402j.core.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The module boundaries of the Micronaut binding. */
class MicronautArchitectureTest {

    @Test
    void usesNoOtherModulesInternals() {
        ModuleBoundaries.noOtherModulesInternals("dev.x402j.micronaut").check(ModuleBoundaries.classesOf("dev.x402j.micronaut"));
    }
}
