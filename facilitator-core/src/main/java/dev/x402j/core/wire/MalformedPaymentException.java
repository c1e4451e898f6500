package dev.x402j.core.wire;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.X402Exception;

/**
 * A request, header or body that cannot be read as x402 (bad base64, bad JSON, a missing field, a negative amount,
 * an unknown version). Servers answer it with HTTP 400 and {@code {"error": reason, "message": message}}; the message
 * names what is wrong and never echoes secret material.
 */
public class MalformedPaymentException extends X402Exception {
    private final ErrorReason reason;

    public MalformedPaymentException(ErrorReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ErrorReason reason() {
        return reason;
    }
}
