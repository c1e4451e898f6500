package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The distributed lock against a real Redis, with owners on separate connections as separate instances would be. */
class RedisLockIT {
    private static String prefix;
    private static RedisStores instanceA;
    private static RedisStores instanceB;

    @BeforeAll
    static void connect() {
        prefix = RedisTestSupport.prefix(RedisLockIT.class);
        instanceA = RedisTestSupport.open(prefix);
        instanceB = RedisTestSupport.open(prefix);
    }

    @AfterAll
    static void cleanUp() {
        RedisTestSupport.deleteKeys(instanceA);
        instanceA.close();
        instanceB.close();
    }

    @Test
    void ofTwoOwnersOnlyOneAcquires() {
        RedisLock a = instanceA.lock("two-owners");
        RedisLock b = instanceB.lock("two-owners");
        try (RedisLock.Lease lease = a.tryAcquire(Duration.ofSeconds(30)).orElseThrow()) {
            assertThat(b.tryAcquire(Duration.ofSeconds(30))).isEmpty();
            assertThat(a.tryAcquire(Duration.ofSeconds(30))).as("not re-entrant").isEmpty();
            assertThat(lease.isHeld()).isTrue();
        }
        // Closing the lease released it.
        Optional<RedisLock.Lease> afterRelease = b.tryAcquire(Duration.ofSeconds(30));
        assertThat(afterRelease).isPresent();
        assertThat(afterRelease.get().release()).isTrue();
        assertThat(afterRelease.get().release()).as("a second release finds nothing to delete").isFalse();
    }

    @Test
    void aNonOwnerCanNeitherReleaseNorExtend() throws Exception {
        RedisLock a = instanceA.lock("non-owner");
        RedisLock b = instanceB.lock("non-owner");
        RedisLock.Lease stale = a.tryAcquire(Duration.ofMillis(100)).orElseThrow();
        Thread.sleep(250);
        assertThat(stale.isHeld()).isFalse();
        RedisLock.Lease owner = b.tryAcquire(Duration.ofSeconds(30)).orElseThrow();

        assertThat(stale.release()).isFalse();
        assertThat(stale.extend(Duration.ofMinutes(5))).isFalse();
        stale.close();
        assertThat(owner.isHeld()).isTrue();
        long ttl = RedisTestSupport.pttl(instanceB, b.key());
        assertThat(ttl).as("the stale lease did not touch the owner's expiry").isBetween(1L, 30_000L);
        assertThat(a.tryAcquire(Duration.ofSeconds(1))).isEmpty();

        assertThat(owner.extend(Duration.ofMinutes(5))).isTrue();
        assertThat(RedisTestSupport.pttl(instanceB, b.key())).isGreaterThan(30_000L);
        assertThat(owner.release()).isTrue();
    }

    @Test
    void expiryLetsTheOtherAcquire() throws Exception {
        RedisLock a = instanceA.lock("expiry");
        RedisLock b = instanceB.lock("expiry");
        assertThat(a.tryAcquire(Duration.ofMillis(200))).isPresent();
        assertThat(b.tryAcquire(Duration.ofSeconds(5))).isEmpty();
        Thread.sleep(350);
        try (RedisLock.Lease lease = b.tryAcquire(Duration.ofSeconds(5)).orElseThrow()) {
            assertThat(lease.isHeld()).isTrue();
            assertThat(lease.lock().name()).isEqualTo("expiry");
        }
    }

    @Test
    void ofThirtyTwoConcurrentContendersOneWins() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<RedisLock.Lease>>> attempts = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 32; i++) {
                RedisLock lock = (i % 2 == 0 ? instanceA : instanceB).lock("contended");
                attempts.add(pool.submit(() -> {
                    go.await();
                    return lock.tryAcquire(Duration.ofSeconds(30));
                }));
            }
            go.countDown();
        }
        List<RedisLock.Lease> winners = new ArrayList<>();
        for (var attempt : attempts) {
            attempt.get().ifPresent(winners::add);
        }
        assertThat(winners).hasSize(1);
        assertThat(winners.get(0).release()).isTrue();
    }

    @Test
    void aTimeToLiveMustBePositive() {
        RedisLock lock = instanceA.lock("ttl");
        assertThatThrownBy(() -> lock.tryAcquire(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> instanceA.lock(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
