package dev.x402j.evm;

import dev.x402j.core.ChainId;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * One EVM network served by the facilitator: its CAIP-2 id and the JSON-RPC endpoint that reaches it.
 *
 * <p>{@link #toString()} hides the endpoint's path and query, where providers put API keys.
 *
 * @param network    an {@code eip155} chain, e.g. {@code eip155:8453}
 * @param rpcUrl     the node's JSON-RPC endpoint, {@code http} or {@code https}
 * @param rpcTimeout how long one JSON-RPC request (connect, send, answer) may take
 * @param maxFeePerGas the most a settlement transaction may offer per gas, in wei (its EIP-1559 {@code maxFeePerGas},
 *     base fee and tip together), or {@code null} for no cap. A settlement is not signed when the cap cannot pay the
 *     current base fee and tip, and a stuck transaction is not replaced past it.
 */
public record EvmNetworkConfig(ChainId network, URI rpcUrl, Duration rpcTimeout, BigInteger maxFeePerGas) {
    /** The timeout of {@link #of(ChainId, URI)}. */
    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);

    public EvmNetworkConfig {
        if (network == null) {
            throw new IllegalArgumentException("network is required (an eip155 CAIP-2 id such as eip155:8453)");
        }
        if (!network.isEvm() || network.evmChainId().isEmpty()) {
            throw new IllegalArgumentException(
                    "network must be an eip155 chain with a chain id that fits 64 bits, got " + network);
        }
        if (rpcUrl == null) {
            throw new IllegalArgumentException("rpcUrl is required for " + network);
        }
        String scheme = rpcUrl.getScheme() == null ? "" : rpcUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("rpcUrl of " + network + " must be an http or https URL");
        }
        if (rpcUrl.getHost() == null || rpcUrl.getHost().isBlank()) {
            throw new IllegalArgumentException("rpcUrl of " + network + " has no host");
        }
        if (rpcTimeout == null || rpcTimeout.isNegative() || rpcTimeout.isZero()) {
            throw new IllegalArgumentException("rpcTimeout of " + network + " must be a positive duration");
        }
        if (maxFeePerGas != null && maxFeePerGas.signum() <= 0) {
            throw new IllegalArgumentException("maxFeePerGas of " + network + " must be positive (wei per gas), or null for no cap");
        }
    }

    /** A configuration without a fee cap. */
    public EvmNetworkConfig(ChainId network, URI rpcUrl, Duration rpcTimeout) {
        this(network, rpcUrl, rpcTimeout, null);
    }

    /** A configuration with the {@linkplain #DEFAULT_RPC_TIMEOUT default timeout} of 10 s. */
    public static EvmNetworkConfig of(ChainId network, URI rpcUrl) {
        return new EvmNetworkConfig(network, rpcUrl, DEFAULT_RPC_TIMEOUT);
    }

    /** This configuration with a cap on the fee per gas of settlement transactions, in wei ({@code null}: no cap). */
    public EvmNetworkConfig withMaxFeePerGas(BigInteger weiPerGas) {
        return new EvmNetworkConfig(network, rpcUrl, rpcTimeout, weiPerGas);
    }

    /** The EVM chain id, e.g. {@code 8453}. */
    public long chainId() {
        return network.evmChainId().orElseThrow();
    }

    /** The endpoint without path, query or user info ({@code https://host:port}): safe to log. */
    String endpointForLogs() {
        return rpcUrl.getScheme() + "://" + rpcUrl.getHost() + (rpcUrl.getPort() >= 0 ? ":" + rpcUrl.getPort() : "");
    }

    @Override
    public String toString() {
        return "EvmNetworkConfig[network=" + network + ", rpcUrl=" + endpointForLogs() + ", rpcTimeout="
                + rpcTimeout + (maxFeePerGas == null ? "" : ", maxFeePerGas=" + maxFeePerGas) + "]";
    }
}
