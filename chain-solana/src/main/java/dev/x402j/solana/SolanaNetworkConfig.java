package dev.x402j.solana;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.rpc.RpcEndpoints;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.solana.internal.Pubkey;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One Solana network served by the facilitator: its CAIP-2 id, the JSON-RPC endpoints that reach it (in order of
 * preference: a call goes to the first healthy one and fails over to the next), how the client retries, and the limits
 * the exact scheme applies.
 *
 * <p>{@link #toString()} hides the endpoints' paths and queries, where providers (Helius, Alchemy…) put API keys.
 *
 * @param network                          a {@code solana} chain, e.g. {@code solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp}
 *                                         (mainnet) or {@code solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1} (devnet); the
 *                                         reference is the first 32 characters of the genesis hash
 * @param rpcUrls                          the nodes' JSON-RPC endpoints, {@code http} or {@code https}, at least one,
 *                                         in order of preference
 * @param rpcOptions                       timeouts, retries and breaker of the JSON-RPC client
 * @param commitment                       the commitment for blockhash checks, simulation, preflight and settlement
 *                                         confirmation: {@code processed}, {@code confirmed} or {@code finalized}
 * @param maxComputeUnitPriceMicroLamports the highest priority fee a payment may ask the fee payer for, in
 *                                         micro-lamports per compute unit (the official SDK's cap is 5 000 000, i.e.
 *                                         5 lamports per compute unit)
 * @param maxComputeUnitLimit              the highest {@code SetComputeUnitLimit} a payment may set: the fee payer pays
 *                                         the priority fee on the units asked for, used or not
 * @param maxSignatures                    the most signatures a payment's transaction may require (the fee payer pays
 *                                         5 000 lamports for each): the fee payer and the payer by default
 * @param maxFeeLamports                   the most a settlement may cost the fee payer in lamports: base fee (5 000 per
 *                                         signature) plus priority fee (units × price / 10^6, rounded up)
 * @param assets                           mints served besides the network's USDC from the catalogue
 *                                         ({@code Network.usdc()}); a payment in any other mint is refused
 */
public record SolanaNetworkConfig(
        ChainId network,
        List<URI> rpcUrls,
        RpcOptions rpcOptions,
        String commitment,
        long maxComputeUnitPriceMicroLamports,
        long maxComputeUnitLimit,
        int maxSignatures,
        long maxFeeLamports,
        List<Asset> assets) {

    /** The per-request timeout of {@link #of(ChainId, URI)}. */
    public static final Duration DEFAULT_RPC_TIMEOUT = RpcOptions.defaults().requestTimeout();
    /** The commitment of {@link #of(ChainId, URI)}. */
    public static final String DEFAULT_COMMITMENT = "confirmed";
    /** The official SDK's {@code MAX_COMPUTE_UNIT_PRICE_MICROLAMPORTS}: 5 lamports per compute unit. */
    public static final long DEFAULT_MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS = 5_000_000L;
    /**
     * Ten times the official client's 20 000 units: room for a Token-2022 transfer with extensions, while a payment
     * cannot reserve a whole transaction's 1.4 million units at the fee payer's cost.
     */
    public static final long DEFAULT_MAX_COMPUTE_UNIT_LIMIT = 200_000L;
    /** The fee payer and the payer. */
    public static final int DEFAULT_MAX_SIGNATURES = 2;
    /**
     * Two signatures (10 000 lamports) plus the official client's 20 000 units at the full price cap (100 000
     * lamports): 110 000 lamports, about 0.0001 SOL.
     */
    public static final long DEFAULT_MAX_FEE_LAMPORTS = 110_000L;

    /** Solana's ceiling on the compute units of one transaction. */
    private static final long MAX_UNITS_PER_TRANSACTION = 1_400_000L;

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
        rpcUrls = RpcEndpoints.checked(network, rpcUrls);
        if (rpcOptions == null) {
            throw new IllegalArgumentException("rpcOptions of " + network + " are required (RpcOptions.defaults())");
        }
        if (commitment == null || !COMMITMENTS.contains(commitment)) {
            throw new IllegalArgumentException("commitment of " + network
                    + " must be processed, confirmed or finalized, got " + commitment);
        }
        if (maxComputeUnitPriceMicroLamports < 0) {
            throw new IllegalArgumentException(
                    "maxComputeUnitPriceMicroLamports of " + network + " must not be negative");
        }
        if (maxComputeUnitLimit < 1 || maxComputeUnitLimit > MAX_UNITS_PER_TRANSACTION) {
            throw new IllegalArgumentException("maxComputeUnitLimit of " + network + " must be between 1 and "
                    + MAX_UNITS_PER_TRANSACTION + ", got " + maxComputeUnitLimit);
        }
        if (maxSignatures < 1) {
            throw new IllegalArgumentException("maxSignatures of " + network + " must be at least 1 (the fee payer)");
        }
        if (maxFeeLamports < 0) {
            throw new IllegalArgumentException("maxFeeLamports of " + network + " must not be negative");
        }
        assets = assets == null ? List.of() : List.copyOf(assets);
        for (Asset a : assets) {
            if (!Pubkey.isValid(a.address())) {
                throw new IllegalArgumentException("asset " + a.address() + " of " + network
                        + " is not a Solana mint address (base58 of 32 bytes)");
            }
        }
    }

    /** One endpoint, with the default client options but {@code rpcTimeout} per request. */
    public SolanaNetworkConfig(ChainId network, URI rpcUrl, Duration rpcTimeout, String commitment,
            long maxComputeUnitPriceMicroLamports) {
        this(network, RpcEndpoints.single(network, rpcUrl), RpcEndpoints.withTimeout(network, rpcTimeout), commitment,
                maxComputeUnitPriceMicroLamports, DEFAULT_MAX_COMPUTE_UNIT_LIMIT, DEFAULT_MAX_SIGNATURES,
                DEFAULT_MAX_FEE_LAMPORTS, List.of());
    }

    /**
     * One endpoint with the defaults: the {@linkplain RpcOptions#defaults() default client options} (10 s per request),
     * {@code confirmed} commitment, and the official cap of 5 000 000 micro-lamports (5 lamports) per compute unit.
     */
    public static SolanaNetworkConfig of(ChainId network, URI rpcUrl) {
        return of(network, RpcEndpoints.single(network, rpcUrl));
    }

    /** Several endpoints, in order of preference, with the defaults of {@link #of(ChainId, URI)}. */
    public static SolanaNetworkConfig of(ChainId network, List<URI> rpcUrls) {
        return new SolanaNetworkConfig(network, rpcUrls, RpcOptions.defaults(), DEFAULT_COMMITMENT,
                DEFAULT_MAX_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS, DEFAULT_MAX_COMPUTE_UNIT_LIMIT, DEFAULT_MAX_SIGNATURES,
                DEFAULT_MAX_FEE_LAMPORTS, List.of());
    }

    /** A copy with another commitment. */
    public SolanaNetworkConfig withCommitment(String newCommitment) {
        return new SolanaNetworkConfig(network, rpcUrls, rpcOptions, newCommitment, maxComputeUnitPriceMicroLamports,
                maxComputeUnitLimit, maxSignatures, maxFeeLamports, assets);
    }

    /** A copy with another compute-unit price cap. */
    public SolanaNetworkConfig withMaxComputeUnitPriceMicroLamports(long cap) {
        return new SolanaNetworkConfig(network, rpcUrls, rpcOptions, commitment, cap, maxComputeUnitLimit,
                maxSignatures, maxFeeLamports, assets);
    }

    /** A copy with another cap on {@code SetComputeUnitLimit}. */
    public SolanaNetworkConfig withMaxComputeUnitLimit(long cap) {
        return new SolanaNetworkConfig(network, rpcUrls, rpcOptions, commitment, maxComputeUnitPriceMicroLamports, cap,
                maxSignatures, maxFeeLamports, assets);
    }

    /** A copy with another cap on the signatures a transaction may require. */
    public SolanaNetworkConfig withMaxSignatures(int cap) {
        return new SolanaNetworkConfig(network, rpcUrls, rpcOptions, commitment, maxComputeUnitPriceMicroLamports,
                maxComputeUnitLimit, cap, maxFeeLamports, assets);
    }

    /** A copy with another cap on the lamports one settlement may cost the fee payer. */
    public SolanaNetworkConfig withMaxFeeLamports(long cap) {
        return new SolanaNetworkConfig(network, rpcUrls, rpcOptions, commitment, maxComputeUnitPriceMicroLamports,
                maxComputeUnitLimit, maxSignatures, cap, assets);
    }

    /** A copy that serves {@code extra} mints besides the network's USDC (replacing those added before). */
    public SolanaNetworkConfig withAssets(List<Asset> extra) {
        return new SolanaNetworkConfig(network, rpcUrls, rpcOptions, commitment, maxComputeUnitPriceMicroLamports,
                maxComputeUnitLimit, maxSignatures, maxFeeLamports, extra);
    }

    /** A copy with other client options. */
    public SolanaNetworkConfig withRpcOptions(RpcOptions options) {
        return new SolanaNetworkConfig(network, rpcUrls, options, commitment, maxComputeUnitPriceMicroLamports,
                maxComputeUnitLimit, maxSignatures, maxFeeLamports, assets);
    }

    /** The preferred endpoint (the first). */
    public URI rpcUrl() {
        return rpcUrls.get(0);
    }

    /** How long one JSON-RPC request (connect, send, answer) may take. */
    public Duration rpcTimeout() {
        return rpcOptions.requestTimeout();
    }

    /** The endpoints without path, query or user info ({@code https://host:port}, comma separated): safe to log. */
    String endpointForLogs() {
        return RpcEndpoints.forLogs(rpcUrls);
    }

    @Override
    public String toString() {
        return "SolanaNetworkConfig[network=" + network + ", rpcUrls=[" + endpointForLogs() + "], rpcOptions="
                + rpcOptions + ", commitment=" + commitment + ", maxComputeUnitPriceMicroLamports="
                + maxComputeUnitPriceMicroLamports + ", maxComputeUnitLimit=" + maxComputeUnitLimit + ", maxSignatures="
                + maxSignatures + ", maxFeeLamports=" + maxFeeLamports + ", assets="
                + assets.stream().map(Asset::address).toList() + "]";
    }
}
