package dev.x402j.server;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;

/** True when the resolved {@link ServerSettings} run the server in dev mode: guards the {@code /dev} beans. */
public final class DevModeCondition implements Condition {
    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public boolean matches(ConditionContext context) {
        try {
            return context.getBean(ServerSettings.class).devMode();
        } catch (RuntimeException badSettings) {
            // Bad settings fail start-up where the facilitator is built, with their own message.
            return false;
        }
    }
}
