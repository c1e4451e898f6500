package dev.x402j.server;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Guards the facilitator API as {@link ApiKeys} decide, before its body is read. Every path is seen and normalised
 * ({@code /settle/} is routed like {@code /settle}). Runs just after the rate limit, so that guessing keys is limited
 * per client too.
 */
@ServerFilter("/**")
final class ApiKeyFilter implements Ordered {
    private final ApiKeys keys;

    ApiKeyFilter(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order() + 1;
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        return keys.refusal(request).orElse(null);
    }
}
