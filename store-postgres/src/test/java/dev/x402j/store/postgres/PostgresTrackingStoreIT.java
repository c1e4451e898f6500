package dev.x402j.store.postgres;

import dev.x402j.core.TrackingStore;
import dev.x402j.core.TrackingStoreContract;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link TrackingStoreContract} against a real PostgreSQL. The contract wants a store with no records in its time range
 * for every case, so each case gets a schema of its own (which also exercises {@link PostgresStores.Options#schema}).
 */
class PostgresTrackingStoreIT extends TrackingStoreContract {
    private static TestDatabase db;
    private static DataSource ds;
    private TrackingStore store;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = db.pool(4);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void freshSchema() {
        var options = PostgresStores.Options.defaults()
                .withSchema("tracking_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        PostgresStores.migrate(ds, options);
        store = PostgresStores.create(ds, options).tracking();
    }

    @Override
    protected TrackingStore store() {
        return store;
    }
}
