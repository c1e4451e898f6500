package dev.x402j.core;

import java.util.Objects;

/**
 * The outcome of verifying a payment. An invalid payment is a value, not an exception: it travels to the client
 * as {@code isValid:false} with its reason.
 */
public sealed interface VerifyResult {
    /** The payer's address as the chain writes it, when known. */
    String payer();

    /** The payment meets the requirements and would settle now. */
    record Valid(String payer) implements VerifyResult {
        public Valid {
            Objects.requireNonNull(payer, "payer");
        }
    }

    /** The payment does not meet the requirements, for {@code reason}; {@code message} says what exactly. */
    record Invalid(ErrorReason reason, String message, String payer) implements VerifyResult {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static VerifyResult valid(String payer) {
        return new Valid(payer);
    }

    static VerifyResult invalid(ErrorReason reason, String message, String payer) {
        return new Invalid(reason, message, payer);
    }

    static VerifyResult invalid(ErrorReason reason, String message) {
        return new Invalid(reason, message, null);
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
