package dev.x402j.core;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the settlement ledger.
 *
 * @param claimToken random token of the settle call that claimed the payment; only it may submit or release
 * @param fingerprint SHA-256 of the exact payment and requirements; a later call is answered with this record only
 *     if it carries the same fingerprint
 * @param transaction the chain's transaction reference once signed, else {@code null}: while SUBMITTED the current
 *     one (the latest replacement), once CONFIRMED the one that landed
 * @param signedTransaction the signed bytes of the current transaction, kept so a reconciler can re-send the very
 *     same transaction (or build a replacement of it)
 * @param errorReason wire code of the failure when {@code state} is FAILED
 * @param transactions every transaction reference recorded for this payment, oldest first: the first submitted and
 *     each replacement (a fee bump, or a transaction signed anew after its nonce was taken). Any of them may land, so
 *     all are looked up. Contains {@code transaction} whenever that is not {@code null}.
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
        Instant updatedAt,
        List<String> transactions) {

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
        // Records written before replacements existed have no history: their one transaction is it.
        List<String> history = new ArrayList<>(transactions == null ? List.of() : transactions);
        history.forEach(t -> Objects.requireNonNull(t, "transactions[]"));
        if (transaction != null && !history.contains(transaction)) {
            history.add(transaction);
        }
        transactions = List.copyOf(history);
    }

    /** A record with the history of its one {@code transaction} (if any): the shape of records before replacements. */
    public SettlementRecord(
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
        this(id, claimToken, fingerprint, state, scheme, network, payer, amount, transaction, signedTransaction,
                errorReason, errorMessage, createdAt, updatedAt, List.of());
    }

    /** A fresh claim. */
    public static SettlementRecord claimed(
            PaymentId id, String claimToken, String fingerprint, String scheme, String network, String payer, BigInteger amount, Instant now) {
        return new SettlementRecord(id, claimToken, fingerprint, SettlementState.CLAIMED, scheme, network, payer, amount,
                null, null, null, null, now, now, List.of());
    }

    public SettlementRecord submitted(SignedTransaction tx, Instant now) {
        return new SettlementRecord(id, claimToken, fingerprint, SettlementState.SUBMITTED, scheme, network, payer, amount,
                tx.reference(), tx.bytes(), null, null, createdAt, now, List.of(tx.reference()));
    }

    /** Still SUBMITTED, with {@code replacement} as the current transaction; the earlier ones stay in the history. */
    public SettlementRecord replaced(SignedTransaction replacement, Instant now) {
        List<String> history = new ArrayList<>(transactions);
        history.add(replacement.reference());
        return new SettlementRecord(id, claimToken, fingerprint, SettlementState.SUBMITTED, scheme, network, payer, amount,
                replacement.reference(), replacement.bytes(), null, null, createdAt, now, history);
    }

    /** CONFIRMED by the current transaction. */
    public SettlementRecord confirmed(Instant now) {
        return confirmed(transaction, now);
    }

    /** CONFIRMED by {@code landed}, one of {@link #transactions()}. */
    public SettlementRecord confirmed(String landed, Instant now) {
        if (!hasTransaction(landed)) {
            throw new IllegalArgumentException(landed + " is not a transaction of payment " + id);
        }
        return new SettlementRecord(id, claimToken, fingerprint, SettlementState.CONFIRMED, scheme, network, payer, amount,
                landed, signedTransaction, null, null, createdAt, now, transactions);
    }

    public SettlementRecord failed(ErrorReason reason, String message, Instant now) {
        return new SettlementRecord(id, claimToken, fingerprint, SettlementState.FAILED, scheme, network, payer, amount,
                transaction, signedTransaction, reason.wire(), message, createdAt, now, transactions);
    }

    public Optional<String> transactionRef() {
        return Optional.ofNullable(transaction);
    }

    /** Whether {@code reference} is one of this payment's transactions. */
    public boolean hasTransaction(String reference) {
        return reference != null && transactions.contains(reference);
    }

    /** The current transaction as it can be sent again, if its bytes are recorded. */
    public Optional<SignedTransaction> currentTransaction() {
        return transaction == null || signedTransaction == null
                ? Optional.empty()
                : Optional.of(new SignedTransaction(transaction, signedTransaction));
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
                && Objects.equals(r.transaction, transaction)
                && r.transactions.equals(transactions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, state, updatedAt);
    }

    @Override
    public String toString() {
        return "SettlementRecord[" + id + ", " + state + ", tx=" + transaction
                + (transactions.size() > 1 ? " (" + transactions.size() + " transactions)" : "")
                + ", reason=" + errorReason + "]";
    }
}
