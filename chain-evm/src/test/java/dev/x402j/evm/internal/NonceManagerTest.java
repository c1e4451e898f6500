package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.evm.internal.NonceManager.ChainCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The nonce rules of one signer: local counting, no gap, no nonce shared by two live transactions. */
class NonceManagerTest {
    private static ChainCounts counts(long pending, long latest) {
        return new ChainCounts(pending, latest);
    }

    private static List<Long> take(NonceManager m, int n, ChainCounts seen) {
        List<Long> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            taken.add(m.take(seen));
        }
        return taken;
    }

    @Test
    void startsFromThePendingCountAndCountsLocally() {
        NonceManager m = new NonceManager();
        assertThat(m.isSynced()).isFalse();
        // Stale counts (the node has not seen our first transactions yet) never hold the count back.
        assertThat(take(m, 4, counts(5, 3))).containsExactly(5L, 6L, 7L, 8L);
        assertThat(m.isSynced()).isTrue();
        assertThat(m.nextFresh()).isEqualTo(9);
    }

    @Test
    void aReturnedNonceIsHandedOutAgainFirstLowestFirst() {
        NonceManager m = new NonceManager();
        ChainCounts start = counts(0, 0);
        assertThat(take(m, 5, start)).containsExactly(0L, 1L, 2L, 3L, 4L);
        m.release(3); // broadcast refused for good
        m.release(1); // signing failed
        assertThat(m.returnedNonces()).containsExactly(1L, 3L);
        assertThat(take(m, 3, start)).containsExactly(1L, 3L, 5L);
    }

    @Test
    void returningTheTopNonceLowersTheCount() {
        NonceManager m = new NonceManager();
        take(m, 3, counts(10, 10));
        m.release(12);
        m.release(11);
        assertThat(m.returnedNonces()).isEmpty();
        assertThat(m.nextFresh()).isEqualTo(11);
        assertThat(m.take(counts(10, 10))).isEqualTo(11);
    }

    @Test
    void catchesUpPastNoncesUsedElsewhereAndForgetsReturnedOnesTheyUsed() {
        NonceManager m = new NonceManager();
        take(m, 4, counts(0, 0)); // 0..3
        m.release(1);
        // The key sent transactions outside x402j: the node now expects nonce 7.
        assertThat(m.take(counts(7, 1))).isEqualTo(7);
        assertThat(m.returnedNonces()).as("nonce 1 is below the chain's count: used by someone").isEmpty();
        assertThat(m.take(counts(7, 1))).isEqualTo(8);
    }

    @Test
    void neverHandsOutANonceOfATransactionInFlightAgain() {
        NonceManager m = new NonceManager();
        take(m, 4, counts(0, 0)); // 0..3 in flight
        m.sent(0);
        m.sent(1);
        // Resyncing from counts that know only two of them: the two unsent are still ours, not gaps.
        m.resync(counts(2, 0));
        assertThat(m.returnedNonces()).isEmpty();
        assertThat(m.take(counts(2, 0))).isEqualTo(4);
    }

    @Test
    void aNonceTakenByAnotherTransactionIsNeverReusedAndTheCountCatchesUp() {
        NonceManager m = new NonceManager();
        take(m, 3, counts(0, 0)); // 0, 1, 2
        m.sent(0);
        // Nonce 1 was used by another sender (mined), 2 is ours pending: the node expects 3, has mined 2.
        m.consumed(1, counts(3, 2));
        assertThat(m.returnedNonces()).isEmpty();
        assertThat(m.take(counts(3, 2))).isEqualTo(3);
    }

    @Test
    void aResyncReturnsGapsNobodyHolds() {
        NonceManager m = new NonceManager();
        take(m, 2, counts(0, 0)); // 0, 1
        // Another sender's four pending transactions took 2..5: the count jumps past them.
        assertThat(m.take(counts(6, 0))).isEqualTo(6);
        // The node dropped them (and mined ours, 0 and 1): 2..5 are holes below our 6, which waits behind them.
        m.resync(counts(2, 2));
        assertThat(m.returnedNonces()).containsExactly(2L, 3L, 4L, 5L);
        assertThat(take(m, 5, counts(2, 2))).containsExactly(2L, 3L, 4L, 5L, 7L);
    }

    @Test
    void aReturnedNonceWhoseTransactionReachedTheNodeAfterAllIsNotHandedOutAgain() {
        NonceManager m = new NonceManager();
        take(m, 3, counts(0, 0)); // 0, 1, 2
        m.release(2); // its first send was refused ...
        m.release(1);
        m.sent(2); // ... but a later resend of the very same bytes got in
        assertThat(m.returnedNonces()).containsExactly(1L);
        assertThat(take(m, 2, counts(0, 0))).containsExactly(1L, 3L);
    }

    @Test
    void concurrentTakersAndReturnersNeverShareANonceAndLeaveNoGap() throws Exception {
        NonceManager m = new NonceManager();
        Set<Long> live = ConcurrentHashMap.newKeySet();
        Set<Long> duplicates = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 32; w++) {
                workers.add(pool.submit(() -> {
                    go.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < 300; i++) {
                        long n = m.take(counts(100, 100));
                        if (!live.add(n)) {
                            duplicates.add(n);
                        }
                        if (random.nextInt(4) == 0) {
                            live.remove(n); // forget it first: from the release on, another may take it
                            m.release(n);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : workers) {
                f.get();
            }
        }
        assertThat(duplicates).isEmpty();
        // Every nonce from the start to the count is either held or waiting to be handed out again: no gap.
        Set<Long> covered = new TreeSet<>(live);
        covered.addAll(m.returnedNonces());
        assertThat(covered).hasSize(live.size() + m.returnedNonces().size());
        assertThat(covered).containsExactlyElementsOf(range(100, m.nextFresh()));
    }

    @Test
    void concurrentFirstTakersAllGetDistinctConsecutiveNonces() throws Exception {
        NonceManager m = new NonceManager();
        Set<Long> taken = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                pool.submit(() -> taken.add(m.take(counts(40, 40))));
            }
        }
        assertThat(new TreeSet<>(taken)).containsExactlyElementsOf(range(40, 240));
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long n = from; n < to; n++) {
            out.add(n);
        }
        return out;
    }
}
