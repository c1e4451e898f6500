package dev.x402j.core;

/** A settlement ledger change that its current state does not allow (e.g. confirming a failed payment). */
public class InvalidTransitionException extends X402Exception {
    public InvalidTransitionException(PaymentId id, SettlementState from, String change) {
        super("payment " + id + " is " + from + "; cannot " + change);
    }

    public InvalidTransitionException(String message) {
        super(message);
    }

    public InvalidTransitionException(PaymentId id, String change) {
        super("payment " + id + " is not in the ledger; cannot " + change);
    }

    /** A replacement named a transaction that is no longer (or never was) the record's current one. */
    public static InvalidTransitionException notCurrent(PaymentId id, String current, String named) {
        return new InvalidTransitionException(
                "payment " + id + "'s current transaction is " + current + ", not " + named + "; cannot mark replaced");
    }

    /** A replacement that is already one of the record's earlier transactions. */
    public static InvalidTransitionException alreadyRecorded(PaymentId id, String replacement) {
        return new InvalidTransitionException(
                "transaction " + replacement + " is already recorded for payment " + id + "; cannot mark replaced");
    }

    /** A confirmation by a transaction the record does not hold. */
    public static InvalidTransitionException notATransactionOf(PaymentId id, String transaction) {
        return new InvalidTransitionException(
                "transaction " + transaction + " is not one of payment " + id + "'s; cannot mark confirmed");
    }

    /** A confirmation contradicting the transaction already recorded as landed. */
    public static InvalidTransitionException confirmedByAnother(PaymentId id, String landed, String named) {
        return new InvalidTransitionException(
                "payment " + id + " is CONFIRMED by " + landed + ", not " + named + "; cannot mark confirmed");
    }
}
