package dev.x402j.core;

import dev.x402j.core.model.SettleResponse;

/**
 * Policy and observation around verify and settle. Hooks run in registration order. A before-hook may refuse the
 * payment by returning {@link HookDecision.Abort}; the first refusal wins and later hooks are not asked. After- and
 * failure-hooks only observe: they cannot change a result, and one that throws is logged and ignored.
 * Implement only the methods you need. Implementations must be thread-safe.
 */
public interface FacilitatorHook {
    default HookDecision beforeVerify(PaymentContext context) {
        return HookDecision.proceed();
    }

    default void afterVerify(PaymentContext context, VerifyResult.Valid result) {}

    /** Called for an invalid payment and for a fault ({@code unexpected_verify_error}). */
    default void onVerifyFailure(PaymentContext context, VerifyResult.Invalid result) {}

    default HookDecision beforeSettle(PaymentContext context) {
        return HookDecision.proceed();
    }

    default void afterSettle(PaymentContext context, SettleResponse response) {}

    /** Called for every settle answer that is not a success, {@code settlement_pending} included. */
    default void onSettleFailure(PaymentContext context, SettleResponse response) {}
}
