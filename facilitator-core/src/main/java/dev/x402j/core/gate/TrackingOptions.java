package dev.x402j.core.gate;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * How the payment gate writes its tracking records ({@link PaymentGate.Builder#tracking(dev.x402j.core.TrackingStore,
 * TrackingOptions)}). Immutable; {@link #defaults()} or {@link #custom()}.
 *
 * @param synchronous write on the request's thread (each write adds the store's latency to the request, and a store
 *     that hangs holds the request). Default false: writes go through a bounded queue to {@code writers} virtual
 *     threads and a request never waits for the store
 * @param queueCapacity how many tracked requests may wait to be written; beyond it an update is dropped and reported
 *     ({@link TrackingFailure.Kind#QUEUE_FULL}), never waited for. Default {@value #DEFAULT_QUEUE_CAPACITY}
 * @param writers how many virtual threads write concurrently (each record's updates are still written in order).
 *     Default {@value #DEFAULT_WRITERS}
 * @param closeTimeout how long {@link PaymentGate#close()} waits for the queue to drain before it gives up (what is
 *     left is reported as {@link TrackingFailure.Kind#CLOSED}). Default 5 s
 * @param onFailure receives every tracking failure. Default {@link TrackingFailure#warnLog()}
 * @param ids makes the id of each record. Default a random UUID
 */
public record TrackingOptions(
        boolean synchronous,
        int queueCapacity,
        int writers,
        Duration closeTimeout,
        TrackingFailure.Handler onFailure,
        Supplier<String> ids) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_WRITERS = 2;
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    public TrackingOptions {
        if (queueCapacity < 1 || queueCapacity > 10_000_000) {
            throw new IllegalArgumentException("queueCapacity must be 1..10000000, got " + queueCapacity);
        }
        if (writers < 1 || writers > 64) {
            throw new IllegalArgumentException("writers must be 1..64, got " + writers);
        }
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("closeTimeout must not be negative, got " + closeTimeout);
        }
        Objects.requireNonNull(onFailure, "onFailure");
        Objects.requireNonNull(ids, "ids");
    }

    /** Asynchronous, {@value #DEFAULT_QUEUE_CAPACITY} queued requests, {@value #DEFAULT_WRITERS} writers, 5 s to close. */
    public static TrackingOptions defaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    /** Builds {@link TrackingOptions}; {@link #build()} names a bad value. Not thread-safe. */
    public static final class Builder {
        private boolean synchronous;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int writers = DEFAULT_WRITERS;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private TrackingFailure.Handler onFailure;
        private Supplier<String> ids = () -> UUID.randomUUID().toString();

        private Builder() {}

        public Builder synchronous(boolean synchronous) {
            this.synchronous = synchronous;
            return this;
        }

        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        public Builder writers(int writers) {
            this.writers = writers;
            return this;
        }

        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        public Builder onFailure(TrackingFailure.Handler onFailure) {
            this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
            return this;
        }

        public Builder ids(Supplier<String> ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        public TrackingOptions build() {
            return new TrackingOptions(synchronous, queueCapacity, writers, closeTimeout,
                    onFailure != null ? onFailure : TrackingFailure.warnLog(), ids);
        }
    }
}
