package dev.x402j.core.rpc;

import java.time.Duration;

/** Exponential backoff with jitter: pure arithmetic, the randomness is the caller's. */
final class Backoff {
    private Backoff() {}

    /**
     * The pause before round {@code round} (1 = the first retry round): {@code base × 2^(round-1)}, at most {@code cap},
     * then jittered into its upper half ("equal jitter"), so that callers that failed together do not retry together
     * yet never retry at once.
     *
     * @param random01 a uniformly random number in [0, 1)
     */
    static Duration delay(int round, Duration base, Duration cap, double random01) {
        if (round < 1) {
            throw new IllegalArgumentException("round must be at least 1, got " + round);
        }
        long capNanos = nanos(cap);
        long exponential = nanos(base);
        for (int i = 1; i < round && exponential < capNanos; i++) {
            exponential = exponential > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : exponential * 2;
        }
        long ceiling = Math.min(exponential, capNanos);
        double r = Math.min(Math.max(random01, 0.0), Math.nextDown(1.0));
        long half = ceiling / 2;
        return Duration.ofNanos(ceiling - half + (long) (half * r));
    }

    /** A duration in nanoseconds, saturated at {@code Long.MAX_VALUE}. */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
