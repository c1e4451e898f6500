package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import dev.x402j.evm.EvmNetworkConfig;
import dev.x402j.evm.EvmPrivateKeySigner;
import dev.x402j.evm.EvmSchemes;
import dev.x402j.store.redis.RedisLock;
import dev.x402j.store.redis.RedisStores;
import io.micronaut.scheduling.ScheduledExecutorTaskScheduler;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The periodic reconciler pass under the Redis lock, against the real Redis: it runs only while it holds the lock,
 * leaves the pass to the holder otherwise, runs unlocked when Redis cannot answer for the lock, and the start-up pass
 * ignores the lock. What a pass did is seen in the ledger: a stale CLAIMED record (a claim whose owner died before it
 * signed anything) is released by a pass that runs and left alone by one that does not.
 */
class ReconcilerLockIT {
    private static final String KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    private TestStores.Redis redis;
    private RedisStores stores;
    private Facilitator facilitator;
    private ScheduledExecutorService executor;
    private ScheduledExecutorTaskScheduler scheduler;

    @BeforeEach
    void open() {
        redis = new TestStores.Redis(getClass());
        stores = RedisStores.builder().url(TestStores.Redis.URL).keyPrefix(redis.prefix).build();
        // The scheme is only needed to own the records' network; releasing a CLAIMED record asks no chain.
        facilitator = Facilitator.builder()
                .scheme(EvmSchemes.exact(EvmNetworkConfig.of(ChainId.parse("eip155:84532"), URI.create("http://127.0.0.1:1")),
                        EvmPrivateKeySigner.fromHex(KEY), Clock.systemUTC(), NetworkRegistry.defaults()))
                .settlementStore(stores.settlements())
                .staleAfter(Duration.ofSeconds(1))
                .build();
        executor = Executors.newSingleThreadScheduledExecutor();
        scheduler = new ScheduledExecutorTaskScheduler(executor);
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
        stores.close();
        redis.close();
    }

    private Reconciler reconciler(RedisLock lock) {
        return new Reconciler(facilitator, Optional.of(lock), Duration.ofSeconds(30), scheduler);
    }

    /** A claim an hour old, as left by an instance that died right after claiming. */
    private PaymentId staleClaim() {
        PaymentId id = new PaymentId("eip155:84532/test/" + UUID.randomUUID());
        stores.settlements().claim(SettlementRecord.claimed(id, UUID.randomUUID().toString(), "fp", "exact",
                "eip155:84532", "0xpayer", BigInteger.TEN, Instant.now().minus(Duration.ofHours(1))));
        return id;
    }

    @Test
    void aPeriodicPassRunsOnlyWhileItHoldsTheLock() {
        RedisLock lock = stores.lock(ServerStores.RECONCILER_LOCK);
        Reconciler reconciler = reconciler(lock);
        PaymentId id = staleClaim();

        // Another instance holds the lock: this pass is left to it, and nothing is touched.
        RedisLock.Lease other = lock.tryAcquire(Duration.ofMinutes(1)).orElseThrow();
        assertThat(reconciler.periodicPass()).isEqualTo(Reconciler.Outcome.SKIPPED);
        assertThat(stores.settlements().find(id)).map(SettlementRecord::state).contains(SettlementState.CLAIMED);

        // Released: this instance takes the lock and runs the pass.
        assertThat(other.release()).isTrue();
        assertThat(reconciler.periodicPass()).isEqualTo(Reconciler.Outcome.RAN);
        assertThat(stores.settlements().find(id)).isEmpty();

        // It keeps the lease for the interval, so other instances skip this round.
        assertThat(lock.tryAcquire(Duration.ofMinutes(1))).isEmpty();
        assertThat(redis.keys("lock:" + ServerStores.RECONCILER_LOCK)).hasSize(1);
    }

    @Test
    void theStartUpPassIgnoresTheLock() {
        RedisLock lock = stores.lock(ServerStores.RECONCILER_LOCK);
        PaymentId id = staleClaim();
        try (RedisLock.Lease other = lock.tryAcquire(Duration.ofMinutes(1)).orElseThrow()) {
            assertThat(reconciler(lock).startupPass()).isEqualTo(Reconciler.Outcome.RAN);
            assertThat(stores.settlements().find(id)).isEmpty();
            assertThat(other.isHeld()).isTrue();
        }
    }

    @Test
    void withoutRedisForTheLockThePassRunsUnlockedWhichIsSafe() {
        RedisStores gone = RedisStores.builder().url(TestStores.Redis.URL).keyPrefix(redis.prefix).build();
        RedisLock unreachable = gone.lock(ServerStores.RECONCILER_LOCK);
        gone.close(); // every command on it now fails as Redis-unavailable
        PaymentId id = staleClaim();
        assertThat(reconciler(unreachable).periodicPass()).isEqualTo(Reconciler.Outcome.RAN);
        assertThat(stores.settlements().find(id)).isEmpty();
    }

    @Test
    void aPassWhoseLedgerCannotBeReachedFailsAndIsTriedAgainNextTime() {
        RedisLock lock = stores.lock(ServerStores.RECONCILER_LOCK);
        Reconciler reconciler = reconciler(lock);
        stores.close();
        // The lock is on the same (closed) connection: the pass runs unlocked and its ledger fails.
        assertThat(reconciler.periodicPass()).isEqualTo(Reconciler.Outcome.FAILED);
    }
}
