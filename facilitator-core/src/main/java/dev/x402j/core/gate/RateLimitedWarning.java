package dev.x402j.core.gate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TrackingFailure#warnLog}: one WARN line per interval at most, counting what it held back. Thread-safe.
 */
final class RateLimitedWarning implements TrackingFailure.Handler {
    private static final Logger log = LoggerFactory.getLogger(PaymentTracker.class);
    private static final int MAX_MESSAGE = 200;

    private final Duration interval;
    private final Clock clock;
    private Instant nextAllowed = Instant.MIN; // guarded by this
    private long suppressed; // guarded by this

    RateLimitedWarning(Duration interval, Clock clock) {
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative");
        }
    }

    @Override
    public void onFailure(TrackingFailure failure) {
        String line = line(failure);
        if (line != null) {
            log.warn(line);
        }
    }

    /** The line to log for this failure now, or null when it is held back (and counted). */
    String line(TrackingFailure failure) {
        long heldBack;
        synchronized (this) {
            Instant now = clock.instant();
            if (now.isBefore(nextAllowed)) {
                suppressed++;
                return null;
            }
            nextAllowed = now.plus(interval);
            heldBack = suppressed;
            suppressed = 0;
        }
        StringBuilder s = new StringBuilder("x402j payment tracking: ")
                .append(describe(failure.kind()))
                .append(" (record ").append(failure.trackingId()).append(')');
        if (failure.cause() != null) {
            s.append(": ").append(summary(failure.cause()));
        }
        s.append("; the payment itself was not affected");
        if (heldBack > 0) {
            s.append(" (").append(heldBack).append(" more tracking failure(s) since the last report)");
        }
        return s.toString();
    }

    private static String describe(TrackingFailure.Kind kind) {
        return switch (kind) {
            case WRITE_FAILED -> "the tracking store failed to save a record";
            case QUEUE_FULL -> "the write queue is full, an update was dropped";
            case CLOSED -> "tracking was closed before a record could be written";
        };
    }

    /** The exception's class and the first line of its message, bounded: no stack trace. */
    static String summary(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return t.getClass().getName();
        }
        int cut = message.indexOf('\n');
        String first = cut >= 0 ? message.substring(0, cut) : message;
        if (first.length() > MAX_MESSAGE) {
            first = first.substring(0, MAX_MESSAGE) + "…";
        }
        return t.getClass().getName() + ": " + first;
    }
}
