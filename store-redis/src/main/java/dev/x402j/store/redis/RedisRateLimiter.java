package dev.x402j.store.redis;

import dev.x402j.core.StoreUnavailableException;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A fixed-window rate limiter shared by every instance that uses the same Redis: at most {@link #limit()} permits per
 * key in each window of {@link #window()}. A key's window starts with its first permit and its counter
 * ({@code <prefix>ratelimit:<name>:<key>}) expires with the window; the check and the increment are one Lua script,
 * and a refused request takes nothing. Fixed windows allow up to twice the limit across a window boundary; that is the
 * price of one key and one round trip per request.
 *
 * <pre>{@code
 * RedisRateLimiter perPayer = stores.rateLimiter("settle-per-payer", 10, Duration.ofMinutes(1));
 * RedisRateLimiter.Decision d = perPayer.tryAcquire(payer);
 * if (!d.allowed()) {
 *     // 429 with Retry-After: d.retryAfter().toSeconds()
 * }
 * }</pre>
 *
 * <p>Thread-safe. Obtain it from {@link RedisStores#rateLimiter(String, long, Duration)}.
 */
public final class RedisRateLimiter {
    private static final LuaScript RATE_LIMIT = LuaScript.load("rate-limit", false);

    private final RedisGateway redis;
    private final String name;
    private final String keyPrefix;
    private final long limit;
    private final Duration window;

    RedisRateLimiter(RedisGateway redis, String storesPrefix, String name, long limit, Duration window) {
        this.redis = redis;
        this.name = name;
        this.keyPrefix = storesPrefix + "ratelimit:" + name + ":";
        this.limit = limit;
        this.window = window;
    }

    /**
     * The outcome of one request.
     *
     * @param allowed whether the permits were granted
     * @param remaining permits left in the current window after this request
     * @param resetAfter time until the current window ends and the count starts again
     */
    public record Decision(boolean allowed, long remaining, Duration resetAfter) {
        /** How long a refused caller should wait ({@code Retry-After}); zero when allowed. */
        public Duration retryAfter() {
            return allowed ? Duration.ZERO : resetAfter;
        }
    }

    public String name() {
        return name;
    }

    /** Permits per key and window. */
    public long limit() {
        return limit;
    }

    public Duration window() {
        return window;
    }

    /** Takes one permit for {@code key} if the window allows it. */
    public Decision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    /**
     * Takes {@code permits} for {@code key} if the window allows all of them; otherwise takes none.
     *
     * @throws RedisStoreException if Redis fails, {@link StoreUnavailableException} if it cannot be reached: the
     *     caller decides whether to fail open or closed
     */
    public Decision tryAcquire(String key, long permits) {
        Objects.requireNonNull(key, "key");
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, got " + permits);
        }
        String op = "rate limit " + name;
        List<?> reply = Replies.list(op, redis.script(op, RATE_LIMIT, ScriptOutputType.MULTI, new String[] {counterKey(key)},
                Long.toString(limit), Long.toString(window.toMillis()), Long.toString(permits)));
        if (reply.size() != 3
                || !(reply.get(0) instanceof Long allowed)
                || !(reply.get(1) instanceof Long remaining)
                || !(reply.get(2) instanceof Long resetMillis)) {
            throw Replies.unexpected(op, reply);
        }
        return new Decision(allowed == 1L, remaining, Duration.ofMillis(resetMillis));
    }

    String counterKey(String key) {
        return keyPrefix + key;
    }

    @Override
    public String toString() {
        return "RedisRateLimiter[" + name + ", " + limit + " per " + window + "]";
    }
}
