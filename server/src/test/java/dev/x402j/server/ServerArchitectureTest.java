package dev.x402j.server;

import dev.x402j.core.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** The module boundaries of the server (the composition root, which may use every module's public API). */
class ServerArchitectureTest {

    @Test
    void usesNoOtherModulesInternals() {
        ModuleBoundaries.noOtherModulesInternals("dev.x402j.server").check(ModuleBoundaries.classesOf("dev.x402j.server"));
    }
}
