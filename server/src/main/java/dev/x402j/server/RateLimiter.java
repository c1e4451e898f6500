package dev.x402j.server;

import dev.x402j.store.redis.RedisRateLimiter;
import java.time.Duration;
import java.util.Objects;

/**
 * A fixed-window rate limiter: at most {@link #limit()} permits per client in each window of {@link #window()}. A
 * client's window starts with its first permit; a refused request takes nothing. Two implementations with the same
 * semantics: {@link InMemoryRateLimiter} (one instance) and {@link #redis(RedisRateLimiter)} (every instance sharing
 * the Redis).
 *
 * <p>This is a port of the server, not of the core: what to limit, per whom, and what a refusal looks like are HTTP
 * concerns. Implementations are thread-safe.
 */
interface RateLimiter {

    /** Permits per client and window. */
    long limit();

    Duration window();

    /**
     * Takes one permit for {@code client} if its window allows it.
     *
     * @throws RuntimeException if the store that holds the counts fails (the caller fails open)
     */
    Decision tryAcquire(String client);

    /**
     * The outcome of one request.
     *
     * @param allowed whether the permit was granted
     * @param limit permits per window
     * @param remaining permits left in the client's current window after this request
     * @param resetAfter time until the client's current window ends
     */
    record Decision(boolean allowed, long limit, long remaining, Duration resetAfter) {
        public Decision {
            Objects.requireNonNull(resetAfter, "resetAfter");
        }

        /** {@link #resetAfter()} in whole seconds, rounded up, at least 1: {@code Retry-After}, {@code RateLimit-Reset}. */
        long resetSeconds() {
            long ms = Math.max(1, resetAfter.toMillis());
            return (ms + 999) / 1000;
        }
    }

    /** The counts in Redis ({@code <prefix>ratelimit:<name>:<client>}), shared by every instance using that Redis. */
    static RateLimiter redis(RedisRateLimiter limiter) {
        Objects.requireNonNull(limiter, "limiter");
        return new RateLimiter() {
            @Override
            public long limit() {
                return limiter.limit();
            }

            @Override
            public Duration window() {
                return limiter.window();
            }

            @Override
            public Decision tryAcquire(String client) {
                RedisRateLimiter.Decision d = limiter.tryAcquire(client);
                return new Decision(d.allowed(), limiter.limit(), d.remaining(), d.resetAfter());
            }

            @Override
            public String toString() {
                return limiter.toString();
            }
        };
    }
}
