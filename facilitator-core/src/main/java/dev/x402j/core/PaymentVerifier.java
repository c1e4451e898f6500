package dev.x402j.core;

import dev.x402j.core.model.PaymentRequirements;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a payment: finds its scheme, refuses a payment of nothing, asks the before-verify hooks, lets the scheme
 * judge it, and tells the hooks the result. A bad payment and a fault are both a {@link VerifyResult.Invalid}, never an exception. Thread-safe.
 */
final class PaymentVerifier {
    // The facade's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(Facilitator.class);

    private final SchemeRegistry schemes;
    private final HookChain hooks;

    PaymentVerifier(SchemeRegistry schemes, HookChain hooks) {
        this.schemes = schemes;
        this.hooks = hooks;
    }

    VerifyResult verify(PaymentContext ctx) {
        VerifyResult result = checkedVerify(ctx);
        hooks.afterVerify(ctx, result);
        return result;
    }

    private VerifyResult checkedVerify(PaymentContext ctx) {
        PaymentRequirements req = ctx.requirements();
        Scheme scheme;
        try {
            scheme = schemes.forPayment(req);
        } catch (InvalidPaymentException e) {
            return VerifyResult.invalid(e.reason(), e.detail());
        }
        if (req.amount().signum() == 0) {
            // A payment of nothing would still cost the facilitator a transaction fee: refused before any chain work.
            return VerifyResult.invalid(ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                    "amount must be at least 1 atomic unit: a payment of 0 is not settled");
        }
        Optional<HookDecision.Abort> abort = hooks.beforeVerify(ctx);
        if (abort.isPresent()) {
            return VerifyResult.invalid(abort.get().reason(), abort.get().message());
        }
        try {
            return scheme.verify(ctx.payload(), req);
        } catch (InvalidPaymentException e) {
            return VerifyResult.invalid(e.reason(), e.detail());
        } catch (RuntimeException e) {
            log.warn("verify on {} failed: {}", req.network(), e.toString());
            return VerifyResult.invalid(ErrorReason.UNEXPECTED_VERIFY_ERROR, FaultMessage.of(e));
        }
    }
}
