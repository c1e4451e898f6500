package dev.x402j.core.gate;

import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.wire.X402Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The payments admitted and not yet completed, each held by the request it was admitted for: while one is held, the
 * same payment cannot buy another response from this gate. A payment is known by the SHA-256 of its scheme payload.
 * Thread-safe.
 */
final class InFlightPayments {
    private final Map<String, TrackedRequest> held = new ConcurrentHashMap<>();

    /** Holds {@code payment} for {@code request}; false when another request already holds it. */
    boolean claim(PaymentPayload payment, TrackedRequest request) {
        return held.putIfAbsent(key(payment), request) == null;
    }

    /** Lets {@code payment} go, if {@code request} is the one holding it. */
    void release(PaymentPayload payment, TrackedRequest request) {
        held.remove(key(payment), request);
    }

    private static String key(PaymentPayload payment) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(X402Json.write(payment.payload()));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
