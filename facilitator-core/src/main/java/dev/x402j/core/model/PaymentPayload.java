package dev.x402j.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client's signed payment (x402 v2): the requirements it chose ({@code accepted}) and the scheme-specific proof
 * ({@code payload}, kept as a JSON tree; each scheme decodes it into its own records). v1 payloads are translated into
 * this shape on input (see {@code dev.x402j.core.wire.V1}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentPayload(
        int x402Version, ResourceInfo resource, PaymentRequirements accepted, ObjectNode payload, ObjectNode extensions) {
    public PaymentPayload {
        if (accepted == null) {
            throw new IllegalArgumentException("paymentPayload.accepted is required");
        }
        if (payload == null) {
            throw new IllegalArgumentException("paymentPayload.payload is required");
        }
        payload = payload.deepCopy();
        extensions = extensions == null ? null : extensions.deepCopy();
    }

    @Override
    public ObjectNode payload() {
        return payload.deepCopy();
    }
}
