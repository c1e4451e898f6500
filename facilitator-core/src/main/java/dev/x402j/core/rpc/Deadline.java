package dev.x402j.core.rpc;

import java.time.Duration;
import java.util.function.LongSupplier;

/** A point in monotonic time (not the wall clock, which may jump) by which something must be done. Immutable. */
public final class Deadline {
    private final LongSupplier nanoTime;
    private final long at;

    private Deadline(LongSupplier nanoTime, long at) {
        this.nanoTime = nanoTime;
        this.at = at;
    }

    /** {@code timeout} from now; a negative timeout is zero (already passed). */
    public static Deadline after(Duration timeout) {
        return after(timeout, System::nanoTime);
    }

    static Deadline after(Duration timeout, LongSupplier nanoTime) {
        // capped so that comparisons of nanoTime values (which may wrap) stay exact: some 73 years
        long nanos = Math.min(Math.max(0, Backoff.nanos(timeout)), Long.MAX_VALUE / 4);
        return new Deadline(nanoTime, nanoTime.getAsLong() + nanos);
    }

    /** Whether it has passed. */
    public boolean passed() {
        return nanoTime.getAsLong() - at >= 0;
    }

    /** The time left, zero once passed. */
    public Duration left() {
        return Duration.ofNanos(leftNanos());
    }

    long leftNanos() {
        return Math.max(0, at - nanoTime.getAsLong());
    }
}
