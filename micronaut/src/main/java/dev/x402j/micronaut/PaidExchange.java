package dev.x402j.micronaut;

import dev.x402j.core.gate.GateResult;
import io.micronaut.http.HttpRequest;
import java.util.Optional;

/**
 * One paid request's way through the {@link PaymentFilter}, kept on the request: whether it was admitted, whether its
 * completion began, and whether its response is over ({@link PaymentRequestEnd}). These happen on different threads
 * and may race (a client may go away while its payment is being verified); this decides which side ends the
 * request. Thread-safe.
 *
 * @param <P> the admitted payment ({@link GateResult.Admitted} in the filter)
 */
final class PaidExchange<P> {
    /** Request attribute holding the exchange. */
    static final String ATTRIBUTE = "x402j.exchange";

    private P admitted;
    private boolean completing;
    private boolean ended;

    @SuppressWarnings("unchecked") // only the filter sets the attribute, always to a PaidExchange<GateResult.Admitted>
    static Optional<PaidExchange<GateResult.Admitted>> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE).map(e -> (PaidExchange<GateResult.Admitted>) e);
    }

    /** The payment was admitted; false when the response already ended (the caller then finishes it at once). */
    synchronized boolean admitted(P payment) {
        this.admitted = payment;
        return !ended;
    }

    /** True once, for an admitted request whose response has not ended: the caller completes it. */
    synchronized boolean startCompleting() {
        if (admitted == null || completing || ended) {
            return false;
        }
        completing = true;
        return true;
    }

    /** The response is over: the admitted payment to finish, unless its completion began. */
    synchronized Optional<P> ended() {
        ended = true;
        return completing ? Optional.empty() : Optional.ofNullable(admitted);
    }
}
