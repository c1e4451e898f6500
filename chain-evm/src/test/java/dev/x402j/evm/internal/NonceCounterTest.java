package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NonceCounterTest {
    @Test
    void startsFromTheChainAndCountsLocally() {
        NonceCounter c = new NonceCounter();
        assertThat(c.isSynced()).isFalse();
        assertThat(c.take(OptionalLong.of(5), () -> { throw new AssertionError("no fetch"); })).isEqualTo(5);
        assertThat(c.isSynced()).isTrue();
        assertThat(c.take(OptionalLong.empty(), () -> { throw new AssertionError("no fetch"); })).isEqualTo(6);
    }

    @Test
    void fetchesWhenNotSyncedAndNothingWasRead() {
        NonceCounter c = new NonceCounter();
        assertThat(c.take(OptionalLong.empty(), () -> 9)).isEqualTo(9);
        c.invalidate();
        assertThat(c.take(OptionalLong.empty(), () -> 3)).isEqualTo(3);
    }

    @Test
    void catchesUpWhenTheKeyWasUsedElsewhereButNeverGoesBack() {
        NonceCounter c = new NonceCounter();
        c.take(OptionalLong.of(0), () -> 0);
        assertThat(c.take(OptionalLong.of(10), () -> 0)).isEqualTo(10);
        assertThat(c.take(OptionalLong.of(2), () -> 0)).isEqualTo(11);
    }

    @Test
    void concurrentTakersGetDistinctConsecutiveNonces() throws Exception {
        NonceCounter c = new NonceCounter();
        Set<Long> taken = ConcurrentHashMap.newKeySet();
        AtomicInteger fetches = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                pool.submit(() -> taken.add(c.take(OptionalLong.empty(), () -> {
                    fetches.incrementAndGet();
                    return 100;
                })));
            }
        }
        assertThat(taken).hasSize(200).allMatch(n -> n >= 100 && n < 300);
        assertThat(fetches).hasValue(1);
    }
}
