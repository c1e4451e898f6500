package dev.x402j.core;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the settlement ledger.
 *
 * @param claimToken random token of the settle call that claimed the payment; only it may submit or release
 * @param fingerprint SHA-256 of the exact payment and requirements; a later call is answered with this record only
 *     if it carries the same fingerprint
 * @param transaction the chain's transaction reference once signed, else {@code null}
 * @param signedTransaction the signed bytes, kept so a reconciler can re-send the very same transaction
 * @param errorReason wire code of the failure when {@code state} is FAILED
 */
public record SettlementRecord(
        PaymentId id,
        String claimToken,
        String fingerprint,
        SettlementState state,
        String scheme,
        String network,
        String payer,
        BigInteger amount,
        String transaction,
        byte[] signedTransaction,
        String errorReason,
        String errorMessage,
        Instant createdAt,
        Instant updatedAt) {

    public SettlementRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        signedTransaction = signedTransaction == null ? null : signedTransaction.clone();
    }

    /** A fresh claim. */
    public static SettlementRecord claimed(
            PaymentId id, String claimToken, String fingerprint, String scheme, String network, String payer, BigInteger amount, Instant now) {
        return new SettlementRecord(id, claimToken, fingerprint, SettlementState.CLAIMED, scheme, network, payer, amount, null, null, null, null, now, now);
    }

    public SettlementRecord submitted(SignedTransaction tx, Instant now) {
        return new SettlementRecord(id, claimToken, fingerprint, SettlementState.SUBMITTED, scheme, network, payer, amount,
                tx.reference(), tx.bytes(), null, null, createdAt, now);
    }

    public SettlementRecord confirmed(Instant now) {
        return new SettlementRecord(id, claimToken, fingerprint, SettlementState.CONFIRMED, scheme, network, payer, amount,
                transaction, signedTransaction, null, null, createdAt, now);
    }

    public SettlementRecord failed(ErrorReason reason, String message, Instant now) {
        return new SettlementRecord(id, claimToken, fingerprint, SettlementState.FAILED, scheme, network, payer, amount,
                transaction, signedTransaction, reason.wire(), message, createdAt, now);
    }

    public Optional<String> transactionRef() {
        return Optional.ofNullable(transaction);
    }

    @Override
    public byte[] signedTransaction() {
        return signedTransaction == null ? null : signedTransaction.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SettlementRecord r
                && r.id.equals(id)
                && r.state == state
                && r.updatedAt.equals(updatedAt)
                && Objects.equals(r.transaction, transaction);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, state, updatedAt);
    }

    @Override
    public String toString() {
        return "SettlementRecord[" + id + ", " + state + ", tx=" + transaction + ", reason=" + errorReason + "]";
    }
}
