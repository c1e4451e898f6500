package dev.x402j.server;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/** Guards the operators' endpoints ({@code /tracking/**}) as {@link AdminAccess} decides, before any other work. */
@ServerFilter("/tracking/**")
final class AdminFilter implements Ordered {
    private final AdminAccess access;

    AdminFilter(AdminAccess access) {
        this.access = access;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        return access.refusal(request).orElse(null);
    }
}
