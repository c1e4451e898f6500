package dev.x402j.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.TrackedPayment;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.wire.X402Json;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' read endpoints over the facilitator's {@link TrackingStore} ({@link Facilitator#tracking()}): the
 * records of paid requests, with filters and paging, and statistics over a time range. Guarded by {@link AdminFilter}
 * ({@link AdminAccess}: a bearer admin token, or open in dev mode without one).
 *
 * <ul>
 *   <li>{@code GET /tracking/payments?network=&payer=&status=&from=&to=&limit=&offset=}: newest first;
 *       {@code network} a name or CAIP-2 id, {@code payer} any case, {@code status} e.g. {@code settled},
 *       {@code from}/{@code to} ISO-8601 instants bounding {@code startedAt} ({@code [from, to)}), {@code limit} 1..1000
 *       (default 50), {@code offset} 0 or more. Answers {@code {total, limit, offset, items[]}}.
 *   <li>{@code GET /tracking/payments/{id}}: one record, or 404.
 *   <li>{@code GET /tracking/stats?from=&to=}: {@code to} defaults to now, {@code from} to 24 hours before {@code to}. Answers {@code {from, to, count, settled,
 *       failed, successRate, volume[{network, networkName?, asset, amount}], p50LatencyMs, p95LatencyMs}}.
 * </ul>
 *
 * A bad or unknown parameter is answered 400 {@code {"error": "invalid_query", "message": …}} naming it; a store that
 * cannot be read, 503 {@code tracking_unavailable}. Amounts are strings of atomic units.
 */
@Controller("/tracking")
@ExecuteOn(TaskExecutors.BLOCKING)
final class TrackingController {
    private static final Logger log = LoggerFactory.getLogger(TrackingController.class);

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final Duration DEFAULT_STATS_WINDOW = Duration.ofHours(24);
    private static final Set<String> LIST_PARAMETERS = Set.of("network", "payer", "status", "from", "to", "limit", "offset");
    private static final Set<String> STATS_PARAMETERS = Set.of("from", "to");

    private final TrackingStore store;
    private final NetworkRegistry networks;
    private final Clock clock;

    TrackingController(Facilitator facilitator, Clock clock) {
        this.store = facilitator.tracking();
        this.networks = facilitator.networks();
        this.clock = clock;
    }

    /** A query parameter that cannot be used; answered 400. */
    static final class BadQuery extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadQuery(String message) {
            super(message, null, false, false);
        }
    }

    @Get(uri = "/payments", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> payments(HttpRequest<?> request) {
        TrackingStore.Query query;
        try {
            Map<String, String> p = parameters(request, LIST_PARAMETERS);
            Instant from = instant(p, "from");
            Instant to = instant(p, "to");
            requireOrdered(from, to);
            query = new TrackingStore.Query(
                    network(p.get("network")),
                    blankToNull(p.get("payer")),
                    status(p.get("status")),
                    from,
                    to,
                    integer(p, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                    integer(p, "offset", 0, 0, Integer.MAX_VALUE));
        } catch (BadQuery e) {
            return badQuery(e);
        }
        TrackingStore.Page page;
        try {
            page = store.list(query);
        } catch (RuntimeException e) {
            return unavailable("list", e);
        }
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("total", page.total());
        body.put("limit", query.limit());
        body.put("offset", query.offset());
        ArrayNode items = body.putArray("items");
        page.items().forEach(item -> items.add(json(item)));
        return ok(body);
    }

    @Get(uri = "/payments/{id}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> payment(@PathVariable String id, HttpRequest<?> request) {
        try {
            parameters(request, Set.of());
        } catch (BadQuery e) {
            return badQuery(e);
        }
        Optional<TrackedPayment> found;
        try {
            found = store.find(id);
        } catch (RuntimeException e) {
            return unavailable("find", e);
        }
        return found.map(p -> ok(json(p)))
                .orElseGet(() -> JsonErrors.response(HttpStatus.NOT_FOUND, "not_found", "no tracked payment has this id"));
    }

    @Get(uri = "/stats", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> stats(HttpRequest<?> request) {
        Instant from;
        Instant to;
        try {
            Map<String, String> p = parameters(request, STATS_PARAMETERS);
            Instant givenFrom = instant(p, "from");
            Instant givenTo = instant(p, "to");
            to = givenTo != null ? givenTo : clock.instant();
            from = givenFrom != null ? givenFrom : to.minus(DEFAULT_STATS_WINDOW);
            if (!from.isBefore(to)) {
                throw new BadQuery("from must be before to");
            }
        } catch (BadQuery e) {
            return badQuery(e);
        }
        TrackingStore.Stats stats;
        try {
            stats = store.stats(from, to);
        } catch (RuntimeException e) {
            return unavailable("stats", e);
        }
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("count", stats.count());
        body.put("settled", stats.settled());
        body.put("failed", stats.failed());
        body.put("successRate", stats.successRate());
        ArrayNode volume = body.putArray("volume");
        stats.volume().forEach((key, amount) -> {
            int bar = key.indexOf('|');
            String network = bar < 0 ? key : key.substring(0, bar);
            ObjectNode v = volume.addObject();
            v.put("network", network);
            networkName(network).ifPresent(name -> v.put("networkName", name));
            v.put("asset", bar < 0 ? null : key.substring(bar + 1));
            v.put("amount", amount.toString());
        });
        body.put("p50LatencyMs", millis(stats.p50Latency()));
        body.put("p95LatencyMs", millis(stats.p95Latency()));
        return ok(body);
    }

    // ------------------------------------------------------------------------------------------------ parsing

    /** The request's parameters, each given once, all known. */
    private static Map<String, String> parameters(HttpRequest<?> request, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> unknown = new TreeSet<>();
        for (String name : request.getParameters().names()) {
            List<String> all = request.getParameters().getAll(name);
            if (!known.contains(name)) {
                unknown.add(name);
            } else if (all.size() > 1) {
                throw new BadQuery("parameter " + name + " is given " + all.size() + " times");
            } else if (!all.isEmpty()) {
                values.put(name, all.getFirst().strip());
            }
        }
        if (!unknown.isEmpty()) {
            throw new BadQuery("unknown parameter" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + (known.isEmpty() ? "; this endpoint takes none" : "; known: " + String.join(", ", new TreeSet<>(known))));
        }
        return values;
    }

    private String network(String given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        Optional<Network> known = networks.resolve(given);
        if (known.isPresent()) {
            return known.get().chainId().toString();
        }
        try {
            return ChainId.parse(given).toString(); // a CAIP-2 id this server has no name for: records may still have it
        } catch (IllegalArgumentException e) {
            throw new BadQuery("network '" + given + "' is neither a known network name nor a CAIP-2 id");
        }
    }

    private static TrackedPayment.Status status(String given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        try {
            return TrackedPayment.Status.valueOf(given.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadQuery("status must be one of " + Arrays.stream(TrackedPayment.Status.values())
                    .map(TrackingController::wire).collect(Collectors.joining(", ")));
        }
    }

    private static Instant instant(Map<String, String> p, String name) {
        String given = p.get(name);
        if (given == null || given.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(given);
        } catch (DateTimeParseException e) {
            throw new BadQuery(name + " must be an ISO-8601 instant such as 2025-06-01T00:00:00Z");
        }
    }

    private static void requireOrdered(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadQuery("from must be before to");
        }
    }

    private static int integer(Map<String, String> p, String name, int fallback, int min, int max) {
        String given = p.get(name);
        if (given == null || given.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(given);
        } catch (NumberFormatException e) {
            throw new BadQuery(name + " must be a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max));
        }
        if (value < min || value > max) {
            throw new BadQuery(name + " must be a whole number from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max));
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ---------------------------------------------------------------------------------------------- rendering

    private ObjectNode json(TrackedPayment p) {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("id", p.id());
        o.put("startedAt", p.startedAt().toString());
        if (p.finishedAt() != null) {
            o.put("finishedAt", p.finishedAt().toString());
            o.put("latencyMs", millis(p.latency()));
        }
        putIfPresent(o, "method", p.method());
        putIfPresent(o, "resource", p.resource());
        putIfPresent(o, "scheme", p.scheme());
        putIfPresent(o, "network", p.network());
        if (p.network() != null) {
            networkName(p.network()).ifPresent(name -> o.put("networkName", name));
        }
        putIfPresent(o, "asset", p.asset());
        if (p.amount() != null) {
            o.put("amount", p.amount().toString());
        }
        putIfPresent(o, "payer", p.payer());
        o.put("status", wire(p.status()));
        putIfPresent(o, "errorReason", p.errorReason());
        putIfPresent(o, "transaction", p.transaction());
        return o;
    }

    private Optional<String> networkName(String caip2) {
        return networks.resolve(caip2).map(Network::name);
    }

    private static void putIfPresent(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    static String wire(TrackedPayment.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** Milliseconds, to the microsecond. */
    static double millis(Duration d) {
        return (d.getSeconds() * 1_000_000L + d.getNano() / 1000) / 1000.0;
    }

    private static HttpResponse<byte[]> ok(ObjectNode body) {
        return HttpResponse.ok(X402Json.write(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static HttpResponse<byte[]> badQuery(BadQuery e) {
        return JsonErrors.response(HttpStatus.BAD_REQUEST, "invalid_query", e.getMessage());
    }

    private static HttpResponse<byte[]> unavailable(String operation, RuntimeException e) {
        log.warn("tracking {}: the tracking store failed: {}", operation, e.getClass().getName());
        log.debug("tracking {} failure", operation, e);
        return JsonErrors.response(HttpStatus.SERVICE_UNAVAILABLE, "tracking_unavailable",
                "the tracking store could not be read; retry later");
    }
}
