package dev.x402j.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The settlement ledger: what makes settle idempotent and a double settlement impossible. Every operation is atomic;
 * implementations used by several facilitator instances must make {@link #claim} atomic across all of them (a unique
 * key in a database, {@code SET NX} in Redis).
 *
 * <p>State changes are guarded: each {@code mark…} applies only from the states named, so a late or repeated writer
 * can never move a final record. Implementations must be thread-safe.
 */
public interface SettlementStore {
    /** The result of {@link #claim}: either this caller owns the payment now, or someone already did. */
    sealed interface Claim {
        record Won(SettlementRecord record) implements Claim {}

        record AlreadyClaimed(SettlementRecord existing) implements Claim {}
    }

    /** Inserts {@code claim} (state CLAIMED) unless a record with its id exists, atomically. */
    Claim claim(SettlementRecord claim);

    Optional<SettlementRecord> find(PaymentId id);

    /**
     * CLAIMED → SUBMITTED with the signed transaction, before it is sent; only by the claimer holding
     * {@code claimToken} (a claim released meanwhile and won by another call must not be submitted twice).
     */
    SettlementRecord markSubmitted(PaymentId id, String claimToken, SignedTransaction transaction, Instant now);

    /** SUBMITTED → CONFIRMED. Repeating it on a CONFIRMED record is a no-op. */
    SettlementRecord markConfirmed(PaymentId id, Instant now);

    /** CLAIMED or SUBMITTED → FAILED. Repeating it on a FAILED record is a no-op. */
    SettlementRecord markFailed(PaymentId id, ErrorReason reason, String message, Instant now);

    /**
     * Deletes a CLAIMED record holding {@code claimToken} whose settlement sent nothing, so the payment may be settled
     * later. Does nothing if the record is gone or holds another token.
     */
    void release(PaymentId id, String claimToken);

    /** Records not final whose last change is before {@code before}, oldest first: the reconciler's work list. */
    List<SettlementRecord> findUnfinished(Instant before, int limit);
}
