package dev.x402j.server;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server's {@link RateLimits} from the settings, on the Redis the stores opened when there is one (dev mode
 * never has one), and logs what is limited at start-up.
 */
@Factory
final class RateLimitFactory {
    private static final Logger log = LoggerFactory.getLogger(RateLimitFactory.class);

    @Context
    @Singleton
    RateLimits rateLimits(ServerSettings settings, ServerStores stores, Clock clock) {
        String redis = settings.stores().redis().map(Object::toString).orElse("redis");
        RateLimits limits = RateLimits.create(settings.rateLimit(), stores.redis(), redis, clock);
        log.info("rate limit: {}", limits.describe());
        return limits;
    }
}
