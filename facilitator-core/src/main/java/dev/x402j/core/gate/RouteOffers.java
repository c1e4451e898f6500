package dev.x402j.core.gate;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The offers of each paid route: the gate's own, resolved once when it is built, or, when it uses the facilitator's
 * {@code POST /accepts}, those as completed by the facilitator, cached. Thread-safe.
 */
final class RouteOffers {
    private final FacilitatorClient facilitator;
    private final boolean useAccepts;
    private final Duration acceptsTtl;
    private final Clock clock;
    private final Map<PaidRoute, List<PaymentRequirements>> own = new ConcurrentHashMap<>();
    private final Map<PaidRoute, Cached> acceptsCache = new ConcurrentHashMap<>();

    private record Cached(List<PaymentRequirements> offers, Instant until) {}

    RouteOffers(List<PaidRoute> routes, NetworkRegistry networks, FacilitatorClient facilitator, boolean useAccepts,
            Duration acceptsTtl, Clock clock) {
        this.facilitator = facilitator;
        this.useAccepts = useAccepts;
        this.acceptsTtl = acceptsTtl;
        this.clock = clock;
        // Resolve every price once, now: a bad offer stops start-up instead of failing a customer's request.
        for (PaidRoute r : routes) {
            own.put(r, r.offers().stream().map(o -> o.toRequirements(networks)).toList());
        }
    }

    /** The route's own requirements, as resolved when the gate was built; the first is its preferred offer. */
    List<PaymentRequirements> own(PaidRoute route) {
        return own.get(route);
    }

    /** The route's requirements: its own offers, or as completed by the facilitator's /accepts (cached). */
    List<PaymentRequirements> current(PaidRoute route, ResourceInfo resource) {
        List<PaymentRequirements> own = own(route);
        if (!useAccepts) {
            return own;
        }
        Cached cached = acceptsCache.get(route);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.until())) {
            return cached.offers();
        }
        List<PaymentRequirements> completed = facilitator.accepts(PaymentRequired.of(resource, own, null)).accepts();
        // Offers carrying a recent blockhash go stale within a minute: never cache those.
        boolean timeDependent = completed.stream().anyMatch(r -> r.extra().has("recentBlockhash"));
        if (!timeDependent) {
            acceptsCache.put(route, new Cached(completed, now.plus(acceptsTtl)));
        }
        return completed;
    }
}
