package dev.x402j.micronaut;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.util.StringUtils;
import jakarta.inject.Singleton;

/** Sets the paid routes up when the application starts, so that a bad offer stops start-up, not a customer's request. */
@Singleton
@Requires(property = "x402j.gate.enabled", notEquals = StringUtils.FALSE)
final class PaidRoutesCheck implements ApplicationEventListener<StartupEvent> {
    private final BeanProvider<PaidRoutes> routes;

    PaidRoutesCheck(BeanProvider<PaidRoutes> routes) {
        this.routes = routes;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        routes.get();
    }
}
