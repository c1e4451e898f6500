package dev.x402j.core.family;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import java.time.Clock;
import java.util.List;

/**
 * A chain family as configured: the networks it serves with their endpoints, the facilitator's keys on them, and the
 * schemes that settle there. Made by {@link ChainFamily#configure} (live mode) or by a {@link DevChain} (dev mode).
 * Immutable; {@link #toString()} shows no secret.
 */
public interface ServedFamily {

    /** The networks served, in the configured order. */
    List<ServedNetwork> networks();

    /** The facilitator's addresses on this family (EVM keys, Solana fee payers…), for logs and {@code /supported}. */
    List<String> signerAddresses();

    /** The schemes of every network served; {@code networks} holds every network of every family served. */
    List<Scheme> schemes(Clock clock, NetworkRegistry networks);

    /** A line for the start-up log: keys and networks, no secret. */
    default String describe() {
        return "keys " + signerAddresses() + " serve " + networks();
    }
}
