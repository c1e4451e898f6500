package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-memory fixed-window limiter, on a pinned clock: windows, eviction, the bound on clients, concurrency. */
class InMemoryRateLimiterTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** A clock that moves only when told. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2025-06-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final MutableClock clock = new MutableClock();

    @Test
    void aClientGetsTheLimitPerWindowAndTheNextRequestIsRefusedUntilTheWindowEnds() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter("requests", 3, MINUTE, clock);

        assertThat(limiter.tryAcquire("203.0.113.7")).isEqualTo(new RateLimiter.Decision(true, 3, 2, MINUTE));
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire("203.0.113.7"))
                .isEqualTo(new RateLimiter.Decision(true, 3, 1, Duration.ofSeconds(50)));
        assertThat(limiter.tryAcquire("203.0.113.7"))
                .isEqualTo(new RateLimiter.Decision(true, 3, 0, Duration.ofSeconds(50)));

        clock.advance(Duration.ofSeconds(15));
        RateLimiter.Decision refused = limiter.tryAcquire("203.0.113.7");
        assertThat(refused).isEqualTo(new RateLimiter.Decision(false, 3, 0, Duration.ofSeconds(35)));
        assertThat(refused.resetSeconds()).isEqualTo(35);
        // A refused request takes nothing: still refused, with the same window end.
        assertThat(limiter.tryAcquire("203.0.113.7").allowed()).isFalse();

        // The window started with the first permit: one millisecond before its end, still refused; at its end, a new one.
        clock.advance(Duration.ofSeconds(35).minusMillis(1));
        RateLimiter.Decision last = limiter.tryAcquire("203.0.113.7");
        assertThat(last.allowed()).isFalse();
        assertThat(last.resetAfter()).isEqualTo(Duration.ofMillis(1));
        assertThat(last.resetSeconds()).as("Retry-After is rounded up, never 0").isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire("203.0.113.7")).isEqualTo(new RateLimiter.Decision(true, 3, 2, MINUTE));
    }

    @Test
    void eachClientHasItsOwnWindowStartingWithItsFirstRequest() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter("requests", 1, MINUTE, clock);
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).isFalse();

        clock.advance(Duration.ofSeconds(40));
        // b is not affected by a, and its window runs a full minute from now.
        assertThat(limiter.tryAcquire("b")).isEqualTo(new RateLimiter.Decision(true, 1, 0, MINUTE));
        clock.advance(Duration.ofSeconds(20));
        assertThat(limiter.tryAcquire("a").allowed()).as("a's window ended").isTrue();
        assertThat(limiter.tryAcquire("b")).isEqualTo(new RateLimiter.Decision(false, 1, 0, Duration.ofSeconds(40)));
    }

    @Test
    void endedWindowsAreEvictedOncePerWindowAndLiveOnesKept() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter("requests", 5, MINUTE, clock);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("198.51.100." + i);
        }
        assertThat(limiter.clients()).isEqualTo(1000);

        clock.advance(Duration.ofSeconds(30));
        limiter.tryAcquire("live");
        assertThat(limiter.clients()).as("nothing has ended yet").isEqualTo(1001);

        clock.advance(Duration.ofSeconds(30));
        // The first request after the sweep is due removes the 1000 ended windows; "live" is still in its window.
        limiter.tryAcquire("live");
        assertThat(limiter.clients()).isEqualTo(1);
        assertThat(limiter.tryAcquire("live")).isEqualTo(new RateLimiter.Decision(true, 5, 2, Duration.ofSeconds(30)));

        clock.advance(Duration.ofSeconds(30));
        limiter.tryAcquire("198.51.100.1");
        assertThat(limiter.clients()).as("live ended but the next sweep is not due yet").isEqualTo(2);
        clock.advance(Duration.ofSeconds(30));
        limiter.tryAcquire("198.51.100.2");
        assertThat(limiter.clients()).as("live swept; .1 (30 s into its window) and .2 kept").isEqualTo(2);
    }

    @Test
    void whenTheMostClientsAreCountedANewOneIsServedUncountedUntilASweepMakesRoom() {
        InMemoryRateLimiter limiter = new InMemoryRateLimiter("requests", 1, MINUTE, clock, 2);
        assertThat(limiter.tryAcquire("a").allowed()).isTrue();
        assertThat(limiter.tryAcquire("b").allowed()).isTrue();
        assertThat(limiter.tryAcquire("a").allowed()).as("counted clients stay limited").isFalse();

        // c finds the map full: served, never refused, and not remembered.
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("c").allowed()).isTrue();
        }
        assertThat(limiter.clients()).isEqualTo(2);

        clock.advance(MINUTE);
        assertThat(limiter.tryAcquire("c").allowed()).isTrue();
        assertThat(limiter.clients()).as("a and b were swept, c is counted now").isEqualTo(1);
        assertThat(limiter.tryAcquire("c").allowed()).isFalse();
    }

    @Test
    void manyThreadsNeverGetMoreThanTheLimitOfOneClient() throws Exception {
        int limit = 1000;
        int threads = 32;
        int attempts = 200; // 6400 attempts for 1000 permits
        InMemoryRateLimiter limiter = new InMemoryRateLimiter("requests", limit, MINUTE, clock);
        AtomicInteger allowed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < attempts; i++) {
                        (limiter.tryAcquire("203.0.113.7").allowed() ? allowed : refused).incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(allowed.get()).isEqualTo(limit);
        assertThat(refused.get()).isEqualTo(threads * attempts - limit);
    }

    @Test
    void manyThreadsOverManyClientsGetExactlyTheLimitOfEach() throws Exception {
        int limit = 50;
        int clients = 20;
        int threads = 16;
        InMemoryRateLimiter limiter = new InMemoryRateLimiter("settle", limit, MINUTE, clock);
        Map<String, AtomicInteger> allowed = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 20 * clients; i++) {
                        String client = "client-" + ((i + offset) % clients);
                        if (limiter.tryAcquire(client).allowed()) {
                            allowed.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(allowed).hasSize(clients);
        allowed.forEach((client, n) -> assertThat(n.get()).as(client).isEqualTo(limit));
    }

    @Test
    void threadsRacingToStartTheNextWindowGetTheLimitOnceInIt() throws Exception {
        int limit = 100;
        InMemoryRateLimiter limiter = new InMemoryRateLimiter("requests", limit, MINUTE, clock);
        for (int round = 0; round < 5; round++) {
            AtomicInteger allowed = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                for (int t = 0; t < 8; t++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 100; i++) {
                            if (limiter.tryAcquire("203.0.113.7").allowed()) {
                                allowed.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            }
            assertThat(allowed.get()).as("round %d", round).isEqualTo(limit);
            clock.advance(MINUTE); // every round is a new window, replaced atomically by its first request
        }
    }
}
