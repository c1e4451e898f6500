package dev.x402j.server;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/** True when the resolved {@link ServerSettings} limit some endpoint: guards the {@link RateLimitFilter}. */
public final class RateLimitCondition implements Condition {
    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public boolean matches(ConditionContext context) {
        try {
            return context.getBean(ServerSettings.class).rateLimit().enabled();
        } catch (RuntimeException badSettings) {
            // Bad settings fail start-up where the facilitator is built, with their own message.
            return false;
        }
    }
}
