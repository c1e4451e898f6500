package dev.x402j.store.postgres;

import dev.x402j.core.SessionStore;
import dev.x402j.core.SessionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link SessionStoreContract} against a real PostgreSQL, through a small HikariCP pool. */
class PostgresSessionStoreIT extends SessionStoreContract {
    private static TestDatabase db;
    private static PostgresStores stores;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        var ds = db.pool(8);
        PostgresStores.migrate(ds);
        stores = PostgresStores.create(ds);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Override
    protected SessionStore store() {
        return stores.sessions();
    }
}
