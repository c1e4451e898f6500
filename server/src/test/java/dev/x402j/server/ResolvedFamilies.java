package dev.x402j.server;

import dev.x402j.core.ChainSigner;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.evm.EvmServedNetwork;
import dev.x402j.evm.EvmServing;
import dev.x402j.solana.SolanaServing;
import java.util.List;
import java.util.Optional;

/** A settings test's view of the families a resolved {@link ServerSettings} serves. */
final class ResolvedFamilies {
    private ResolvedFamilies() {}

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
