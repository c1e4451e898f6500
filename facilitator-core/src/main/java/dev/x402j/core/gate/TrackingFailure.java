package dev.x402j.core.gate;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * A tracking record of the payment gate that could not be written. Tracking is best effort: the payment the record
 * describes went on unaffected. Delivered to the {@link Handler} of {@link TrackingOptions#onFailure()}.
 *
 * @param kind what went wrong
 * @param trackingId the id of the record concerned ({@link TrackedRequest#trackingId()})
 * @param cause what the {@link dev.x402j.core.TrackingStore} threw, for {@link Kind#WRITE_FAILED}; otherwise null
 */
public record TrackingFailure(Kind kind, String trackingId, Throwable cause) {
    public TrackingFailure {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trackingId, "trackingId");
    }

    /** Why a record (or one update of it) was not written. */
    public enum Kind {
        /** The store threw; the next update of the same record writes it whole again. */
        WRITE_FAILED,
        /** The write queue was full and this update was dropped; a later update of the same record may still write it. */
        QUEUE_FULL,
        /** The gate was closed (or its close timed out) before the update could be written. */
        CLOSED
    }

    /**
     * Receives tracking failures. Called on the thread that met the failure — a request's thread for
     * {@link Kind#QUEUE_FULL} — so it must be quick and must not block; what it throws is ignored. Implementations
     * must be thread-safe.
     */
    @FunctionalInterface
    public interface Handler {
        void onFailure(TrackingFailure failure);
    }

    /**
     * The default handler: a WARN line of logger {@code dev.x402j.core.gate.PaymentTracker} at most once per
     * {@code interval} (the failures in between are counted and the count is logged with the next line). A line names
     * the kind, the record's id and the exception's class and first message line, cut at 200 characters: never a record's
     * data, a payment or a stack trace.
     */
    public static Handler warnLog(Duration interval, Clock clock) {
        return new RateLimitedWarning(interval, clock);
    }

    /** {@link #warnLog(Duration, Clock)} at most once every 10 seconds of the system clock. */
    public static Handler warnLog() {
        return warnLog(Duration.ofSeconds(10), Clock.systemUTC());
    }
}
