package dev.x402j.server;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Applies the {@link RateLimits} to {@code POST /verify}, {@code POST /settle} and {@code POST /accepts} (however the
 * path is spelt: {@code /settle/}, {@code //settle}…, see {@link RateLimits#normalise}) before their
 * body is read: a refused request is answered 429 at once, an allowed one gets the {@code RateLimit-*} headers on its
 * answer. The client is the connection's peer ({@link HttpRequest#getRemoteAddress()}, never Micronaut's client
 * address resolver, which believes forwarding headers), or {@code X-Forwarded-For} behind trusted proxies; a request
 * with a valid API key ({@link ApiKeys}) is counted per key instead. Runs on a
 * virtual thread: with Redis, a check is a round trip. Absent when no limit is configured.
 */
@Requires(condition = RateLimitCondition.class)
// Every POST: the path is matched after normalising it (RateLimits.normalise), as the router routes /settle/ too.
@ServerFilter(patterns = "/**", methods = HttpMethod.POST)
final class RateLimitFilter implements Ordered {
    /** The request attribute holding an allowed request's decision, for its answer's headers. */
    static final String DECISION = RateLimitFilter.class.getName() + ".decision";

    private final RateLimits limits;
    private final ApiKeys keys;

    RateLimitFilter(RateLimits limits, ApiKeys keys) {
        this.limits = limits;
        this.keys = keys;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    HttpResponse<?> check(HttpRequest<?> request) {
        if (!limits.enabled()) {
            return null;
        }
        InetSocketAddress remote = request.getRemoteAddress();
        Optional<RateLimiter.Decision> decision = limits.check(request.getPath(),
                remote == null ? null : remote.getAddress(),
                request.getHeaders().getAll(ClientAddress.X_FORWARDED_FOR), keys.fingerprint(request));
        if (decision.isEmpty()) {
            return null;
        }
        if (!decision.get().allowed()) {
            return limits.refusal(request.getPath(), decision.get());
        }
        request.setAttribute(DECISION, decision.get());
        return null;
    }

    @ResponseFilter
    void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(DECISION, RateLimiter.Decision.class)
                .filter(d -> !response.getHeaders().contains(RateLimits.LIMIT_HEADER))
                .ifPresent(d -> RateLimits.headers(response, d));
    }
}
