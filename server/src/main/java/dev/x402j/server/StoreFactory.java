package dev.x402j.server;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the stores the {@link ServerSettings} name (memory, PostgreSQL, Redis) for the facilitator, logs where each
 * kind of record is kept, and closes their pool and connection when the application stops.
 */
@Factory
final class StoreFactory {
    private static final Logger log = LoggerFactory.getLogger(StoreFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    ServerStores stores(ServerSettings settings) {
        ServerStores stores = ServerStores.open(settings.stores());
        log.info("stores: {}", settings.stores().describe());
        return stores;
    }
}
