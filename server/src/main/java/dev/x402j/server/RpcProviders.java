package dev.x402j.server;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where a network's JSON-RPC endpoint comes from when none is configured explicitly: the URL patterns of Alchemy and
 * Infura for the EVM networks they serve, of Helius for the Solana clusters it serves, and the public endpoint each
 * chain publishes.
 */
final class RpcProviders {
    private RpcProviders() {}

    /** Alchemy's host prefix per network: {@code https://<prefix>.g.alchemy.com/v2/<key>}. */
    private static final Map<String, String> ALCHEMY = Map.ofEntries(
            Map.entry("ethereum", "eth-mainnet"),
            Map.entry("sepolia", "eth-sepolia"),
            Map.entry("base", "base-mainnet"),
            Map.entry("base-sepolia", "base-sepolia"),
            Map.entry("optimism", "opt-mainnet"),
            Map.entry("optimism-sepolia", "opt-sepolia"),
            Map.entry("arbitrum", "arb-mainnet"),
            Map.entry("arbitrum-sepolia", "arb-sepolia"),
            Map.entry("polygon", "polygon-mainnet"),
            Map.entry("polygon-amoy", "polygon-amoy"),
            Map.entry("avalanche", "avax-mainnet"),
            Map.entry("avalanche-fuji", "avax-fuji"));

    /** Infura's host prefix per network: {@code https://<prefix>.infura.io/v3/<key>}. */
    private static final Map<String, String> INFURA = Map.ofEntries(
            Map.entry("ethereum", "mainnet"),
            Map.entry("sepolia", "sepolia"),
            Map.entry("base", "base-mainnet"),
            Map.entry("base-sepolia", "base-sepolia"),
            Map.entry("optimism", "optimism-mainnet"),
            Map.entry("optimism-sepolia", "optimism-sepolia"),
            Map.entry("arbitrum", "arbitrum-mainnet"),
            Map.entry("arbitrum-sepolia", "arbitrum-sepolia"),
            Map.entry("polygon", "polygon-mainnet"),
            Map.entry("polygon-amoy", "polygon-amoy"),
            Map.entry("avalanche", "avalanche-mainnet"),
            Map.entry("avalanche-fuji", "avalanche-fuji"));

    /** Helius's host prefix per Solana cluster: {@code https://<prefix>.helius-rpc.com/?api-key=<key>}. */
    private static final Map<String, String> HELIUS = Map.ofEntries(
            Map.entry("solana", "mainnet"),
            Map.entry("solana-devnet", "devnet"));

    /** The public endpoint each chain (or its foundation) publishes; rate-limited, for trying things out. */
    private static final Map<String, String> PUBLIC = Map.ofEntries(
            Map.entry("ethereum", "https://ethereum-rpc.publicnode.com"),
            Map.entry("sepolia", "https://ethereum-sepolia-rpc.publicnode.com"),
            Map.entry("base", "https://mainnet.base.org"),
            Map.entry("base-sepolia", "https://sepolia.base.org"),
            Map.entry("optimism", "https://mainnet.optimism.io"),
            Map.entry("optimism-sepolia", "https://sepolia.optimism.io"),
            Map.entry("arbitrum", "https://arb1.arbitrum.io/rpc"),
            Map.entry("arbitrum-sepolia", "https://sepolia-rollup.arbitrum.io/rpc"),
            Map.entry("polygon", "https://polygon-rpc.com"),
            Map.entry("polygon-amoy", "https://rpc-amoy.polygon.technology"),
            Map.entry("avalanche", "https://api.avax.network/ext/bc/C/rpc"),
            Map.entry("avalanche-fuji", "https://api.avax-test.network/ext/bc/C/rpc"),
            Map.entry("abstract", "https://api.mainnet.abs.xyz"),
            Map.entry("abstract-testnet", "https://api.testnet.abs.xyz"),
            Map.entry("sei", "https://evm-rpc.sei-apis.com"),
            Map.entry("sei-testnet", "https://evm-rpc-testnet.sei-apis.com"),
            Map.entry("iotex", "https://babel-api.mainnet.iotex.io"),
            Map.entry("story", "https://mainnet.storyrpc.io"),
            Map.entry("educhain", "https://rpc.edu-chain.raas.gelato.cloud"),
            Map.entry("monad", "https://rpc.monad.xyz"),
            Map.entry("solana", "https://api.mainnet-beta.solana.com"),
            Map.entry("solana-devnet", "https://api.devnet.solana.com"),
            Map.entry("solana-testnet", "https://api.testnet.solana.com"));

    static Optional<URI> alchemy(String network, String apiKey) {
        return Optional.ofNullable(ALCHEMY.get(network))
                .map(prefix -> URI.create("https://" + prefix + ".g.alchemy.com/v2/" + apiKey));
    }

    static Optional<URI> infura(String network, String apiKey) {
        return Optional.ofNullable(INFURA.get(network))
                .map(prefix -> URI.create("https://" + prefix + ".infura.io/v3/" + apiKey));
    }

    static Optional<URI> helius(String network, String apiKey) {
        return Optional.ofNullable(HELIUS.get(network))
                .map(prefix -> URI.create("https://" + prefix + ".helius-rpc.com/?api-key=" + apiKey));
    }

    static Optional<URI> publicEndpoint(String network) {
        return Optional.ofNullable(PUBLIC.get(network)).map(URI::create);
    }

    static boolean alchemyServes(String network) {
        return ALCHEMY.containsKey(network);
    }

    static boolean infuraServes(String network) {
        return INFURA.containsKey(network);
    }

    static boolean heliusServes(String network) {
        return HELIUS.containsKey(network);
    }
}
