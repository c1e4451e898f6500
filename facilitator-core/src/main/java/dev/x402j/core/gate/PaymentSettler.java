package dev.x402j.core.gate;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles an admitted payment once its handler ran (unless it was settled before the handler) and says how the
 * response completes: a failed handler is not charged; a settlement still pending on-chain delivers; a failed one
 * replaces the response with a 402, and so does one whose settlement another settle call owns (the facilitator says so
 * in {@link SettleResponse#settlementOwner()}): one payment buys one response, even across gate instances. Records the settlement on the request's {@link TrackedRequest}. Thread-safe.
 */
final class PaymentSettler {
    // Logged under the gate's name, as before settling had a class of its own: log configurations keep working.
    private static final Logger log = LoggerFactory.getLogger(PaymentGate.class);

    private final FacilitatorClient facilitator;
    private final GateResponses responses;

    /** The 402's reason when the facilitator says another settle call owns the payment. */
    static final String JOINED = ErrorReason.DUPLICATE_SETTLEMENT.wire()
            + ": this payment was already used for another request";

    /**
     * The facilitator says another settle call owns this payment's settlement ({@code x402jSettlement.owner} false).
     * A facilitator that does not say (the official one) is taken at its word, as before.
     */
    static boolean joinedAnother(SettleResponse settlement) {
        return settlement.settlementOwner().map(owner -> !owner).orElse(false);
    }

    PaymentSettler(FacilitatorClient facilitator, GateResponses responses) {
        this.facilitator = facilitator;
        this.responses = responses;
    }

    PaymentGate.Completion settle(GateResult.Admitted admitted, int handlerStatus, TrackedRequest tracked) {
        SettleResponse settlement = admitted.settled();
        if (settlement == null) {
            if (handlerStatus >= 400) {
                tracked.notCharged(PaymentGate.HANDLER_FAILED);
                return new PaymentGate.Completion.Deliver(Map.of(), null);
            }
            try {
                settlement = facilitator.settle(new FacilitatorRequest(2, admitted.payment(), admitted.requirements()));
            } catch (FacilitatorUnavailableException e) {
                log.warn("settlement of a {} payment failed: {}", admitted.requirements().network(), e.getMessage());
                tracked.settleFailed(PaymentGate.FACILITATOR_UNAVAILABLE);
                return new PaymentGate.Completion.Refuse(GateResponses.facilitatorDown(e));
            }
            if (joinedAnother(settlement)) {
                // Another request (here or at another gate instance) owns this payment's settlement: it is served
                // there; serving it here too would sell one payment twice.
                tracked.settleFailed(ErrorReason.DUPLICATE_SETTLEMENT.wire());
                return new PaymentGate.Completion.Refuse(responses.paymentRequired(admitted.route(),
                        admitted.payment().resource(), JOINED, admitted.version(), false));
            }
            tracked.settled(settlement);
        }
        boolean pending = ErrorReason.SETTLEMENT_PENDING.wire().equals(settlement.errorReason());
        if (!settlement.success() && !pending) {
            ResourceInfo resource = admitted.payment().resource();
            return new PaymentGate.Completion.Refuse(responses.paymentRequired(
                    admitted.route(), resource, settlement.errorReason(), admitted.version(), false));
        }
        return new PaymentGate.Completion.Deliver(responses.paymentResponseHeader(settlement, admitted.version()), settlement);
    }
}
