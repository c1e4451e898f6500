package dev.x402j.evm;

import dev.x402j.core.ChainId;
import dev.x402j.core.rpc.RpcEndpoints;
import dev.x402j.core.rpc.RpcOptions;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;

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
 */
public record EvmNetworkConfig(ChainId network, List<URI> rpcUrls, RpcOptions rpcOptions, BigInteger maxFeePerGas) {
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
        return new EvmNetworkConfig(network, rpcUrls, options, maxFeePerGas);
    }

    /** This configuration with a cap on the fee per gas of settlement transactions, in wei ({@code null}: no cap). */
    public EvmNetworkConfig withMaxFeePerGas(BigInteger weiPerGas) {
        return new EvmNetworkConfig(network, rpcUrls, rpcOptions, weiPerGas);
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
                + (maxFeePerGas == null ? "" : ", maxFeePerGas=" + maxFeePerGas) + "]";
    }
}
