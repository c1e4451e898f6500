package dev.x402j.core;

/**
 * The chain's node refused a settlement transaction outright: it was not accepted into the mempool and will not be
 * mined (for example the facilitator's account cannot pay gas). Unlike a timeout, this is definite, so the
 * facilitator records the settlement as failed instead of waiting for an outcome that cannot come.
 *
 * <p>One refusal is different: {@linkplain #nonceConsumed() the transaction's nonce (sequence number) is taken by
 * another transaction} — typically the facilitator's key was used outside x402j. That transaction can never land,
 * but the payment is untouched, so the facilitator signs it anew ({@link Scheme#prepareSettlement} or
 * {@link Scheme#resign}), records the new transaction and sends it.
 */
public class BroadcastRejectedException extends X402Exception {
    private final ErrorReason reason;
    private final boolean nonceConsumed;

    public BroadcastRejectedException(ErrorReason reason, String message) {
        this(reason, message, false);
    }

    private BroadcastRejectedException(ErrorReason reason, String message, boolean nonceConsumed) {
        super(message);
        this.reason = reason;
        this.nonceConsumed = nonceConsumed;
    }

    /**
     * The node refused the transaction because another transaction of the same sender holds its nonce (mined, or
     * pending at a fee this one cannot replace), and the node does not have this one: it can never land as it is.
     */
    public static BroadcastRejectedException nonceConsumed(ErrorReason reason, String message) {
        return new BroadcastRejectedException(reason, message, true);
    }

    public ErrorReason reason() {
        return reason;
    }

    /** Whether the refusal is only about the nonce: the same payment signed anew, with a free nonce, may settle. */
    public boolean nonceConsumed() {
        return nonceConsumed;
    }
}
