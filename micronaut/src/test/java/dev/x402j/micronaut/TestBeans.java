package dev.x402j.micronaut;

import dev.x402j.core.Facilitator;
import dev.x402j.core.InMemoryTrackingStore;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.gate.FacilitatorClient;
import dev.x402j.core.gate.InProcessFacilitatorClient;
import dev.x402j.evm.EvmNetworkConfig;
import dev.x402j.evm.EvmPrivateKeySigner;
import dev.x402j.evm.EvmSchemes;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;

/**
 * What an application provides to the binding: the networks it prices in, a facilitator client — here an
 * in-process {@link Facilitator} settling {@code exact} on the test chain — and a tracking store, which the gate
 * records every paid request into. Exists only when a {@link TestChain} is
 * registered (the ITs do; configuration tests run without).
 */
@Factory
@Requires(bean = TestChain.class)
class TestBeans {
    @Singleton
    NetworkRegistry networks(TestChain chain) {
        return chain.networks();
    }

    @Singleton
    FacilitatorClient facilitatorClient(TestChain chain, NetworkRegistry networks) {
        Facilitator facilitator = Facilitator.builder()
                .networks(networks)
                .scheme(EvmSchemes.exact(
                        EvmNetworkConfig.of(chain.network().chainId(), URI.create(chain.chain().rpcUrl())),
                        EvmPrivateKeySigner.fromHex(chain.facilitator().privateKeyHex()),
                        Clock.systemUTC(),
                        networks))
                .build();
        return new InProcessFacilitatorClient(facilitator);
    }

    @Singleton
    TrackingStore trackingStore() {
        return new InMemoryTrackingStore();
    }
}
