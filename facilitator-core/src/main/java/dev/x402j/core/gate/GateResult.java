package dev.x402j.core.gate;

import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SettleResponse;
import java.util.Map;

/** What the gate decided about a request. */
public sealed interface GateResult {
    /** The route is free: run the handler, nothing to settle. */
    record Free() implements GateResult {}

    /** Answer the client now with this response (402 payment required or failed, 400 malformed, 502 facilitator down). */
    record Respond(int status, Map<String, String> headers, String contentType, byte[] body) implements GateResult {
        public Respond {
            headers = Map.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /**
     * A valid payment: run the handler, then call {@link PaymentGate#complete(Admitted, int)} with its status (and
     * {@link PaymentGate#finish(Admitted)} when the response is over, so that one that ended without completion is
     * released and recorded).
     *
     * @param version the protocol version the client spoke (1 or 2), which decides the response header
     * @param settled the settlement already made when the gate settles before the handler, else null
     * @param tracking this request as the gate follows it (its {@link TrackedRequest#trackingId()} names its tracking
     *     record when the gate tracks)
     */
    record Admitted(PaidRoute route, PaymentRequirements requirements, PaymentPayload payment, int version, String payer,
            SettleResponse settled, TrackedRequest tracking) implements GateResult {
        public Admitted {
            java.util.Objects.requireNonNull(tracking, "tracking");
        }
    }
}
