package dev.x402j.core.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ChainId;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.internal.AtomicAmountJson;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedKind;
import java.util.List;

/**
 * Translation between x402 v1 and the v2 model x402j works in. v1 names networks ({@code base-sepolia}), calls the
 * amount {@code maxAmountRequired} and puts the resource's URL, description and media type inside each requirement;
 * its payment payload has no {@code accepted} but names scheme and network.
 */
public final class V1 {
    private V1() {}

    /** v1 requirements (a JSON object) → v2; the network name becomes its CAIP-2 id when known. */
    public static PaymentRequirements requirementsFromV1(JsonNode v1, NetworkRegistry networks) {
        if (!(v1 instanceof ObjectNode o)) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "paymentRequirements must be an object");
        }
        String network = text(o, "network", ErrorReason.INVALID_PAYMENT_REQUIREMENTS);
        String amountText = o.path("maxAmountRequired").isValueNode() ? o.get("maxAmountRequired").asText() : null;
        try {
            return new PaymentRequirements(
                    text(o, "scheme", ErrorReason.INVALID_PAYMENT_REQUIREMENTS),
                    toCaip2(network, networks),
                    AtomicAmountJson.parse(amountText),
                    text(o, "asset", ErrorReason.INVALID_PAYMENT_REQUIREMENTS),
                    text(o, "payTo", ErrorReason.INVALID_PAYMENT_REQUIREMENTS),
                    o.path("maxTimeoutSeconds").asInt(0),
                    o.get("extra") instanceof ObjectNode extra ? extra : null);
        } catch (IllegalArgumentException e) {
            throw new MalformedPaymentException(
                    ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "paymentRequirements is malformed: " + e.getMessage());
        }
    }

    /** The resource a v1 requirement describes, if it names one. */
    public static ResourceInfo resourceFromV1(JsonNode v1) {
        String url = v1.path("resource").asText("");
        if (url.isBlank()) {
            return null;
        }
        return new ResourceInfo(url, emptyToNull(v1.path("description").asText("")), emptyToNull(v1.path("mimeType").asText("")));
    }

    /** v2 requirements → v1 JSON, with the resource's details inline. */
    public static ObjectNode requirementsToV1(PaymentRequirements r, ResourceInfo resource, NetworkRegistry networks) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("scheme", r.scheme());
        o.put("network", toV1Name(r.network(), networks));
        o.put("maxAmountRequired", r.amount().toString());
        o.put("resource", resource == null ? "" : resource.url());
        o.put("description", resource == null || resource.description() == null ? "" : resource.description());
        o.put("mimeType", resource == null || resource.mimeType() == null ? "" : resource.mimeType());
        o.put("payTo", r.payTo());
        o.put("maxTimeoutSeconds", r.maxTimeoutSeconds());
        o.put("asset", r.asset());
        o.set("extra", r.extra());
        return o;
    }

    /** A v1 payment payload → v2, taking as {@code accepted} the offer with its scheme and network. */
    public static PaymentPayload payloadFromV1(
            String what, ObjectNode v1, List<PaymentRequirements> offers, NetworkRegistry networks) {
        String scheme = text(v1, "scheme", ErrorReason.INVALID_PAYLOAD);
        String network = toCaip2(text(v1, "network", ErrorReason.INVALID_PAYLOAD), networks);
        if (!(v1.get("payload") instanceof ObjectNode payload)) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYLOAD, what + ".payload must be an object");
        }
        PaymentRequirements accepted = offers.stream()
                .filter(r -> r.scheme().equals(scheme) && r.network().equals(network))
                .findFirst()
                .orElseThrow(() -> new MalformedPaymentException(
                        ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                        what + " pays with scheme '" + scheme + "' on '" + network + "', which is not offered"));
        return new PaymentPayload(1, null, accepted, payload, null);
    }

    /** v2 settle response → v1 JSON (network by name). */
    public static ObjectNode settleResponseToV1(SettleResponse r, NetworkRegistry networks) {
        ObjectNode o = X402Json.mapper().valueToTree(r);
        if (r.network() != null) {
            o.put("network", toV1Name(r.network(), networks));
        }
        return o;
    }

    /** A supported kind in its v1 form (network by name). */
    public static SupportedKind kindToV1(SupportedKind k, NetworkRegistry networks) {
        return new SupportedKind(1, k.scheme(), toV1Name(k.network(), networks), k.extra());
    }

    /** A network name or CAIP-2 id → the CAIP-2 id when the registry knows it; otherwise unchanged. */
    public static String toCaip2(String network, NetworkRegistry networks) {
        return networks.resolve(network).map(n -> n.chainId().toString()).orElse(network);
    }

    /** A CAIP-2 id → its v1 name when the registry knows one; otherwise unchanged. */
    public static String toV1Name(String network, NetworkRegistry networks) {
        try {
            return networks.byChainId(ChainId.parse(network)).map(n -> n.name()).orElse(network);
        } catch (IllegalArgumentException notCaip2) {
            return network;
        }
    }

    private static String text(ObjectNode o, String field, ErrorReason reason) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new MalformedPaymentException(reason, "field '" + field + "' is required and must be a string");
        }
        return n.asText();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
