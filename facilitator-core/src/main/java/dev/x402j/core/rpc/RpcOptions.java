package dev.x402j.core.rpc;

import java.time.Duration;

/**
 * How a {@link JsonRpcClient} waits, retries and gives up. Immutable; start from {@link #defaults()} and change what
 * differs with the {@code with…} copies.
 *
 * @param connectTimeout   how long opening a connection to one endpoint may take (at most {@code requestTimeout}); a
 *                         provider that is down fails this fast and the call moves to the next endpoint
 * @param requestTimeout   how long one HTTP request (connect, send, answer) to one endpoint may take
 * @param callTimeout      the deadline of one call or batch, retries included: no retry starts after it, and a retry's
 *                         request may only use what is left of it
 * @param maxAttempts      how many HTTP requests one call or batch may make, over all endpoints (1 = no retry)
 * @param backoffBase      the pause before the second round over the endpoints; it doubles each round, with jitter
 * @param backoffCap       the longest pause between two rounds (a {@code Retry-After} may ask for longer, within the
 *                         deadline)
 * @param breakerThreshold after this many transport failures in a row an endpoint is skipped (its breaker opens)
 * @param breakerCoolDown  how long an open endpoint is skipped before one call probes it again
 */
public record RpcOptions(
        Duration connectTimeout,
        Duration requestTimeout,
        Duration callTimeout,
        int maxAttempts,
        Duration backoffBase,
        Duration backoffCap,
        int breakerThreshold,
        Duration breakerCoolDown) {

    private static final RpcOptions DEFAULTS = new RpcOptions(
            Duration.ofSeconds(3),
            Duration.ofSeconds(10),
            Duration.ofSeconds(15),
            4,
            Duration.ofMillis(100),
            Duration.ofSeconds(2),
            5,
            Duration.ofSeconds(15));

    public RpcOptions {
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        positive("callTimeout", callTimeout);
        positive("backoffBase", backoffBase);
        positive("backoffCap", backoffCap);
        positive("breakerCoolDown", breakerCoolDown);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (breakerThreshold < 1) {
            throw new IllegalArgumentException("breakerThreshold must be at least 1, got " + breakerThreshold);
        }
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException(
                    "backoffCap (" + backoffCap + ") must not be shorter than backoffBase (" + backoffBase + ")");
        }
    }

    /**
     * Connect within 3 s, answer within 10 s, a call within 15 s in at most 4 requests, pauses from 100 ms doubling up
     * to 2 s, an endpoint skipped for 15 s after 5 transport failures in a row.
     */
    public static RpcOptions defaults() {
        return DEFAULTS;
    }

    public RpcOptions withConnectTimeout(Duration value) {
        return new RpcOptions(value, requestTimeout, callTimeout, maxAttempts, backoffBase, backoffCap,
                breakerThreshold, breakerCoolDown);
    }

    public RpcOptions withRequestTimeout(Duration value) {
        return new RpcOptions(connectTimeout, value, callTimeout, maxAttempts, backoffBase, backoffCap,
                breakerThreshold, breakerCoolDown);
    }

    public RpcOptions withCallTimeout(Duration value) {
        return new RpcOptions(connectTimeout, requestTimeout, value, maxAttempts, backoffBase, backoffCap,
                breakerThreshold, breakerCoolDown);
    }

    public RpcOptions withMaxAttempts(int value) {
        return new RpcOptions(connectTimeout, requestTimeout, callTimeout, value, backoffBase, backoffCap,
                breakerThreshold, breakerCoolDown);
    }

    /** A copy with another backoff: the first pause {@code base}, doubling up to {@code cap}. */
    public RpcOptions withBackoff(Duration base, Duration cap) {
        return new RpcOptions(connectTimeout, requestTimeout, callTimeout, maxAttempts, base, cap, breakerThreshold,
                breakerCoolDown);
    }

    /**
     * A copy with another breaker: {@code threshold} transport failures in a row
     * skip an endpoint for {@code coolDown}.
     */
    public RpcOptions withBreaker(int threshold, Duration coolDown) {
        return new RpcOptions(connectTimeout, requestTimeout, callTimeout, maxAttempts, backoffBase, backoffCap,
                threshold, coolDown);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
        }
    }
}
