package dev.x402j.server;

import dev.x402j.core.Facilitator;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.family.ChainFamilies;
import dev.x402j.core.family.DevChain;
import dev.x402j.core.family.ServedFamily;
import dev.x402j.core.family.ServedNetwork;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: resolves the {@link ServerSettings} over the chain families on the class path
 * ({@link ChainFamilies#onClassPath()}) and builds the one {@link Facilitator} from them — in live mode over each
 * configured family, in dev mode over each family's local chain ({@link DevChains}) — on the stores
 * {@link StoreFactory} opened (memory, PostgreSQL, Redis). No family is named here.
 */
@Factory
final class FacilitatorFactory {
    private static final Logger log = LoggerFactory.getLogger(FacilitatorFactory.class);

    /** The process environment; tests register their own {@link EnvironmentVariables}, which wins over this one. */
    @Singleton
    @Secondary
    EnvironmentVariables environmentVariables() {
        return EnvironmentVariables.system();
    }

    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    ServerSettings settings(EnvironmentVariables env, Environment environment) {
        ServerSettings settings =
                ServerSettings.resolve(new ServerSettingSource(env, environment), ChainFamilies.onClassPath());
        log.info("x402j settings: {}", settings);
        return settings;
    }

    @Singleton
    ServedFamilies servedFamilies(ServerSettings settings, BeanProvider<DevChains> dev) {
        if (settings.devMode()) {
            return new ServedFamilies(dev.get().all().stream().map(DevChain::served).toList());
        }
        return new ServedFamilies(settings.families());
    }

    /** Built eagerly, so that a bad setting or an unreachable dev chain stops start-up. */
    @Context
    @Singleton
    Facilitator facilitator(ServerSettings settings, ServedFamilies served, Clock clock, ServerStores stores) {
        NetworkRegistry registry = settings.networks();
        for (ServedNetwork network : served.networks()) { // a chain the catalogue lacks: a custom id, a dev chain…
            if (registry.byChainId(network.network().chainId()).isEmpty()) {
                registry = registry.with(network.network());
            }
        }
        Facilitator.Builder builder = Facilitator.builder()
                .networks(registry)
                .clock(clock)
                .confirmTimeout(settings.confirmTimeout())
                .settlementStore(stores.settlements())
                .sessionStore(stores.sessions())
                .trackingStore(stores.tracking())
                .staleAfter(settings.reconcileStaleAfter())
                .replaceAfter(settings.reconcileReplaceAfter());
        for (ServedFamily family : served.all()) {
            family.schemes(clock, registry).forEach(builder::scheme);
        }
        Facilitator facilitator = builder.build();
        served.all().forEach(family -> log.info("{}", family.describe()));
        return facilitator;
    }
}
