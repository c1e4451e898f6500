package dev.x402j.solana;

import dev.x402j.core.ChainId;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * One Solana network served by the facilitator: its CAIP-2 id, the JSON-RPC endpoint that reaches it and the limits
 * the exact scheme applies.
 *
 * <p>{@link #toString()} hides the endpoint's path and query, where providers (Helius, Alchemy…) put API keys.
 *
 * @param network                          a {@code solana} chain, e.g. {@code solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp}
 *                                         (mainnet) or {@code solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1} (devnet); the
 *                                         reference is the first 32 characters of the genesis hash
 * @param rpcUrl                           the node's JSON-RPC endpoint, {@code http} or {@code https}
 * @param rpcTimeout                       how long one JSON-RPC request (connect, send, answer) may take
 * @param commitment                       the commitment for blockhash checks, simulation, preflight and settlement
 *                                         confirmation: {@code processed}, {@code confirmed} or {@code finalized}
 * @param maxComputeUnitPriceMicroLamports the highest priority fee a payment may ask the fee payer for, in
 *                                         micro-lamports per compute unit (the official SDK's cap is 5 000 000, i.e.
 *                                         5 lamports per compute unit)
 */
public record SolanaNetworkConfig(
        ChainId network, URI rpcUrl, Duration rpcTimeout, String commitment, long maxComputeUnitPriceMicroLamports) {

    /** The timeout of {@link #of(ChainId, URI)}. */
    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);
    /** The commitment of {@link #of(ChainId, URI)}. */
    public static final String DEFAULT_COMMITMENT = "confirmed";
    /** The official SDK's {@code MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS}: 5 lamports per compute unit. */
    public static final long DEFAULT_MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS = 5_000_000L;

    private static final Set<String> COMMITMENTS = Set.of("processed", "confirmed", "finalized");

    public SolanaNetworkConfig {
        if (network == null) {
            throw new IllegalArgumentException(
                    "network is required (a solana CAIP-2 id such as solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp)");
        }
        if (!"solana".equals(network.namespace())) {
            throw new IllegalArgumentException("network must be a solana chain (solana:<genesis hash prefix>), got "
                    + network);
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
        if (commitment == null || !COMMITMENTS.contains(commitment)) {
            throw new IllegalArgumentException("commitment of " + network
                    + " must be processed, confirmed or finalized, got " + commitment);
        }
        if (maxComputeUnitPriceMicroLamports < 0) {
            throw new IllegalArgumentException(
                    "maxComputeUnitPriceMicroLamports of " + network + " must not be negative");
        }
    }

    /**
     * A configuration with the defaults: 10 s timeout, {@code confirmed} commitment, and the official cap of 5 000 000
     * micro-lamports (5 lamports) per compute unit.
     */
    public static SolanaNetworkConfig of(ChainId network, URI rpcUrl) {
        return new SolanaNetworkConfig(network, rpcUrl, DEFAULT_RPC_TIMEOUT, DEFAULT_COMMITMENT,
                DEFAULT_MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS);
    }

    /** A copy with another commitment. */
    public SolanaNetworkConfig withCommitment(String newCommitment) {
        return new SolanaNetworkConfig(network, rpcUrl, rpcTimeout, newCommitment, maxComputeUnitPriceMicroLamports);
    }

    /** A copy with another compute-unit price cap. */
    public SolanaNetworkConfig withMaxComputeUnitPriceMicroLamports(long cap) {
        return new SolanaNetworkConfig(network, rpcUrl, rpcTimeout, commitment, cap);
    }

    /** The endpoint without path, query or user info ({@code https://host:port}): safe to log. */
    String endpointForLogs() {
        return rpcUrl.getScheme() + "://" + rpcUrl.getHost() + (rpcUrl.getPort() >= 0 ? ":" + rpcUrl.getPort() : "");
    }

    @Override
    public String toString() {
        return "SolanaNetworkConfig[network=" + network + ", rpcUrl=" + endpointForLogs() + ", rpcTimeout=" + rpcTimeout
                + ", commitment=" + commitment + ", maxComputeUnitPriceMicroLamports="
                + maxComputeUnitPriceMicroLamports + "]";
    }
}
