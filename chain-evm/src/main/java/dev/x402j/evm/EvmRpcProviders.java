package dev.x402j.evm;

import dev.x402j.core.family.RpcSource;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Where an EVM network's JSON-RPC endpoint comes from when none is configured explicitly: the URL patterns of Alchemy
 * and Infura for the networks they serve, and the public endpoint each chain publishes.
 */
final class EvmRpcProviders {
    private EvmRpcProviders() {}

    static final RpcSource ALCHEMY = new RpcSource("alchemy");
    static final RpcSource INFURA = new RpcSource("infura");

    /** Alchemy's host prefix per network: {@code https://<prefix>.g.alchemy.com/v2/<key>}. */
    private static final Map<String, String> ALCHEMY_HOSTS = Map.ofEntries(
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
    private static final Map<String, String> INFURA_HOSTS = Map.ofEntries(
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
            Map.entry("monad", "https://rpc.monad.xyz"));

    static Optional<URI> alchemy(String network, String apiKey) {
        return Optional.ofNullable(ALCHEMY_HOSTS.get(network))
                .map(prefix -> URI.create("https://" + prefix + ".g.alchemy.com/v2/" + apiKey));
    }

    static Optional<URI> infura(String network, String apiKey) {
        return Optional.ofNullable(INFURA_HOSTS.get(network))
                .map(prefix -> URI.create("https://" + prefix + ".infura.io/v3/" + apiKey));
    }

    static Optional<URI> publicEndpoint(String network) {
        return Optional.ofNullable(PUBLIC.get(network)).map(URI::create);
    }

    /** Whether a key-based provider serves the network (so that setting its key would give it a URL). */
    static boolean keyedProviderServes(String network) {
        return ALCHEMY_HOSTS.containsKey(network) || INFURA_HOSTS.containsKey(network);
    }
}
