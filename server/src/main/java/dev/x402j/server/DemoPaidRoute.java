package dev.x402j.server;

import dev.x402j.core.Facilitator;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.gate.FacilitatorClient;
import dev.x402j.core.gate.InProcessFacilitatorClient;
import dev.x402j.core.gate.Offer;
import dev.x402j.core.gate.PaidRoute;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * Dev mode only: the server is also a paid API, to show (and test) the resource-server side end to end. One route,
 * {@value #PATH}, costs {@value #PRICE} in the test USDC of the first local chain, paid to its payee; the payment gate of the
 * {@code x402j-micronaut} binding guards it and settles through this server's own facilitator, in process.
 */
@Factory
@Requires(condition = DevModeCondition.class)
final class DemoPaidRoute {
    /** The demo's paid path. */
    static final String PATH = "/demo/weather";
    /** The demo's price, in the local USDC. */
    static final String PRICE = "$0.01";

    @Singleton
    PaidRoute demoWeather(DevChains chains) {
        var chain = chains.primary();
        return PaidRoute.of("GET", PATH, Offer.usd(PRICE, chain.network().name(), chain.payee()))
                .describedAs("x402j dev-mode demo: today's weather (paid on the local chain)", "application/json");
    }

    /** The gate settles with this server's facilitator without a network hop. */
    @Singleton
    FacilitatorClient inProcessFacilitatorClient(Facilitator facilitator) {
        return new InProcessFacilitatorClient(facilitator);
    }

    /** The networks the gate prices in: the facilitator's, so {@code local} and its test USDC are known. */
    @Singleton
    NetworkRegistry gateNetworks(Facilitator facilitator) {
        return facilitator.networks();
    }
}
