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
}
