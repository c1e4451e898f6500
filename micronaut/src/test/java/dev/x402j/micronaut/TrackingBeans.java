package dev.x402j.micronaut;

import dev.x402j.core.InMemoryTrackingStore;
import dev.x402j.core.TrackedPayment;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.gate.TrackingFailure;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What an application gives the binding for tracking, as {@link TrackingConfigurationTest} varies it: a tracking store
 * ({@code test.tracking-store}: {@code memory}, or {@code failing} for one whose every save throws) and a handler of
 * tracking failures that keeps them.
 */
@Factory
@Requires(property = "test.tracking-store")
class TrackingBeans {
    /** The tracking failures the gate reported. */
    static final class Failures {
        final List<TrackingFailure> seen = new CopyOnWriteArrayList<>();
    }

    @Singleton
    TrackingStore trackingStore(@Value("${test.tracking-store}") String kind) {
        return kind.equals("failing") ? failing() : new InMemoryTrackingStore();
    }

    /** The port, failing every save (reads answer from memory). */
    private static TrackingStore failing() {
        InMemoryTrackingStore reads = new InMemoryTrackingStore();
        return new TrackingStore() {
            @Override
            public void save(TrackedPayment payment) {
                throw new IllegalStateException("the tracking database is down");
            }

            @Override
            public java.util.Optional<TrackedPayment> find(String id) {
                return reads.find(id);
            }

            @Override
            public Page list(Query query) {
                return reads.list(query);
            }

            @Override
            public Stats stats(java.time.Instant from, java.time.Instant to) {
                return reads.stats(from, to);
            }
        };
    }

    @Singleton
    Failures failures() {
        return new Failures();
    }

    @Singleton
    TrackingFailure.Handler failureHandler(Failures failures) {
        return failures.seen::add;
    }
}
