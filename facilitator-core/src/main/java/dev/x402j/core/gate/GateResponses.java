package dev.x402j.core.gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.wire.MalformedPaymentException;
import dev.x402j.core.wire.PaymentHeaders;
import dev.x402j.core.wire.V1;
import dev.x402j.core.wire.X402Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gate itself answers, in the protocol version the client spoke: the 402 with the route's offers (JSON, or
 * the paywall page for a browser), the 400 for a malformed payment, the 502 when the facilitator is down, and the
 * {@code PAYMENT-RESPONSE} header of a settlement. Thread-safe.
 */
final class GateResponses {
    // Logged under the gate's name, as before these responses had a class of their own: log configurations keep working.
    private static final Logger log = LoggerFactory.getLogger(PaymentGate.class);

    private final RouteOffers offers;
    private final NetworkRegistry networks;

    GateResponses(RouteOffers offers, NetworkRegistry networks) {
        this.offers = offers;
        this.networks = networks;
    }

    /** A 402 for {@code route} saying {@code error}; with the gate's own offers when the facilitator cannot complete them. */
    GateResult.Respond paymentRequired(PaidRoute route, ResourceInfo resource, String error, int version, boolean html) {
        List<PaymentRequirements> offers;
        try {
            offers = this.offers.current(route, resource);
        } catch (FacilitatorUnavailableException e) {
            offers = this.offers.own(route);
        }
        PaymentRequired required = PaymentRequired.of(resource, offers, error);
        Map<String, String> headers = Map.of(PaymentHeaders.PAYMENT_REQUIRED, PaymentHeaders.encode(required));
        if (html) {
            return new GateResult.Respond(402, headers, "text/html; charset=utf-8",
                    Paywall.html(required, networks).getBytes(StandardCharsets.UTF_8));
        }
        if (version == 1) {
            ObjectNode v1 = X402Json.mapper().createObjectNode();
            v1.put("x402Version", 1);
            v1.put("error", error);
            ArrayNode accepts = v1.putArray("accepts");
            offers.forEach(o -> accepts.add(V1.requirementsToV1(o, resource, networks)));
            return json(402, headers, v1);
        }
        return json(402, headers, X402Json.mapper().valueToTree(required));
    }

    /** A 400 naming what is wrong with the payment header. */
    static GateResult.Respond malformedPayment(MalformedPaymentException e) {
        return json(400, Map.of(), error(e.reason().wire(), e.getMessage()));
    }

    static GateResult.Respond facilitatorDown(FacilitatorUnavailableException e) {
        log.warn("facilitator unavailable: {}", e.getMessage());
        return json(502, Map.of(), error("facilitator_unavailable", "the payment facilitator could not be reached; retry later"));
    }

    /** The settlement's response header: {@code X-PAYMENT-RESPONSE} for a v1 client, else {@code PAYMENT-RESPONSE}. */
    Map<String, String> paymentResponseHeader(SettleResponse settlement, int version) {
        settlement = settlement.withoutSettlementOwner(); // between facilitator and gate; not the client's business
        if (version == 1) {
            return Map.of(PaymentHeaders.X_PAYMENT_RESPONSE, PaymentHeaders.encode(V1.settleResponseToV1(settlement, networks)));
        }
        return Map.of(PaymentHeaders.PAYMENT_RESPONSE, PaymentHeaders.encode(settlement));
    }

    private static ObjectNode error(String code, String message) {
        return X402Json.mapper().createObjectNode().put("error", code).put("message", message);
    }

    private static GateResult.Respond json(int status, Map<String, String> headers, Object body) {
        return new GateResult.Respond(status, headers, "application/json", X402Json.write(body));
    }
}
