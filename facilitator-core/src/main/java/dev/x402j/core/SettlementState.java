package dev.x402j.core;

/**
 * Where a payment is in settlement. Transitions: {@code CLAIMED → SUBMITTED → CONFIRMED | FAILED}, and
 * {@code CLAIMED → FAILED}; a claim that sent nothing may also be released (deleted).
 */
public enum SettlementState {
    /** One settle call owns the payment; nothing has been sent yet. */
    CLAIMED,
    /** A signed transaction is recorded and may be on its way; its outcome is not known yet. */
    SUBMITTED,
    /** Settled on-chain. Final. */
    CONFIRMED,
    /** Will not settle. Final. */
    FAILED;

    public boolean isFinal() {
        return this == CONFIRMED || this == FAILED;
    }
}
