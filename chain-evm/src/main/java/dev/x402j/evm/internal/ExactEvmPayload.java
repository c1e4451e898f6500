package dev.x402j.evm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.evm.Eip3009Authorization;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The {@code payload} of an {@code exact} EVM payment, as the official SDKs send it:
 * {@code {signature, authorization:{from, to, value, validAfter, validBefore, nonce}}}, all strings (the integers in
 * decimal; also accepted as JSON integers).
 *
 * @param authorization the signed EIP-3009 authorization
 * @param signature     the signature bytes as sent (their length and form are checked by verification, not here)
 */
public record ExactEvmPayload(Eip3009Authorization authorization, byte[] signature) {
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");

    public ExactEvmPayload {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * Decodes a payment's {@code payload}.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static ExactEvmPayload decode(JsonNode payload) {
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("payload must be an object with signature and authorization");
        }
        JsonNode sig = payload.get("signature");
        if (sig == null || !sig.isTextual() || !Hex.isBytes(sig.asText())) {
            throw new IllegalArgumentException("payload.signature must be a 0x-prefixed hex string");
        }
        JsonNode a = payload.get("authorization");
        if (a == null || !a.isObject()) {
            throw new IllegalArgumentException("payload.authorization must be an object");
        }
        Eip3009Authorization auth = new Eip3009Authorization(
                address(a, "from"),
                address(a, "to"),
                uint(a, "value"),
                uint(a, "validAfter"),
                uint(a, "validBefore"),
                nonce(a));
        return new ExactEvmPayload(auth, Hex.decode(sig.asText()));
    }

    /** The wire form, every field a string. */
    public static ObjectNode encode(Eip3009Authorization auth, byte[] signature) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode a = f.objectNode();
        a.put("from", auth.from());
        a.put("to", auth.to());
        a.put("value", auth.value().toString());
        a.put("validAfter", auth.validAfter().toString());
        a.put("validBefore", auth.validBefore().toString());
        a.put("nonce", auth.nonceHex());
        ObjectNode p = f.objectNode();
        p.put("signature", Hex.encode(signature));
        p.set("authorization", a);
        return p;
    }

    private static String address(JsonNode a, String field) {
        JsonNode n = a.get(field);
        if (n == null || !n.isTextual() || !Hex.isAddress(n.asText())) {
            throw new IllegalArgumentException("payload.authorization." + field + " must be an address (0x + 40 hex digits)");
        }
        return n.asText();
    }

    private static BigInteger uint(JsonNode a, String field) {
        JsonNode n = a.get(field);
        BigInteger v = null;
        if (n != null && n.isTextual() && DECIMAL.matcher(n.asText()).matches()) {
            v = new BigInteger(n.asText());
        } else if (n != null && n.isIntegralNumber()) {
            v = n.bigIntegerValue();
        }
        if (v == null || v.signum() < 0 || v.bitLength() > 256) {
            throw new IllegalArgumentException("payload.authorization." + field + " must be a uint256 in decimal");
        }
        return v;
    }

    private static String nonce(JsonNode a) {
        JsonNode n = a.get("nonce");
        if (n == null || !n.isTextual() || !Hex.isBytes(n.asText()) || n.asText().length() != 66) {
            throw new IllegalArgumentException("payload.authorization.nonce must be 32 bytes of 0x-prefixed hex");
        }
        return n.asText();
    }
}
