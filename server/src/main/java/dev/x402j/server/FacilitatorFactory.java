package dev.x402j.server;

import dev.x402j.core.ChainSigner;
import dev.x402j.core.Facilitator;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.evm.EvmNetworkConfig;
import dev.x402j.evm.EvmPrivateKeySigner;
import dev.x402j.evm.EvmSchemes;
import dev.x402j.solana.SolanaNetworkConfig;
import dev.x402j.solana.SolanaPrivateKeySigner;
import dev.x402j.solana.SolanaSchemes;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: resolves the {@link ServerSettings} and builds the one {@link Facilitator} from them — in live
 * mode over the configured networks with the configured keys (EVM, Solana or both), in dev mode over the local
 * {@link DevChain} and {@link DevSolana} — on the stores {@link StoreFactory} opened (memory, PostgreSQL, Redis).
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
    ServerSettings settings(EnvironmentVariables env, X402jProperties properties, DataSourceProperties dataSource) {
        ServerSettings settings = ServerSettings.resolve(env, properties, dataSource, NetworkRegistry.defaults());
        log.info("x402j settings: {}", settings);
        return settings;
    }

    @Singleton
    ServedNetworks servedNetworks(ServerSettings settings, BeanProvider<DevChain> dev, BeanProvider<DevSolana> devSolana) {
        if (settings.devMode()) {
            DevChain chain = dev.get();
            DevSolana solana = devSolana.get();
            return new ServedNetworks(
                    List.of(new ServerSettings.EvmNetwork(chain.network(), List.of(chain.rpcUrl()),
                            ServerSettings.RpcSource.LOCAL, settings.evmMaxFeePerGas().orElse(null))),
                    List.of(new ServerSettings.SvmNetwork(solana.network(), solana.rpcUrl(), ServerSettings.RpcSource.LOCAL)));
        }
        return new ServedNetworks(settings.evmNetworks(), settings.svmNetworks());
    }

    /** Built eagerly, so that a bad setting or an unreachable dev chain stops start-up. */
    @Context
    @Singleton
    Facilitator facilitator(ServerSettings settings, ServedNetworks served, Clock clock, BeanProvider<DevChain> dev,
            BeanProvider<DevSolana> devSolana,
            ServerStores stores) {
        NetworkRegistry registry;
        List<? extends ChainSigner> evmSigners;
        List<SolanaPrivateKeySigner> feePayers;
        if (settings.devMode()) {
            DevChain chain = dev.get();
            DevSolana solana = devSolana.get();
            registry = NetworkRegistry.defaults().with(chain.network()).with(solana.network());
            evmSigners = List.of(EvmPrivateKeySigner.fromHex(chain.facilitator().privateKeyHex()));
            feePayers = List.of(solana.feePayer());
        } else {
            registry = NetworkRegistry.defaults();
            for (ServerSettings.EvmNetwork custom : served.evm()) { // a chain the catalogue lacks, e.g. eip155:31337
                if (registry.byChainId(custom.network().chainId()).isEmpty()) {
                    registry = registry.with(custom.network());
                }
            }
            evmSigners = settings.evmSigners();
            feePayers = settings.svmSigners();
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
        for (ServerSettings.EvmNetwork network : served.evm()) {
            EvmNetworkConfig config = EvmNetworkConfig.of(network.network().chainId(), network.rpcUrls())
                    .withRpcOptions(settings.rpcOptions())
                    .withMaxFeePerGas(network.maxFeePerGas());
            builder.scheme(EvmSchemes.exact(config, evmSigners, clock, registry));
        }
        for (ServerSettings.SvmNetwork network : served.svm()) {
            SolanaNetworkConfig config = SolanaNetworkConfig.of(network.network().chainId(), network.rpcUrls())
                    .withRpcOptions(settings.rpcOptions());
            builder.scheme(SolanaSchemes.exact(config, feePayers, clock, registry));
        }
        Facilitator facilitator = builder.build();
        if (!served.evm().isEmpty()) {
            log.info("facilitator keys {} serve {}", evmSigners.stream().map(ChainSigner::address).toList(), served.evm());
        }
        if (!served.svm().isEmpty()) {
            log.info("facilitator fee payers {} serve {}",
                    feePayers.stream().map(SolanaPrivateKeySigner::address).toList(), served.svm());
        }
        return facilitator;
    }
}
