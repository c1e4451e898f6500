package dev.x402j.store.postgres;

import dev.x402j.core.SettlementStore;
import dev.x402j.core.SettlementStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link SettlementStoreContract} against a real PostgreSQL, through a small HikariCP pool. */
class PostgresSettlementStoreIT extends SettlementStoreContract {
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
    protected SettlementStore store() {
        return stores.settlements();
    }
}
