package dev.x402j.core;

import java.util.Objects;

/** What a before-hook decides: let the payment proceed, or refuse it with a reason the client will see. */
public sealed interface HookDecision {
    record Proceed() implements HookDecision {}

    record Abort(ErrorReason reason, String message) implements HookDecision {
        public Abort {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static HookDecision proceed() {
        return new Proceed();
    }

    static HookDecision abort(String message) {
        return new Abort(ErrorReason.PAYMENT_REJECTED_BY_POLICY, message);
    }

    static HookDecision abort(ErrorReason reason, String message) {
        return new Abort(reason, message);
    }
}
