package dev.x402j.micronaut;

import dev.x402j.core.gate.GateResult;
import dev.x402j.core.model.SettleResponse;
import io.micronaut.http.HttpRequest;
import java.util.Optional;

/**
 * What the payment filter leaves on a paid request, for the controller and later filters: the verified payment
 * (payer, the offer paid) as soon as it is admitted, and the settlement once there is one — before the controller
 * with {@code x402j.gate.settle-before-handler}, otherwise after it (visible to response filters that run later).
 */
public final class PaymentAttributes {
    /** Request attribute holding the admitted {@link GateResult.Admitted} payment. */
    public static final String PAYMENT = "x402j.payment";
    /** Request attribute holding the {@link SettleResponse}. */
    public static final String SETTLEMENT = "x402j.settlement";

    private PaymentAttributes() {}

    /** The verified payment of this request, if it is a paid one. */
    public static Optional<GateResult.Admitted> payment(HttpRequest<?> request) {
        return request.getAttribute(PAYMENT, GateResult.Admitted.class);
    }

    /** The settlement of this request's payment, if it was settled already. */
    public static Optional<SettleResponse> settlement(HttpRequest<?> request) {
        return request.getAttribute(SETTLEMENT, SettleResponse.class);
    }
}
