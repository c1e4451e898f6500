package dev.x402j.server;

import dev.x402j.core.Facilitator;
import dev.x402j.core.TrackingStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/**
 * Dev mode: the demo paid route's gate ({@link DemoPaidRoute}, through the {@code x402j-micronaut} binding, which
 * tracks into the application's {@link TrackingStore} bean) records its requests in the facilitator's own tracking
 * store, the one {@code /tracking/*} reads. Secondary: a {@code TrackingStore} bean the server defines otherwise (the
 * one it builds the facilitator with) wins, and is the same store.
 */
@Factory
@Requires(condition = DevModeCondition.class)
final class DemoTracking {
    @Singleton
    @Secondary
    TrackingStore gateTrackingStore(Facilitator facilitator) {
        return facilitator.tracking();
    }
}
