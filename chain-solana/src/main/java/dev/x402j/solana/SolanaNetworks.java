package dev.x402j.solana;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Network;
import java.util.List;

/**
 * The Solana clusters x402j knows and their USDC mints. CAIP-2 ids are {@code solana:} and the first 32 characters of
 * the cluster's genesis hash. Checked against the official SDK ({@code typescript/packages/mechanisms/svm/src/
 * constants.ts}) and x402-rs ({@code crates/chains/x402-chain-solana/src/networks.rs}).
 */
public final class SolanaNetworks {
    private SolanaNetworks() {}

    private static final String USDC = "USDC";
    private static final int USDC_DECIMALS = 6;
    private static final String DEVNET_USDC = "4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU";

    /** The catalogue, in a stable order. */
    public static List<Network> all() {
        return List.of(
                Network.of("solana", ChainId.parse("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp"), false,
                        Asset.of("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", USDC, USDC_DECIMALS)),
                Network.of("solana-devnet", ChainId.parse("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"), true,
                        Asset.of(DEVNET_USDC, USDC, USDC_DECIMALS)),
                // The official SDK uses the devnet mint for testnet too ("Same as devnet").
                Network.of("solana-testnet", ChainId.parse("solana:4uhcVJyU9pJkvQyS88uRDiswHXSCkY3z"), true,
                        Asset.of(DEVNET_USDC, USDC, USDC_DECIMALS)));
    }
}
