package dev.x402j.core;

/**
 * The chain's node refused a settlement transaction outright: it was not accepted into the mempool and will not be
 * mined (for example the facilitator's account cannot pay gas). Unlike a timeout, this is definite, so the
 * facilitator releases its claim on the payment instead of waiting for an outcome that cannot come.
 */
public class BroadcastRejectedException extends X402Exception {
    private final ErrorReason reason;

    public BroadcastRejectedException(ErrorReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ErrorReason reason() {
        return reason;
    }
}
