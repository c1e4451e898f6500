package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fixed-window rate limiter against a real Redis. */
class RedisRateLimiterIT {
    private static RedisStores stores;

    @BeforeAll
    static void connect() {
        stores = RedisTestSupport.open(RedisTestSupport.prefix(RedisRateLimiterIT.class));
    }

    @AfterAll
    static void cleanUp() {
        RedisTestSupport.deleteKeys(stores);
        stores.close();
    }

    @Test
    void exactlyTheLimitPerWindowThenANewWindow() throws Exception {
        RedisRateLimiter limiter = stores.rateLimiter("exact", 5, Duration.ofMillis(600));
        for (int i = 4; i >= 0; i--) {
            RedisRateLimiter.Decision d = limiter.tryAcquire("payer-1");
            assertThat(d.allowed()).isTrue();
            assertThat(d.remaining()).isEqualTo(i);
            assertThat(d.retryAfter()).isZero();
            assertThat(d.resetAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(600));
        }
        RedisRateLimiter.Decision refused = limiter.tryAcquire("payer-1");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(600));
        // Refusals take nothing: still refused, still not counted.
        assertThat(limiter.tryAcquire("payer-1").allowed()).isFalse();
        assertThat(RedisTestSupport.get(stores, limiter.counterKey("payer-1"))).isEqualTo("5");

        Thread.sleep(refused.retryAfter().toMillis() + 50);
        RedisRateLimiter.Decision next = limiter.tryAcquire("payer-1");
        assertThat(next.allowed()).isTrue();
        assertThat(next.remaining()).isEqualTo(4);
    }

    @Test
    void separateKeysAndLimitersAreIndependent() {
        RedisRateLimiter limiter = stores.rateLimiter("keys", 2, Duration.ofMinutes(1));
        RedisRateLimiter other = stores.rateLimiter("other", 2, Duration.ofMinutes(1));
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();
        assertThat(limiter.tryAcquire("b").remaining()).isEqualTo(1);
        assertThat(other.tryAcquire("a").remaining()).isEqualTo(1);
    }

    @Test
    void severalPermitsAreAllOrNothing() {
        RedisRateLimiter limiter = stores.rateLimiter("permits", 10, Duration.ofMinutes(1));
        assertThat(limiter.tryAcquire("k", 7).remaining()).isEqualTo(3);
        RedisRateLimiter.Decision tooMany = limiter.tryAcquire("k", 4);
        assertThat(tooMany.allowed()).isFalse();
        assertThat(tooMany.remaining()).isEqualTo(3);
        assertThat(limiter.tryAcquire("k", 3).remaining()).isZero();
    }

    @Test
    void concurrentRequestsAreCountedExactly() throws Exception {
        RedisRateLimiter limiter = stores.rateLimiter("concurrent", 25, Duration.ofMinutes(1));
        List<Future<RedisRateLimiter.Decision>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                results.add(pool.submit(() -> limiter.tryAcquire("hot")));
            }
        }
        int allowed = 0;
        for (var r : results) {
            if (r.get().allowed()) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(25);
    }

    @Test
    void aCounterWithoutExpiryGetsOne() {
        RedisRateLimiter limiter = stores.rateLimiter("repair", 3, Duration.ofSeconds(30));
        stores.gateway().call("test", c -> c.set(limiter.counterKey("k"), "3"));
        RedisRateLimiter.Decision d = limiter.tryAcquire("k");
        assertThat(d.allowed()).isFalse();
        assertThat(RedisTestSupport.pttl(stores, limiter.counterKey("k"))).isPositive();
    }
}
