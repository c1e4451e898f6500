package dev.x402j.core;

import dev.x402j.core.model.PaymentRequirements;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a payment: finds its scheme, refuses a payment of nothing, asks the before-verify hooks, lets the scheme
 * judge it, refuses a payment the settlement ledger already holds, and tells the hooks the result.
 *
 * <p>The ledger check comes after the scheme's: a payment settled on-chain keeps the chain's own reason (EVM: nonce
 * used), while one the chain does not show yet — claimed, submitted, {@code settlement_pending} — is
 * {@code duplicate_settlement}; otherwise a resource server that was answered {@code settlement_pending} could be
 * sent the same payment again and be told it is valid, and serve it again, until it is mined. A bad payment and a fault are both a {@link VerifyResult.Invalid}, never an exception. Thread-safe.
 */
final class PaymentVerifier {
    // The facade's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(Facilitator.class);

    private final SchemeRegistry schemes;
    private final HookChain hooks;
    private final SettlementStore settlements;

    PaymentVerifier(SchemeRegistry schemes, HookChain hooks, SettlementStore settlements) {
        this.schemes = schemes;
        this.hooks = hooks;
        this.settlements = settlements;
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
        VerifyResult result;
        try {
            result = scheme.verify(ctx.payload(), req);
        } catch (InvalidPaymentException e) {
            return VerifyResult.invalid(e.reason(), e.detail());
        } catch (RuntimeException e) {
            log.warn("verify on {} failed: {}", req.network(), e.toString());
            return VerifyResult.invalid(ErrorReason.UNEXPECTED_VERIFY_ERROR, FaultMessage.of(e));
        }
        return result instanceof VerifyResult.Valid ? notInLedger(scheme, ctx, result) : result;
    }

    /** {@code valid}, unless the ledger already holds this payment (in any state). A store fault fails closed. */
    private VerifyResult notInLedger(Scheme scheme, PaymentContext ctx, VerifyResult valid) {
        PaymentRequirements req = ctx.requirements();
        Optional<SettlementRecord> known;
        try {
            known = settlements.find(scheme.paymentId(ctx.payload(), req));
        } catch (InvalidPaymentException e) {
            return VerifyResult.invalid(e.reason(), e.detail(), valid.payer());
        } catch (RuntimeException e) {
            log.warn("verify on {}: the settlement ledger could not be read: {}", req.network(), e.toString());
            return VerifyResult.invalid(ErrorReason.UNEXPECTED_VERIFY_ERROR, FaultMessage.of(e), valid.payer());
        }
        if (known.isEmpty()) {
            return valid;
        }
        return VerifyResult.invalid(ErrorReason.DUPLICATE_SETTLEMENT,
                "this payment is already in the settlement ledger (" + known.get().state().name().toLowerCase(java.util.Locale.ROOT)
                        + "): it buys one response, and is settled or being settled",
                valid.payer());
    }
}
