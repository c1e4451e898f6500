package dev.x402j.core.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import java.io.IOException;
import java.util.List;

/**
 * Reads the body of {@code POST /verify} and {@code POST /settle} — v2, or v1 translated to v2 — with errors that
 * say exactly which part is malformed.
 */
public final class FacilitatorRequests {
    /** Largest request body accepted. */
    public static final int MAX_BODY_BYTES = 128 * 1024;

    private FacilitatorRequests() {}

    public static FacilitatorRequest parse(byte[] body, NetworkRegistry networks) {
        if (body == null || body.length == 0) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, "request body is empty");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new MalformedPaymentException(
                    ErrorReason.INVALID_PAYLOAD, "request body is " + body.length + " bytes, more than the " + MAX_BODY_BYTES + " allowed");
        }
        JsonNode tree;
        try {
            tree = X402Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw X402Json.malformed(ErrorReason.INVALID_PAYLOAD, "request body", e);
        } catch (IOException e) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, "request body is not JSON");
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, "request body must be a JSON object");
        }
        if (!(root.get("paymentPayload") instanceof ObjectNode payload)) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, "paymentPayload is required and must be an object");
        }
        if (!(root.get("paymentRequirements") instanceof ObjectNode requirements)) {
            throw new MalformedPaymentException(
                    ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "paymentRequirements is required and must be an object");
        }
        int version = root.path("x402Version").asInt(payload.path("x402Version").asInt(0));
        return switch (version) {
            case 2 -> new FacilitatorRequest(
                    2,
                    PaymentHeaders.read("paymentPayload", payload, PaymentPayload.class),
                    readRequirements(requirements));
            case 1 -> {
                PaymentRequirements req = V1.requirementsFromV1(requirements, networks);
                yield new FacilitatorRequest(1, V1.payloadFromV1("paymentPayload", payload, List.of(req), networks), req);
            }
            default -> throw new MalformedPaymentException(
                    ErrorReason.INVALID_X402_VERSION, "unsupported x402Version " + root.path("x402Version"));
        };
    }

    private static PaymentRequirements readRequirements(ObjectNode requirements) {
        try {
            return X402Json.mapper().treeToValue(requirements, PaymentRequirements.class);
        } catch (JsonProcessingException e) {
            throw X402Json.malformed(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "paymentRequirements", e);
        }
    }
}
