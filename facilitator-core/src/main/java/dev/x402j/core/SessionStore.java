package dev.x402j.core;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of batched {@code upto} sessions. Every operation is atomic per session, across every facilitator
 * instance that shares the store. Implementations must be thread-safe.
 */
public interface SessionStore {
    /** The result of {@link #reserve}. */
    sealed interface Reservation {
        UptoSession session();

        /** The amount was added to {@code pending}. */
        record Reserved(UptoSession session) implements Reservation {}

        /** Not reserved: the cap would be exceeded ({@code cap_exhausted}). */
        record CapExhausted(UptoSession session) implements Reservation {}

        /** Not reserved: the session is settling ({@code settling_in_progress}) or closed ({@code session_closed}). */
        record NotOpen(UptoSession session) implements Reservation {}
    }

    /** Stores {@code session} unless one with its id exists; returns the stored one. */
    UptoSession openIfAbsent(UptoSession session);

    Optional<UptoSession> find(String id);

    /**
     * Adds {@code amount} to the pending total if the session is open and the cap allows it.
     *
     * @throws IllegalArgumentException if there is no such session or the amount is negative
     */
    Reservation reserve(String id, BigInteger amount, Instant now);

    /** OPEN → SETTLING when something is pending; the returned snapshot is what to settle. Empty otherwise. */
    Optional<UptoSession> beginSettling(String id, Instant now);

    /**
     * SETTLING → OPEN (or CLOSED when {@code close}), moving {@code amountSettled} from pending to settled.
     *
     * @throws InvalidTransitionException if the session is not settling
     */
    UptoSession finishSettling(String id, BigInteger amountSettled, boolean close, Instant now);

    /** Sessions not closed, least recently active first: the sweeper's work list. */
    List<UptoSession> findActive(int limit);
}
