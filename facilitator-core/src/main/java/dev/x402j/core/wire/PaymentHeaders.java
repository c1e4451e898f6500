package dev.x402j.core.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.SettleResponse;
import java.util.Base64;

/**
 * The x402 HTTP headers: base64-encoded JSON. Decoding is strict (size bound, base64, JSON, required fields) and
 * each failure names the header and the problem.
 */
public final class PaymentHeaders {
    /** v2: the server's payment requirements, on a 402. */
    public static final String PAYMENT_REQUIRED = "PAYMENT-REQUIRED";
    /** v2: the client's signed payment. */
    public static final String PAYMENT_SIGNATURE = "PAYMENT-SIGNATURE";
    /** v2: the settlement result, on the paid response. */
    public static final String PAYMENT_RESPONSE = "PAYMENT-RESPONSE";
    /** v1: the client's signed payment. */
    public static final String X_PAYMENT = "X-PAYMENT";
    /** v1: the settlement result. */
    public static final String X_PAYMENT_RESPONSE = "X-PAYMENT-RESPONSE";

    /** Largest header value accepted, in characters of base64. Real payments are a few KiB. */
    public static final int MAX_HEADER_CHARS = 64 * 1024;

    private PaymentHeaders() {}

    /** Base64 (standard alphabet, padded) of the JSON of {@code value}. */
    public static String encode(Object value) {
        return Base64.getEncoder().encodeToString(X402Json.write(value));
    }

    /**
     * Reads a {@code PAYMENT-SIGNATURE} or {@code X-PAYMENT} value, v1 or v2, into the v2 form. A v1 payment names
     * only its scheme and network, so its {@code accepted} requirements are the one of {@code offers} that matches.
     */
    public static PaymentPayload decodePayment(
            String headerName, String value, java.util.List<dev.x402j.core.model.PaymentRequirements> offers, NetworkRegistry networks) {
        JsonNode tree = decodeTree(headerName, value);
        if (!(tree instanceof ObjectNode object)) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, headerName + " must hold a JSON object");
        }
        int version = object.path("x402Version").asInt(0);
        return switch (version) {
            case 2 -> read(headerName, object, PaymentPayload.class);
            case 1 -> V1.payloadFromV1(headerName, object, offers, networks);
            default -> throw new MalformedPaymentException(
                    ErrorReason.INVALID_X402_VERSION, headerName + " has unsupported x402Version " + object.get("x402Version"));
        };
    }

    /** Reads a {@code PAYMENT-REQUIRED} value (v2). */
    public static PaymentRequired decodePaymentRequired(String value) {
        JsonNode tree = decodeTree(PAYMENT_REQUIRED, value);
        return read(PAYMENT_REQUIRED, tree, PaymentRequired.class);
    }

    /** Reads a {@code PAYMENT-RESPONSE} or {@code X-PAYMENT-RESPONSE} value. */
    public static SettleResponse decodeSettleResponse(String headerName, String value) {
        return read(headerName, decodeTree(headerName, value), SettleResponse.class);
    }

    /** Base64 → JSON tree, with the size bound and precise errors. */
    public static JsonNode decodeTree(String headerName, String value) {
        if (value == null || value.isBlank()) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, headerName + " is empty");
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_HEADER_CHARS) {
            throw new MalformedPaymentException(
                    ErrorReason.INVALID_PAYLOAD,
                    headerName + " is " + trimmed.length() + " characters, more than the " + MAX_HEADER_CHARS + " allowed");
        }
        byte[] json;
        try {
            json = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException standard) {
            try {
                json = Base64.getUrlDecoder().decode(trimmed); // some clients send the URL-safe alphabet
            } catch (IllegalArgumentException urlSafe) {
                throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, headerName + " is not valid base64");
            }
        }
        try {
            return X402Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw X402Json.malformed(ErrorReason.INVALID_PAYLOAD, headerName, e);
        } catch (java.io.IOException e) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, headerName + " is not JSON");
        }
    }

    static <T> T read(String what, JsonNode tree, Class<T> type) {
        try {
            T result = X402Json.mapper().treeToValue(tree, type);
            if (result == null) {
                throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, what + " is null");
            }
            return result;
        } catch (JsonProcessingException e) {
            throw X402Json.malformed(ErrorReason.INVALID_PAYLOAD, what, e);
        } catch (IllegalArgumentException e) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, what + " is malformed: " + e.getMessage());
        }
    }
}
