package dev.x402j.core;

import dev.x402j.core.config.Setting;
import dev.x402j.core.config.SettingsReader;
import dev.x402j.core.family.ChainFamily;
import dev.x402j.core.family.FamilyContext;
import dev.x402j.core.family.ServedFamily;
import java.util.List;
import java.util.Optional;

/**
 * Core's tests run without any chain module (core cannot depend on one), so {@code NetworkRegistry.defaults()} would
 * know no EVM or Solana network: this test-only family supplies the few that core's tests name, copied from chain-evm's
 * and chain-solana's catalogues as fixtures. The real catalogue is tested where the families meet (the server's
 * {@code NetworksCatalogueTest}). Its service registration is left out of core's test-jar.
 */
public final class CatalogueFixtureFamily implements ChainFamily {

    @Override
    public String namespace() {
        return "x402j-core-test-fixtures";
    }

    @Override
    public String displayName() {
        return "core test fixtures";
    }

    @Override
    public List<Network> networks() {
        return List.of(
                evm("base", 8453, false, "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USD Coin"),
                evm("base-sepolia", 84532, true, "0x036CbD53842c5426634e7929541eC2318f3dCF7e", "USDC"),
                evm("ethereum", 1, false, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "USD Coin"),
                evm("avalanche-fuji", 43113, true, "0x5425890298aed601595a70AB815c96711a31Bc65", "USD Coin"),
                Network.of("solana", ChainId.parse("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"), false,
                        Asset.of("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "USDC", 6)),
                Network.of("solana-devnet", ChainId.parse("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"), true,
                        Asset.of("4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU", "USDC", 6)));
    }

    private static Network evm(String name, long chainId, boolean testnet, String usdc, String eip712Name) {
        return Network.of(name, ChainId.eip155(chainId), testnet, Asset.eip712(usdc, "USDC", 6, eip712Name, "2"));
    }

    @Override
    public List<ErrorReason> reasons() {
        return List.of();
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    @Override
    public boolean hasKey(SettingsReader settings) {
        return false;
    }

    @Override
    public List<Setting> keySettings() {
        return List.of();
    }

    @Override
    public Optional<ServedFamily> configure(SettingsReader settings, FamilyContext context) {
        return Optional.empty();
    }
}
