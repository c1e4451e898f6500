package dev.x402j.core;

/**
 * Thrown inside a {@link Scheme} when a payment turns out to be invalid part-way through an operation that returns no
 * {@link VerifyResult} (deriving a payment id, preparing a settlement). The facilitator turns it into an ordinary
 * failed result with this reason; it never reaches a client as an exception.
 */
public class InvalidPaymentException extends X402Exception {
    private final ErrorReason reason;

    public InvalidPaymentException(ErrorReason reason, String message) {
        super(reason.wire() + ": " + message);
        this.reason = reason;
    }

    public ErrorReason reason() {
        return reason;
    }

    /** The human-readable part, without the reason code. */
    public String detail() {
        String m = getMessage();
        return m.substring(reason.wire().length() + 2);
    }
}
