package dev.x402j.server;

import dev.x402j.core.ChainSigner;
import dev.x402j.core.config.SettingSource;
import dev.x402j.core.family.ChainFamilies;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.evm.EvmServedNetwork;
import dev.x402j.evm.EvmServing;
import dev.x402j.solana.SolanaServing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code application.yml} of a settings test: the general keys bound as {@link X402jProperties} (as Micronaut
 * binds them), and the families' keys as the flat map a {@link SettingSource} reads ({@code getEvm().setNetworks(…)}
 * writes {@code x402j.evm.networks}, the documented key the EVM family reads as an alias of
 * {@code x402j.eip155.networks}). Also the test's view of a resolved {@link ServerSettings}' families.
 */
final class YmlProperties extends X402jProperties {
    final Map<String, String> file = new LinkedHashMap<>();
    private final Section evm = new Section("x402j.evm");
    private final Section svm = new Section("x402j.svm");

    Section getEvm() {
        return evm;
    }

    Section getSvm() {
        return svm;
    }

    /** The keys of one family under {@code prefix}, written into {@link #file}. */
    final class Section {
        private final String prefix;

        Section(String prefix) {
            this.prefix = prefix;
        }

        void setPrivateKey(String v) {
            put("private-key", v);
        }

        void setNetworks(List<String> v) {
            put("networks", String.join(",", v));
        }

        void setRpcUrls(Map<String, String> v) {
            clear("rpc-urls.");
            v.forEach((network, url) -> put("rpc-urls." + network, url));
        }

        void setAlchemyApiKey(String v) {
            put("alchemy-api-key", v);
        }

        void setInfuraApiKey(String v) {
            put("infura-api-key", v);
        }

        void setHeliusApiKey(String v) {
            put("helius-api-key", v);
        }

        void setMaxFeePerGas(String v) {
            put("max-fee-per-gas", v);
        }

        void setMaxFeesPerGas(Map<String, String> v) {
            clear("max-fees-per-gas.");
            v.forEach((network, cap) -> put("max-fees-per-gas." + network, cap));
        }

        /** A map setter replaces the whole map, as Micronaut's binding did. */
        private void clear(String mapPrefix) {
            file.keySet().removeIf(k -> k.startsWith(prefix + "." + mapPrefix));
        }

        private void put(String key, String value) {
            file.put(prefix + "." + key, value);
        }
    }

    /** Resolves as the server does: the environment over these keys, every family on the class path. */
    static ServerSettings resolve(Map<String, String> env, X402jProperties props, DataSourceProperties dataSource) {
        Map<String, String> file = props instanceof YmlProperties yml ? yml.file : Map.of();
        return ServerSettings.resolve(EnvironmentVariables.of(env), props, dataSource, SettingSource.of(env, file),
                ChainFamilies.onClassPath());
    }

    static List<EvmServedNetwork> evmNetworks(ServerSettings s) {
        return s.family(EvmServing.class).map(EvmServing::evmNetworks).orElse(List.of());
    }

    static List<? extends ChainSigner> evmSigners(ServerSettings s) {
        return s.family(EvmServing.class).<List<? extends ChainSigner>>map(EvmServing::signers).orElse(List.of());
    }

    static Optional<? extends ChainSigner> evmSigner(ServerSettings s) {
        return evmSigners(s).stream().findFirst();
    }

    static List<? extends ChainSigner> svmSigners(ServerSettings s) {
        return s.family(SolanaServing.class).<List<? extends ChainSigner>>map(SolanaServing::feePayers).orElse(List.of());
    }

    static List<ServedNetwork> svmNetworks(ServerSettings s) {
        return s.family(SolanaServing.class).map(SolanaServing::networks).orElse(List.of());
    }

    /** The global EVM fee cap as the EVM family reads it from these settings' sources. */
    static Optional<java.math.BigInteger> evmMaxFeePerGas(ServerSettings s) {
        return new dev.x402j.core.config.SettingsReader(s.source()).value(dev.x402j.evm.EvmFamily.MAX_FEE_PER_GAS)
                .flatMap(v -> dev.x402j.evm.EvmFeeCap.parse(v.origin(), v.text()).wei());
    }

    /** A family with one more network in its catalogue (a custom network no provider knows). */
    static dev.x402j.core.family.ChainFamily withNetwork(dev.x402j.core.family.ChainFamily family,
            dev.x402j.core.Network extra) {
        return new dev.x402j.core.family.ChainFamily() {
            @Override public String namespace() { return family.namespace(); }
            @Override public String displayName() { return family.displayName(); }
            @Override public List<dev.x402j.core.Network> networks() {
                List<dev.x402j.core.Network> all = new java.util.ArrayList<>(family.networks());
                all.add(extra);
                return all;
            }
            @Override public List<dev.x402j.core.ErrorReason> reasons() { return family.reasons(); }
            @Override public List<dev.x402j.core.config.Setting> settings() { return family.settings(); }
            @Override public boolean hasKey(dev.x402j.core.config.SettingsReader r) { return family.hasKey(r); }
            @Override public List<dev.x402j.core.config.Setting> keySettings() { return family.keySettings(); }
            @Override public Optional<dev.x402j.core.family.ServedFamily> configure(
                    dev.x402j.core.config.SettingsReader r, dev.x402j.core.family.FamilyContext c) {
                return family.configure(r, c);
            }
        };
    }
}
