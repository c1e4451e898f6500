package dev.x402j.solana;

import dev.x402j.core.ChainSigner;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The payment schemes of Solana. Register the result with the facilitator:
 *
 * <pre>{@code
 * SolanaNetworkConfig devnet = SolanaNetworkConfig.of(
 *         ChainId.parse("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"), URI.create("https://api.devnet.solana.com"));
 * Facilitator facilitator = Facilitator.builder()
 *         .scheme(SolanaSchemes.exact(devnet, List.of(SolanaPrivateKeySigner.fromBase58(key)), clock,
 *                 NetworkRegistry.defaults()))
 *         .build();
 * }</pre>
 */
public final class SolanaSchemes {
    private SolanaSchemes() {}

    /**
     * The {@code exact} scheme on one Solana network: SPL Token or Token-2022 {@code TransferChecked}, partially signed
     * by the payer, co-signed and paid for by one of the facilitator's fee payers.
     *
     * <p>Verification checks the transaction in the official SDK's terms (instruction layout, compute price cap, mint,
     * recipient's associated token account, exact amount, fee payer isolation, memo, signatures), then its blockhash
     * and a simulation. The fee payer named by a transaction must be one of {@code feePayers}; {@code /supported} and
     * {@code /accepts} hand them out in rotation. Nothing touches the network on construction: the endpoint's genesis
     * hash is checked against the CAIP-2 id on first use. The returned scheme is thread-safe.
     *
     * @param config    the network, its RPC endpoint and limits
     * @param feePayers the facilitator's keys on this network, at least one; each pays the fees of the transactions
     *                  that name it
     * @param clock     accepted for symmetry with the other chain families; Solana payments expire by blockhash, which
     *                  the chain judges, so no wall-clock check is made
     * @param networks  names the network for x402 v1
     * @throws IllegalArgumentException if there is no fee payer, an address is not a Solana address, or one repeats
     */
    public static Scheme exact(
            SolanaNetworkConfig config, List<? extends ChainSigner> feePayers, Clock clock, NetworkRegistry networks) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(feePayers, "feePayers");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(networks, "networks");
        return new SolanaExactScheme(config, feePayers, networks); // which checks the fee payers
    }

    /** The {@code exact} scheme with a single fee payer. */
    public static Scheme exact(SolanaNetworkConfig config, ChainSigner feePayer, Clock clock, NetworkRegistry networks) {
        return exact(config, List.of(Objects.requireNonNull(feePayer, "feePayer")), clock, networks);
    }
}
