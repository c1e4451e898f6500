package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two instances configured with both stores: PostgreSQL holds the ledger, Redis only the reconciler's lock (the
 * documented precedence) — checked in the stores themselves.
 */
class TwoInstancesOnPostgresAndRedisIT extends AbstractTwoInstancesIT {
    private TestStores.Postgres postgres;
    private TestStores.Redis redis;

    @Override
    Map<String, String> openStores() {
        postgres = new TestStores.Postgres();
        redis = new TestStores.Redis(getClass());
        return Map.of("DATABASE_URL", postgres.databaseUrl(), "REDIS_URL", TestStores.Redis.URL,
                "X402J_REDIS_KEY_PREFIX", redis.prefix, "X402J_RECONCILE_INTERVAL", "1s");
    }

    @Override
    void assertLedgerConfirmed(String transaction) {
        assertThat(postgres.settlements()).filteredOn(s -> transaction.equals(s.transaction()))
                .singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo("CONFIRMED"));
        assertThat(redis.keys("settlement*")).as("Redis holds no ledger when PostgreSQL is configured").isEmpty();
    }

    @Override
    void closeStores() {
        if (postgres != null) {
            postgres.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    List<String> secrets() {
        return List.of(postgres.password);
    }

    @Test
    void postgresHoldsTheRecordsAndRedisTheReconcilerLock() {
        for (ServerProcess server : List.of(a, b)) {
            assertThat(server.output()).contains("stores: settlement ledger, upto sessions and tracking in postgres"
                    + " 127.0.0.1:5432/" + postgres.database + " as postgres (pool 10); reconciler locked in redis"
                    + " 127.0.0.1:6379/0 (key prefix '" + redis.prefix + "')");
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (redis.keys("lock:settlement-reconciler").isEmpty()) {
            assertThat(System.nanoTime()).as("the reconciler lock was never taken").isLessThan(deadline);
            TwoInstancesOnRedisIT.sleep(50);
        }
        assertThat(redis.keys("*")).allMatch(key -> key.equals(redis.prefix + "lock:settlement-reconciler"));
    }
}
