package dev.x402j.evm;

import dev.x402j.core.ChainId;
import dev.x402j.core.rpc.JsonRpcClient;
import dev.x402j.core.rpc.RpcOptions;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

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
        rpcUrls = checkedUrls(network, rpcUrls);
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
        this(network, single(network, rpcUrl), withTimeout(network, rpcTimeout));
    }

    /** One endpoint with the {@linkplain RpcOptions#defaults() default options} (10 s per request). */
    public static EvmNetworkConfig of(ChainId network, URI rpcUrl) {
        return new EvmNetworkConfig(network, single(network, rpcUrl), RpcOptions.defaults());
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
        return rpcUrls.stream().map(JsonRpcClient::loggable).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "EvmNetworkConfig[network=" + network + ", rpcUrls=[" + endpointForLogs() + "], rpcOptions=" + rpcOptions
                + (maxFeePerGas == null ? "" : ", maxFeePerGas=" + maxFeePerGas) + "]";
    }

    private static List<URI> single(ChainId network, URI rpcUrl) {
        if (rpcUrl == null) {
            throw new IllegalArgumentException("rpcUrl is required for " + network);
        }
        return List.of(rpcUrl);
    }

    private static RpcOptions withTimeout(ChainId network, Duration rpcTimeout) {
        if (rpcTimeout == null || rpcTimeout.isNegative() || rpcTimeout.isZero()) {
            throw new IllegalArgumentException("rpcTimeout of " + network + " must be a positive duration");
        }
        return RpcOptions.defaults().withRequestTimeout(rpcTimeout);
    }

    /** Each URL is http(s) with a host and appears once; messages never quote a URL (it may embed an API key). */
    static List<URI> checkedUrls(ChainId network, List<URI> rpcUrls) {
        if (rpcUrls == null || rpcUrls.isEmpty()) {
            throw new IllegalArgumentException("rpcUrl is required for " + network + " (at least one)");
        }
        List<URI> out = new ArrayList<>(rpcUrls.size());
        Set<URI> seen = new HashSet<>();
        for (int i = 0; i < rpcUrls.size(); i++) {
            URI url = rpcUrls.get(i);
            String which = rpcUrls.size() == 1 ? "rpcUrl" : "rpcUrl " + (i + 1) + " of " + rpcUrls.size();
            if (url == null) {
                throw new IllegalArgumentException(which + " of " + network + " is null");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException(which + " of " + network + " must be an http or https URL");
            }
            if (url.getHost() == null || url.getHost().isBlank()) {
                throw new IllegalArgumentException(which + " of " + network + " has no host");
            }
            if (!seen.add(url)) {
                throw new IllegalArgumentException(which + " of " + network + " repeats an earlier URL ("
                        + JsonRpcClient.loggable(url) + ")");
            }
            out.add(url);
        }
        return List.copyOf(out);
    }
}
