package dev.x402j.core;

import dev.x402j.core.model.SettleResponse;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FacilitatorHook}s of a facilitator, asked in registration order: the first before-hook that aborts wins
 * and later ones are not asked; every after-hook is told, and one that throws is logged and ignored. Immutable;
 * thread-safe as far as its hooks are.
 */
final class HookChain {
    // The facade's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(Facilitator.class);

    private final List<FacilitatorHook> hooks;

    HookChain(List<FacilitatorHook> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    Optional<HookDecision.Abort> beforeVerify(PaymentContext ctx) {
        return firstAbort(h -> h.beforeVerify(ctx));
    }

    Optional<HookDecision.Abort> beforeSettle(PaymentContext ctx) {
        return firstAbort(h -> h.beforeSettle(ctx));
    }

    private Optional<HookDecision.Abort> firstAbort(Function<FacilitatorHook, HookDecision> ask) {
        for (FacilitatorHook hook : hooks) {
            if (ask.apply(hook) instanceof HookDecision.Abort abort) {
                return Optional.of(abort);
            }
        }
        return Optional.empty();
    }

    void afterVerify(PaymentContext ctx, VerifyResult result) {
        switch (result) {
            case VerifyResult.Valid v -> each(h -> h.afterVerify(ctx, v), "afterVerify");
            case VerifyResult.Invalid i -> each(h -> h.onVerifyFailure(ctx, i), "onVerifyFailure");
        }
    }

    void afterSettle(PaymentContext ctx, SettleResponse response) {
        if (response.success()) {
            each(h -> h.afterSettle(ctx, response), "afterSettle");
        } else {
            each(h -> h.onSettleFailure(ctx, response), "onSettleFailure");
        }
    }

    private void each(Consumer<FacilitatorHook> call, String what) {
        for (FacilitatorHook hook : hooks) {
            try {
                call.accept(hook);
            } catch (RuntimeException e) {
                log.warn("hook {}.{} threw {}; ignored", hook.getClass().getName(), what, e.toString());
            }
        }
    }
}
