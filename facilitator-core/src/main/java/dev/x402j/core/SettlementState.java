package dev.x402j.core;

/**
 * Where a payment is in settlement. Transitions: {@code CLAIMED → SUBMITTED → CONFIRMED | FAILED}, and
 * {@code CLAIMED → FAILED}; a SUBMITTED settlement may get its transaction replaced ({@code SUBMITTED → SUBMITTED},
 * the earlier transactions kept); a claim that sent nothing may also be released (deleted).
 */
public enum SettlementState {
    /** One settle call owns the payment; nothing has been sent yet. */
    CLAIMED,
    /**
     * A signed transaction is recorded and may be on its way; its outcome is not known yet. It may be replaced by
     * another transaction of the same payment; whichever of them lands decides.
     */
    SUBMITTED,
    /** Settled on-chain. Final. */
    CONFIRMED,
    /** Will not settle. Final. */
    FAILED;

    public boolean isFinal() {
        return this == CONFIRMED || this == FAILED;
    }
}
