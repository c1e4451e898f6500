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
 *
 * <p>A SUBMITTED settlement may have several transactions over its life: the first one and its replacements
 * ({@link #markReplaced}), each recorded before it is sent. All of them stay in {@link SettlementRecord#transactions()}
 * so that whichever lands is recognised, and {@link #markConfirmed(PaymentId, String, Instant)} records which one did.
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

    /**
     * SUBMITTED → SUBMITTED with {@code replacement} as the current transaction, recorded before it is sent: a fee
     * bump of a stuck transaction, or the payment signed anew after the node refused its transaction for good. Applies
     * only while {@code currentTransaction} is still the record's current transaction, so of several replacers racing
     * (or a replacer racing a confirmation) exactly one wins; the loser must not send its replacement. The earlier
     * transactions stay in {@link SettlementRecord#transactions()}. Repeating the same replacement is a no-op.
     *
     * @throws InvalidTransitionException if the record is not SUBMITTED, its current transaction is another, or
     *     {@code replacement} is already one of its transactions (other than the current one)
     */
    SettlementRecord markReplaced(PaymentId id, String currentTransaction, SignedTransaction replacement, Instant now);

    /**
     * SUBMITTED → CONFIRMED by {@code transaction}, which must be one of the record's transactions; it becomes the
     * record's {@link SettlementRecord#transaction()}. Repeating it with the same transaction on a CONFIRMED record is
     * a no-op.
     *
     * @throws InvalidTransitionException if the record is not SUBMITTED (or CONFIRMED by that same transaction), or
     *     {@code transaction} is not one of its transactions
     */
    SettlementRecord markConfirmed(PaymentId id, String transaction, Instant now);

    /**
     * SUBMITTED → CONFIRMED by the record's current transaction (see {@link #markConfirmed(PaymentId, String,
     * Instant)}). Repeating it on a CONFIRMED record is a no-op.
     */
    default SettlementRecord markConfirmed(PaymentId id, Instant now) {
        SettlementRecord current = find(id).orElseThrow(() -> new InvalidTransitionException(id, "mark confirmed"));
        if (current.transaction() == null) {
            throw new InvalidTransitionException(id, current.state(), "mark confirmed");
        }
        return markConfirmed(id, current.transaction(), now);
    }

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
