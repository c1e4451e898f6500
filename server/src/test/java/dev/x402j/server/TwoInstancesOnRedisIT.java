package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two instances sharing one Redis ({@code REDIS_URL}), under a key prefix of this test's own. */
class TwoInstancesOnRedisIT extends AbstractTwoInstancesIT {
    private TestStores.Redis redis;

    @Override
    Map<String, String> openStores() {
        redis = new TestStores.Redis(getClass());
        return Map.of("REDIS_URL", TestStores.Redis.URL, "X402J_REDIS_KEY_PREFIX", redis.prefix,
                "X402J_RECONCILE_INTERVAL", "1s");
    }

    @Override
    void assertLedgerConfirmed(String transaction) {
        assertThat(redis.settlements()).filteredOn(s -> transaction.equals(s.get("transaction")))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.get("state")).isEqualTo("CONFIRMED");
                    assertThat(s.get("network")).isEqualTo(LocalChain.NETWORK);
                });
    }

    @Override
    void closeStores() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void eachInstanceSaysAtStartUpThatRedisHoldsItsLedgerAndTheReconcilerRunsUnderItsLock() {
        for (ServerProcess server : List.of(a, b)) {
            assertThat(server.output()).contains("stores: settlement ledger and upto sessions in redis 127.0.0.1:6379/0"
                    + " (key prefix '" + redis.prefix + "'), tracking in memory; reconciler locked in redis");
        }
        // The instances' periodic passes (every second here) take the lock under the shared prefix.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (redis.keys("lock:settlement-reconciler").isEmpty()) {
            assertThat(System.nanoTime()).as("the reconciler lock was never taken").isLessThan(deadline);
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
