package dev.x402j.core.gate;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.wire.MalformedPaymentException;
import java.util.List;
import java.util.Optional;

/**
 * Decides a request to a paid route before its handler runs: without a payment, a 402 (the paywall page for a
 * browser); a malformed payment, a 400; one that matches none of the route's offers, is held by another request or is
 * invalid, a 402 saying why; the facilitator unreachable, a 502. Otherwise the payment, verified against the gate's own
 * offer (and settled, when the gate settles before the handler), is admitted. Records each step on the request's
 * {@link TrackedRequest}. Thread-safe.
 */
final class PaymentAdmission {
    private final FacilitatorClient facilitator;
    private final RouteOffers offers;
    private final PaymentHeaderReader headers;
    private final InFlightPayments inFlight;
    private final GateResponses responses;
    private final boolean settleBeforeHandler;

    PaymentAdmission(FacilitatorClient facilitator, RouteOffers offers, PaymentHeaderReader headers,
            InFlightPayments inFlight, GateResponses responses, boolean settleBeforeHandler) {
        this.facilitator = facilitator;
        this.offers = offers;
        this.headers = headers;
        this.inFlight = inFlight;
        this.responses = responses;
        this.settleBeforeHandler = settleBeforeHandler;
    }

    /** The answer to {@code request}, which falls under {@code route}; an admitted payment is held in flight. */
    GateResult decide(GateRequest request, PaidRoute route, TrackedRequest tracked) {
        ResourceInfo resource = new ResourceInfo(request.url(), route.description(), route.mimeType());

        Optional<PaymentHeaderReader.PaymentHeader> header = headers.find(request);
        if (header.isEmpty()) {
            // First contact: a browser gets the paywall page, a program the 402 JSON.
            tracked.paymentRequired(null);
            return responses.paymentRequired(route, resource, "Payment required", 2, request.wantsHtml());
        }
        int clientVersion = header.get().version();
        List<PaymentRequirements> offers;
        try {
            offers = this.offers.current(route, resource);
        } catch (FacilitatorUnavailableException e) {
            tracked.verifyFailed(PaymentGate.FACILITATOR_UNAVAILABLE, null);
            return GateResponses.facilitatorDown(e);
        }

        PaymentPayload payment;
        try {
            payment = headers.decode(header.get(), offers);
        } catch (MalformedPaymentException e) {
            tracked.verifyFailed(e.reason().wire(), null);
            return GateResponses.malformedPayment(e);
        }
        Optional<PaymentRequirements> offer = offers.stream().filter(o -> sameTerms(o, payment.accepted())).findFirst();
        if (offer.isEmpty()) {
            tracked.verifyFailed(ErrorReason.INVALID_PAYMENT_REQUIREMENTS.wire(), null);
            return responses.paymentRequired(route, resource, ErrorReason.INVALID_PAYMENT_REQUIREMENTS.wire()
                    + ": the payment does not match any offer of this route", clientVersion, false);
        }
        tracked.offered(offer.get());
        // The facilitator settles a payment once and answers every settle of it alike, but says which call owns it:
        // this guard stops a second request here early; one at another gate instance is stopped at settle.
        if (!inFlight.claim(payment, tracked)) {
            tracked.verifyFailed(ErrorReason.DUPLICATE_SETTLEMENT.wire(), null);
            return responses.paymentRequired(route, resource, ErrorReason.DUPLICATE_SETTLEMENT.wire()
                    + ": this payment is already in use by another request", clientVersion, false);
        }
        GateResult result = null;
        try {
            result = verifyAndAdmit(route, resource, payment, offer.get(), clientVersion, tracked);
            return result;
        } finally {
            if (!(result instanceof GateResult.Admitted)) {
                inFlight.release(payment, tracked);
            }
        }
    }

    private GateResult verifyAndAdmit(PaidRoute route, ResourceInfo resource, PaymentPayload payment,
            PaymentRequirements offer, int clientVersion, TrackedRequest tracked) {
        FacilitatorRequest verifyRequest = new FacilitatorRequest(2, payment, offer);
        VerifyResponse verified;
        try {
            verified = facilitator.verify(verifyRequest);
        } catch (FacilitatorUnavailableException e) {
            tracked.verifyFailed(PaymentGate.FACILITATOR_UNAVAILABLE, null);
            return GateResponses.facilitatorDown(e);
        }
        if (!verified.isValid()) {
            tracked.verifyFailed(verified.invalidReason(), verified.payer());
            return responses.paymentRequired(route, resource, verified.invalidReason(), clientVersion, false);
        }
        tracked.verified(verified.payer());
        SettleResponse settled = null;
        if (settleBeforeHandler) {
            tracked.write(); // settling may wait for the chain: the verification is on record meanwhile
            try {
                settled = facilitator.settle(verifyRequest);
            } catch (FacilitatorUnavailableException e) {
                tracked.settleFailed(PaymentGate.FACILITATOR_UNAVAILABLE);
                return GateResponses.facilitatorDown(e);
            } catch (RuntimeException | Error e) {
                tracked.settleFailed(ErrorReason.UNEXPECTED_SETTLE_ERROR.wire());
                throw e;
            }
            if (PaymentSettler.joinedAnother(settled)) {
                tracked.settleFailed(ErrorReason.DUPLICATE_SETTLEMENT.wire());
                return responses.paymentRequired(route, resource, PaymentSettler.JOINED, clientVersion, false);
            }
            tracked.settled(settled);
            if (!settled.success() && !ErrorReason.SETTLEMENT_PENDING.wire().equals(settled.errorReason())) {
                return responses.paymentRequired(route, resource, settled.errorReason(), clientVersion, false);
            }
        }
        tracked.write(); // verified (and settled, when before the handler): recorded before the handler runs
        return new GateResult.Admitted(route, offer, payment, clientVersion, verified.payer(), settled, tracked);
    }

    /** Same money, same place: scheme, network, exact amount, asset and recipient. */
    private static boolean sameTerms(PaymentRequirements offer, PaymentRequirements accepted) {
        return offer.scheme().equals(accepted.scheme())
                && offer.network().equals(accepted.network())
                && offer.amount().equals(accepted.amount())
                && offer.asset().equalsIgnoreCase(accepted.asset())
                && offer.payTo().equalsIgnoreCase(accepted.payTo());
    }
}
