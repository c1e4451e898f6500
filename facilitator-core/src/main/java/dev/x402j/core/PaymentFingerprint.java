package dev.x402j.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.wire.X402Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What tells a repeated settle call of a payment from another call with the same payment id but other details: a
 * ledger entry answers only a call with its {@link SettlementRecord#fingerprint()}.
 */
final class PaymentFingerprint {
    private PaymentFingerprint() {}

    /** SHA-256 of the canonical JSON (keys sorted) of the payment proof and the requirements. */
    static String of(PaymentPayload payload, PaymentRequirements requirements) {
        ObjectNode both = X402Json.mapper().createObjectNode();
        both.set("payload", payload.payload());
        both.set("requirements", X402Json.mapper().valueToTree(requirements));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(X402Json.write(sorted(both))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode o) {
            ObjectNode out = X402Json.mapper().createObjectNode();
            new TreeMap<String, JsonNode>(toMap(o)).forEach((k, v) -> out.set(k, sorted(v)));
            return out;
        }
        if (node.isArray()) {
            var out = X402Json.mapper().createArrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }

    private static Map<String, JsonNode> toMap(ObjectNode o) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }
}
