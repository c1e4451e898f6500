package dev.x402j.evm;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.rpc.RpcEndpoints;
import dev.x402j.core.rpc.RpcOptions;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One EVM network served by the facilitator: its CAIP-2 id, the JSON-RPC endpoints that reach it (in order of
 * preference: a call goes to the first healthy one and fails over to the next) and how the client retries.
 *
 * <p>{@link #toString()} hides the endpoints' paths and queries, where providers put API keys.
 *
 * @param network    an {@code eip155} chain, e.g. {@code eip155:8453}
 * @param rpcUrls    the nodes' JSON-RPC endpoints, {@code http} or {@code https}, at least one, in order of preference
 * @param rpcOptions timeouts, retries and breaker of the JSON-RPC client
 * @param maxFeePerGas the most a settlement transaction may offer per gas, in wei (its EIP-1559 {@code maxFeePerGas},
 *     base fee and tip together), or {@code null} for no cap. A settlement is not signed when the cap cannot pay the
 *     current base fee and tip, and a stuck transaction is not replaced past it.
 * @param assets the tokens served besides the catalogue's USDC of the network (which is always served): each an
 *     EIP-3009 token with its EIP-712 name and version, no address twice; empty by default. A payment in any other
 *     token is refused before any RPC work, since the facilitator pays the gas of whatever contract it calls. An entry
 *     at the catalogue USDC's address replaces the catalogue's.
 * @param maxGas the most gas one settlement transaction may use ({@value #DEFAULT_MAX_GAS} by default: a USDC
 *     {@code transferWithAuthorization} takes about 60 000 to 90 000). A settlement whose estimate is above it is
 *     refused before a nonce is taken or anything is signed; the gas limit offered is never above it.
 */
public record EvmNetworkConfig(
        ChainId network, List<URI> rpcUrls, RpcOptions rpcOptions, BigInteger maxFeePerGas, List<Asset> assets,
        long maxGas) {
    /** The default {@link #maxGas()}: a token transfer by authorization with ample headroom. */
    public static final long DEFAULT_MAX_GAS = 200_000;
    /** Below this no transaction runs at all (the intrinsic cost of a transaction). */
    public static final long MIN_MAX_GAS = 21_000;

    private static final Pattern ADDRESS = Pattern.compile("0[xX][0-9a-fA-F]{40}");

    /** The per-request timeout of {@link #of(ChainId, URI)}. */
    public static final Duration DEFAULT_RPC_TIMEOUT = RpcOptions.defaults().requestTimeout();

    public EvmNetworkConfig {
        if (network == null) {
            throw new IllegalArgumentException("network is required (an eip155 CAIP-2 id such as eip155:8453)");
        }
        if (!network.isEvm() || network.evmChainId().isEmpty()) {
            throw new IllegalArgumentException(
                    "network must be an eip155 chain with a chain id that fits 64 bits, got " + network);
        }
        rpcUrls = RpcEndpoints.checked(network, rpcUrls);
        if (rpcOptions == null) {
            throw new IllegalArgumentException("rpcOptions of " + network + " are required (RpcOptions.defaults())");
        }
        if (maxFeePerGas != null && maxFeePerGas.signum() <= 0) {
            throw new IllegalArgumentException(
                    "maxFeePerGas of " + network + " must be positive (wei per gas), or null for no cap");
        }
        if (maxGas < MIN_MAX_GAS) {
            throw new IllegalArgumentException("maxGas of " + network + " must be at least " + MIN_MAX_GAS + ", got " + maxGas);
        }
        assets = assets == null ? List.of() : List.copyOf(assets);
        Set<String> seen = new HashSet<>();
        for (Asset a : assets) {
            if (!ADDRESS.matcher(a.address()).matches()) {
                throw new IllegalArgumentException("asset " + a.address() + " of " + network
                        + " must be a token contract address (0x + 40 hex digits)");
            }
            if (!a.hasEip712Domain()) {
                throw new IllegalArgumentException("asset " + a.address() + " of " + network
                        + " needs its EIP-712 name and version (Asset.eip712): transferWithAuthorization is signed in it");
            }
            if (!seen.add(a.address().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("asset " + a.address() + " of " + network + " is listed twice");
            }
        }
    }

    /** These endpoints and options, a fee cap, and no asset besides the catalogue's USDC. */
    public EvmNetworkConfig(ChainId network, List<URI> rpcUrls, RpcOptions rpcOptions, BigInteger maxFeePerGas) {
        this(network, rpcUrls, rpcOptions, maxFeePerGas, List.of(), DEFAULT_MAX_GAS);
    }

    /** Several endpoints with these options and no fee cap. */
    public EvmNetworkConfig(ChainId network, List<URI> rpcUrls, RpcOptions rpcOptions) {
        this(network, rpcUrls, rpcOptions, null);
    }

    /** One endpoint, with the default options but {@code rpcTimeout} per request. */
    public EvmNetworkConfig(ChainId network, URI rpcUrl, Duration rpcTimeout) {
        this(network, RpcEndpoints.single(network, rpcUrl), RpcEndpoints.withTimeout(network, rpcTimeout));
    }

    /** One endpoint with the {@linkplain RpcOptions#defaults() default options} (10 s per request). */
    public static EvmNetworkConfig of(ChainId network, URI rpcUrl) {
        return new EvmNetworkConfig(network, RpcEndpoints.single(network, rpcUrl), RpcOptions.defaults());
    }

    /** Several endpoints, in order of preference, with the {@linkplain RpcOptions#defaults() default options}. */
    public static EvmNetworkConfig of(ChainId network, List<URI> rpcUrls) {
        return new EvmNetworkConfig(network, rpcUrls, RpcOptions.defaults());
    }

    /** A copy with other client options. */
    public EvmNetworkConfig withRpcOptions(RpcOptions options) {
        return new EvmNetworkConfig(network, rpcUrls, options, maxFeePerGas, assets, maxGas);
    }

    /** This configuration with a cap on the fee per gas of settlement transactions, in wei ({@code null}: no cap). */
    public EvmNetworkConfig withMaxFeePerGas(BigInteger weiPerGas) {
        return new EvmNetworkConfig(network, rpcUrls, rpcOptions, weiPerGas, assets, maxGas);
    }

    /**
     * This configuration serving these tokens besides the catalogue's USDC (replacing any given before), e.g. a
     * test token on a local chain: {@code withAssets(List.of(Asset.eip712(address, "USDC", 6, "USDC", "2")))}.
     */
    public EvmNetworkConfig withAssets(List<Asset> tokens) {
        return new EvmNetworkConfig(network, rpcUrls, rpcOptions, maxFeePerGas, tokens, maxGas);
    }

    /** This configuration with another cap on the gas of one settlement transaction (at least 21000). */
    public EvmNetworkConfig withMaxGas(long gas) {
        return new EvmNetworkConfig(network, rpcUrls, rpcOptions, maxFeePerGas, assets, gas);
    }

    /** The preferred endpoint (the first). */
    public URI rpcUrl() {
        return rpcUrls.get(0);
    }

    /** How long one JSON-RPC request (connect, send, answer) may take. */
    public Duration rpcTimeout() {
        return rpcOptions.requestTimeout();
    }

    /** The EVM chain id, e.g. {@code 8453}. */
    public long chainId() {
        return network.evmChainId().orElseThrow();
    }

    /** The endpoints without path, query or user info ({@code https://host:port}, comma separated): safe to log. */
    String endpointForLogs() {
        return RpcEndpoints.forLogs(rpcUrls);
    }

    @Override
    public String toString() {
        return "EvmNetworkConfig[network=" + network + ", rpcUrls=[" + endpointForLogs() + "], rpcOptions=" + rpcOptions
                + (maxFeePerGas == null ? "" : ", maxFeePerGas=" + maxFeePerGas)
                + (assets.isEmpty() ? "" : ", assets=" + assets.stream().map(Asset::address).toList())
                + (maxGas == DEFAULT_MAX_GAS ? "" : ", maxGas=" + maxGas) + "]";
    }
}
