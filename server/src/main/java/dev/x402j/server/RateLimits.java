package dev.x402j.server;

import dev.x402j.store.redis.RedisStores;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's rate limit, as {@link RateLimitSettings} configure it: which endpoint counts against which
 * {@link RateLimiter}, who the client is ({@link ClientAddress}), what a refusal and the headers look like.
 *
 * <ul>
 *   <li>{@code POST /verify} and {@code POST /accepts} count against the limiter {@value #REQUESTS}
 *       ({@code X402J_RATE_LIMIT}); {@code POST /settle} against {@value #SETTLE} ({@code X402J_RATE_LIMIT_SETTLE},
 *       by default the same number), counted apart, so a resource server's verify-then-settle of one payment takes
 *       one permit of each. {@code /supported} (answered from memory), {@code /health} and everything else are never
 *       counted.
 *   <li>With Redis configured the counts are in Redis, shared by every instance; else each instance counts in memory.
 *   <li>Refused: 429 {@code {"error": "rate_limited", "message": …}} with {@code Retry-After} (seconds). Allowed and
 *       refused answers carry {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}
 *       (seconds).
 *   <li><b>Fails open.</b> If the limiter cannot answer (Redis down or slow), the request is served without a limit and
 *       a warning is logged, at most one per {@link #WARNING_INTERVAL} with the count of those held back: a payment is
 *       never refused because the limiter's store is down (the endpoint itself then answers as its stores allow).
 * </ul>
 *
 * <p>Thread-safe.
 */
final class RateLimits {
    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    /** The limiter of {@code /verify} and {@code /accepts}. */
    static final String REQUESTS = "requests";
    /** The limiter of {@code /settle}. */
    static final String SETTLE = "settle";
    static final String RATE_LIMITED = "rate_limited";
    static final Duration WARNING_INTERVAL = Duration.ofSeconds(30);

    static final String RETRY_AFTER = "Retry-After";
    static final String LIMIT_HEADER = "RateLimit-Limit";
    static final String REMAINING_HEADER = "RateLimit-Remaining";
    static final String RESET_HEADER = "RateLimit-Reset";

    private final RateLimiter requests; // null: not limited
    private final RateLimiter settle; // null: not limited
    private final ClientAddress clients;
    private final String counted;
    private final Clock clock;
    private final Consumer<String> warnings;
    private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong heldBack = new AtomicLong();

    RateLimits(Optional<RateLimiter> requests, Optional<RateLimiter> settle, ClientAddress clients, String counted,
            Clock clock, Consumer<String> warnings) {
        this.requests = requests.orElse(null);
        this.settle = settle.orElse(null);
        this.clients = Objects.requireNonNull(clients, "clients");
        this.counted = Objects.requireNonNull(counted, "counted");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * The limits the settings ask for: in Redis when the server has one (shared by every instance), else in memory.
     *
     * @param redisDescription where the Redis is, for the log (never its URL)
     */
    static RateLimits create(RateLimitSettings settings, Optional<RedisStores> redis, String redisDescription,
            Clock clock) {
        String counted = redis.isPresent()
                ? "counted in " + redisDescription + ", shared by every instance using it"
                : "counted in memory, per instance";
        return new RateLimits(
                limiter(REQUESTS, settings.requests(), settings, redis, clock),
                limiter(SETTLE, settings.settleRequests(), settings, redis, clock),
                new ClientAddress(settings.trustedProxies()), counted, clock, log::warn);
    }

    private static Optional<RateLimiter> limiter(
            String name, long limit, RateLimitSettings settings, Optional<RedisStores> redis, Clock clock) {
        if (limit == 0) {
            return Optional.empty();
        }
        return Optional.of(redis
                .map(r -> RateLimiter.redis(r.rateLimiter(name, limit, settings.window())))
                .orElseGet(() -> new InMemoryRateLimiter(name, limit, settings.window(), clock)));
    }

    /** The limiter that counts requests to {@code path} (as sent: it is {@linkplain #normalise normalised}), if any. */
    Optional<RateLimiter> limiterFor(String path) {
        return Optional.ofNullable(switch (normalise(path)) {
            case "/verify", "/accepts" -> requests;
            case "/settle" -> settle;
            default -> null;
        });
    }

    /**
     * The path as the router sees it, so that {@code /settle/}, {@code //settle}, {@code /x/../settle} or
     * {@code /%73ettle}, which reach the same endpoint, count as {@code /settle}: each segment percent-decoded, empty
     * and {@code .} segments dropped, {@code ..} taking the one before, no trailing slash. A malformed escape leaves its
     * segment as sent (the router does not route it either).
     */
    static String normalise(String path) {
        if (path == null) {
            return "/";
        }
        int query = path.indexOf('?');
        String p = query >= 0 ? path.substring(0, query) : path;
        ArrayDeque<String> segments = new ArrayDeque<>();
        for (String raw : p.split("/")) {
            String segment = decode(raw);
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        return "/" + String.join("/", segments);
    }

    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            // URLDecoder turns '+' into a blank, which a path does not: keep '+' literal.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    /** Whether any endpoint is limited. */
    boolean enabled() {
        return requests != null || settle != null;
    }

    /**
     * Counts a request.
     *
     * @param path the request's path
     * @param remote the connection's peer
     * @param forwardedFor the values of {@code X-Forwarded-For}
     * @param apiKey the fingerprint of the request's valid API key: then the client is that key, wherever it calls from
     * @return the limiter's decision; empty when the path is not limited or the limiter failed (fail open)
     */
    Optional<RateLimiter.Decision> check(String path, InetAddress remote, List<String> forwardedFor) {
        return check(path, remote, forwardedFor, Optional.empty());
    }

    Optional<RateLimiter.Decision> check(String path, InetAddress remote, List<String> forwardedFor,
            Optional<String> apiKey) {
        Optional<RateLimiter> limiter = limiterFor(path);
        if (limiter.isEmpty()) {
            return Optional.empty();
        }
        // "key:" cannot start an address, so a key's count and an address's never mix.
        String client = apiKey.map(f -> "key:" + f).orElseGet(() -> clients.of(remote, forwardedFor));
        try {
            return Optional.of(limiter.get().tryAcquire(client));
        } catch (RuntimeException e) {
            failedOpen(path, e);
            return Optional.empty();
        }
    }

    /** The 429 of a refused request. */
    MutableHttpResponse<byte[]> refusal(String path, RateLimiter.Decision decision) {
        long retry = decision.resetSeconds();
        String what = normalise(path).equals("/settle") ? "/settle" : "/verify and /accepts together";
        MutableHttpResponse<byte[]> response = JsonErrors.response(HttpStatus.TOO_MANY_REQUESTS, RATE_LIMITED,
                "too many requests from this client: at most " + decision.limit() + " per "
                        + RateLimitSettings.describe(window(path)) + " to " + what + "; retry in " + retry + " s");
        response.header(RETRY_AFTER, Long.toString(retry));
        headers(response, decision);
        return response;
    }

    /** {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} (seconds). */
    static void headers(MutableHttpResponse<?> response, RateLimiter.Decision decision) {
        response.header(LIMIT_HEADER, Long.toString(decision.limit()));
        response.header(REMAINING_HEADER, Long.toString(decision.remaining()));
        response.header(RESET_HEADER, Long.toString(decision.resetSeconds()));
    }

    private Duration window(String path) {
        return limiterFor(path).map(RateLimiter::window).orElse(RateLimitSettings.DEFAULT_WINDOW);
    }

    private void failedOpen(String path, RuntimeException e) {
        long now = clock.millis();
        long due = nextWarning.get();
        if (now < due || !nextWarning.compareAndSet(due, now + WARNING_INTERVAL.toMillis())) {
            heldBack.incrementAndGet();
            return;
        }
        long held = heldBack.getAndSet(0);
        warnings.accept("rate limit of " + path + " could not be checked (" + summary(e) + "); the request was served"
                + " without a limit" + (held > 0 ? " (and " + held + " more since the last warning)" : ""));
    }

    /** The exception's class and the first line of its message, bounded: no stack trace, no URL beyond it. */
    private static String summary(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return t.getClass().getSimpleName();
        }
        int cut = message.indexOf('\n');
        String first = cut >= 0 ? message.substring(0, cut) : message;
        if (first.length() > 200) {
            first = first.substring(0, 200) + "…";
        }
        return t.getClass().getSimpleName() + ": " + first;
    }

    /** One line for the start-up log. */
    String describe() {
        if (!enabled()) {
            return "off (set " + GeneralSettings.variable(GeneralSettings.RATE_LIMIT) + " to limit /verify, /settle and /accepts per"
                    + " client)";
        }
        return "/verify and /accepts " + describe(requests) + ", /settle " + describe(settle) + ", per client by "
                + clients + "; " + counted;
    }

    private static String describe(RateLimiter limiter) {
        return limiter == null ? "unlimited"
                : limiter.limit() + " per " + RateLimitSettings.describe(limiter.window());
    }
}
