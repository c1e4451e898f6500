package dev.x402j.core.gate;

import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.core.model.VerifyResponse;

/**
 * How a resource server reaches its facilitator: over HTTP ({@link HttpFacilitatorClient}) or in the same JVM
 * ({@link InProcessFacilitatorClient}). Faults (unreachable, 5xx, unreadable answer) are thrown as
 * {@link FacilitatorUnavailableException}; payment outcomes are returned.
 */
public interface FacilitatorClient {
    VerifyResponse verify(FacilitatorRequest request);

    SettleResponse settle(FacilitatorRequest request);

    SupportedResponse supported();

    /** Completes offers for a 402 (faremeter's {@code POST /accepts}); keeps only those the facilitator serves. */
    PaymentRequired accepts(PaymentRequired required);
}
