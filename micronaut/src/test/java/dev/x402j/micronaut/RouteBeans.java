package dev.x402j.micronaut;

import dev.x402j.core.gate.Offer;
import dev.x402j.core.gate.PaidRoute;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** A paid route built in code, as an application does when an offer depends on another bean. */
@Factory
@Requires(property = "test.route-bean")
class RouteBeans {
    @Singleton
    PaidRoute archive() {
        return PaidRoute.of("GET", "/archive/*", Offer.usd("$0.03", "base", "0x0000000000000000000000000000000000000002"))
                .describedAs("Archive", "text/csv");
    }
}
