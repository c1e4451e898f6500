package dev.x402j.core.gate;

import dev.x402j.core.Facilitator;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.core.model.VerifyResponse;
import java.util.Objects;

/** A {@link FacilitatorClient} for a {@link Facilitator} running in the same JVM: no network hop. */
public final class InProcessFacilitatorClient implements FacilitatorClient {
    private final Facilitator facilitator;

    public InProcessFacilitatorClient(Facilitator facilitator) {
        this.facilitator = Objects.requireNonNull(facilitator, "facilitator");
    }

    @Override
    public VerifyResponse verify(FacilitatorRequest request) {
        return facilitator.verify(request);
    }

    @Override
    public SettleResponse settle(FacilitatorRequest request) {
        return facilitator.settle(request);
    }

    @Override
    public SupportedResponse supported() {
        return facilitator.supported();
    }

    @Override
    public PaymentRequired accepts(PaymentRequired required) {
        return facilitator.accepts(required);
    }
}
