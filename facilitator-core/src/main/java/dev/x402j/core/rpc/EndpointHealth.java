package dev.x402j.core.rpc;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The circuit breaker of one endpoint. Closed: every call may use it. After {@code threshold} transport failures in a
 * row it opens: it is skipped for {@code coolDown}; then it is half-open: one call at a time may probe it, and that
 * probe closes it again (an answer) or reopens it for another cool-down (a transport failure). Thread-safe.
 */
final class EndpointHealth {
    /** What a recorded outcome changed, for the log. */
    enum Change {
        NONE,
        OPENED,
        /** A probe failed: open again for another cool-down. */
        REOPENED,
        CLOSED
    }

    private final int threshold;
    private final long coolDownNanos;
    private final LongSupplier nanoTime;

    private int consecutiveFailures;
    private boolean open;
    private long openUntil;
    private boolean probing;

    EndpointHealth(int threshold, Duration coolDown, LongSupplier nanoTime) {
        this.threshold = threshold;
        this.coolDownNanos = Backoff.nanos(coolDown);
        this.nanoTime = nanoTime;
    }

    /**
     * Takes the right to send a request: always when closed, never while open and cooling down, and once the cool-down
     * is over only for one probe at a time. Every {@code true} must be followed by {@link #success}, {@link #failure} or
     * {@link #release}.
     */
    synchronized boolean tryAcquire() {
        if (!open) {
            return true;
        }
        if (probing || nanoTime.getAsLong() - openUntil < 0) {
            return false;
        }
        probing = true;
        return true;
    }

    /** Whether {@link #tryAcquire} would give the right now (without taking it). */
    synchronized boolean admits() {
        return !open || (!probing && nanoTime.getAsLong() - openUntil >= 0);
    }

    /** The endpoint answered (anything JSON-RPC, errors included). */
    synchronized Change success() {
        boolean wasOpen = open;
        consecutiveFailures = 0;
        open = false;
        probing = false;
        return wasOpen ? Change.CLOSED : Change.NONE;
    }

    /** A transport failure. */
    synchronized Change failure() {
        consecutiveFailures = consecutiveFailures == Integer.MAX_VALUE ? consecutiveFailures : consecutiveFailures + 1;
        boolean probe = probing;
        probing = false;
        if (probe || (!open && consecutiveFailures >= threshold)) {
            open = true;
            openUntil = nanoTime.getAsLong() + coolDownNanos;
            return probe ? Change.REOPENED : Change.OPENED;
        }
        return Change.NONE;
    }

    /** The request ended without telling anything about the endpoint (an interrupt, a bug): frees a probe. */
    synchronized void release() {
        probing = false;
    }

    /** Time until the next probe may go; zero when it may go now or the endpoint is closed. */
    synchronized Duration untilProbe() {
        return open ? Duration.ofNanos(Math.max(0, openUntil - nanoTime.getAsLong())) : Duration.ZERO;
    }

    synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
