package dev.x402j.core.model;

/**
 * The body of {@code POST /verify} and {@code POST /settle}: a payment and the requirements it must meet.
 * {@code x402Version} is the protocol version the caller spoke (1 or 2); the payment itself is always held in v2 form.
 */
public record FacilitatorRequest(int x402Version, PaymentPayload paymentPayload, PaymentRequirements paymentRequirements) {
    public FacilitatorRequest {
        if (paymentPayload == null) {
            throw new IllegalArgumentException("paymentPayload is required");
        }
        if (paymentRequirements == null) {
            throw new IllegalArgumentException("paymentRequirements is required");
        }
    }
}
