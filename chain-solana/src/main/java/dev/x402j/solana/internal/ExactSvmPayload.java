package dev.x402j.solana.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/** The {@code payload} of an exact payment on Solana: {@code {"transaction": <base64 wire transaction>}}. */
public final class ExactSvmPayload {
    /** Base64 of the largest transaction Solana accepts, 1232 bytes. */
    private static final int MAX_BASE64_LENGTH = 4 * ((Transaction.MAX_WIRE_SIZE + 2) / 3);

    private ExactSvmPayload() {}

    /**
     * Decodes the payload's transaction.
     *
     * @throws IllegalArgumentException naming what is wrong (missing field, not base64, not a transaction)
     */
    public static Transaction decode(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("payload must be an object {\"transaction\": <base64>}");
        }
        JsonNode field = payload.get("transaction");
        if (field == null || !field.isTextual() || field.asText().isBlank()) {
            throw new IllegalArgumentException("payload.transaction must be the base64 of a transaction");
        }
        String text = field.asText().strip();
        if (text.length() > MAX_BASE64_LENGTH) {
            throw new IllegalArgumentException("payload.transaction is longer than a Solana transaction can be ("
                    + Transaction.MAX_WIRE_SIZE + " bytes)");
        }
        byte[] wire;
        try {
            wire = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("payload.transaction is not base64: " + e.getMessage());
        }
        try {
            return Transaction.parse(wire);
        } catch (ByteReader.MalformedException e) {
            throw new IllegalArgumentException("payload.transaction is not a Solana transaction: " + e.getMessage());
        }
    }

    public static ObjectNode encode(Transaction tx) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("transaction", Base64.getEncoder().encodeToString(tx.serialize()));
        return o;
    }
}
