package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.SessionStore;
import dev.x402j.core.SessionStoreContract;
import dev.x402j.core.UptoSession;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The upto session store contract against a real Redis, plus exact uint256 arithmetic in the Lua scripts. */
class RedisSessionStoreIT extends SessionStoreContract {
    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static RedisStores stores;

    @BeforeAll
    static void connect() {
        stores = RedisTestSupport.open(RedisTestSupport.prefix(RedisSessionStoreIT.class));
    }

    @AfterAll
    static void cleanUp() {
        RedisTestSupport.deleteKeys(stores);
        stores.close();
    }

    @Override
    protected SessionStore store() {
        return stores.sessions();
    }

    private static UptoSession sessionWithCap(BigInteger cap) {
        return UptoSession.open("s-" + UUID.randomUUID(), "eip155:84532", "0xasset", "0xowner", "0xspender", cap,
                T0.plusSeconds(3600), T0);
    }

    @Test
    void capsBeyondADoubleAreComparedExactly() {
        UptoSession s = store().openIfAbsent(sessionWithCap(UINT256_MAX));
        BigInteger almostAll = UINT256_MAX.subtract(BigInteger.ONE);
        assertThat(store().reserve(s.id(), almostAll, T0)).isInstanceOf(SessionStore.Reservation.Reserved.class);
        // 2^256 - 1 and 2^256 - 2 are the same double; the scripts must still tell them apart.
        assertThat(store().reserve(s.id(), BigInteger.TWO, T0)).isInstanceOf(SessionStore.Reservation.CapExhausted.class);
        var last = store().reserve(s.id(), BigInteger.ONE, T0);
        assertThat(last).isInstanceOf(SessionStore.Reservation.Reserved.class);
        assertThat(last.session().pending()).isEqualTo(UINT256_MAX);
        assertThat(last.session().remaining()).isZero();
        assertThat(store().reserve(s.id(), BigInteger.ONE, T0)).isInstanceOf(SessionStore.Reservation.CapExhausted.class);
        assertThat(store().reserve(s.id(), BigInteger.ZERO, T0)).isInstanceOf(SessionStore.Reservation.Reserved.class);

        store().beginSettling(s.id(), T0);
        BigInteger part = new BigInteger("98765432109876543210987654321098765432109876543210");
        UptoSession after = store().finishSettling(s.id(), part, false, T0.plusSeconds(1));
        assertThat(after.settled()).isEqualTo(part);
        assertThat(after.pending()).isEqualTo(UINT256_MAX.subtract(part));
        assertThat(store().find(s.id()).orElseThrow()).satisfies(read -> {
            assertThat(read.pending()).isEqualTo(UINT256_MAX.subtract(part));
            assertThat(read.settled()).isEqualTo(part);
            assertThat(read.lastActivityAt()).isEqualTo(T0.plusSeconds(1));
        });
    }

    @Test
    void manyDigitCarriesAndBorrowsAreExact() {
        BigInteger cap = new BigInteger("100000000000000000000000000000000000000");
        UptoSession s = store().openIfAbsent(sessionWithCap(cap));
        BigInteger nines = new BigInteger("9999999999999999999999999");
        store().reserve(s.id(), nines, T0);
        UptoSession r = store().reserve(s.id(), BigInteger.ONE, T0).session();
        assertThat(r.pending()).isEqualTo(nines.add(BigInteger.ONE));
        store().beginSettling(s.id(), T0);
        UptoSession done = store().finishSettling(s.id(), BigInteger.ONE, false, T0);
        assertThat(done.pending()).isEqualTo(nines);
        assertThat(done.settled()).isEqualTo(BigInteger.ONE);
    }

    @Test
    void finishingMoreThanPendingIsRefusedAndChangesNothing() {
        UptoSession s = store().openIfAbsent(sessionWithCap(BigInteger.valueOf(100)));
        store().reserve(s.id(), BigInteger.valueOf(40), T0);
        store().beginSettling(s.id(), T0);
        assertThatThrownBy(() -> store().finishSettling(s.id(), BigInteger.valueOf(41), false, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("settled amount 41 is outside 0..40");
        assertThatThrownBy(() -> store().finishSettling(s.id(), BigInteger.valueOf(-1), false, T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().finishSettling("nope-" + UUID.randomUUID(), BigInteger.ONE, false, T0))
                .isInstanceOf(IllegalArgumentException.class);
        UptoSession read = store().find(s.id()).orElseThrow();
        assertThat(read.status()).isEqualTo(UptoSession.Status.SETTLING);
        assertThat(read.pending()).isEqualTo(BigInteger.valueOf(40));
        assertThat(store().beginSettling("nope-" + UUID.randomUUID(), T0)).isEmpty();
    }

    @Test
    void findActiveIsLeastRecentlyActiveFirst() {
        UptoSession a = store().openIfAbsent(sessionWithCap(BigInteger.TEN));
        UptoSession b = store().openIfAbsent(sessionWithCap(BigInteger.TEN));
        // Older than any session of the other tests (they use T0 and later).
        store().reserve(b.id(), BigInteger.ONE, T0.minusSeconds(20));
        store().reserve(a.id(), BigInteger.ONE, T0.minusSeconds(10));
        assertThat(store().findActive(2)).extracting(UptoSession::id).containsExactly(b.id(), a.id());
        assertThat(store().findActive(1)).extracting(UptoSession::id).containsExactly(b.id());
    }

    @Test
    void concurrentReservationsOnBigAmountsStayWithinTheCap() throws Exception {
        BigInteger unit = BigInteger.TEN.pow(30);
        UptoSession s = store().openIfAbsent(sessionWithCap(unit.multiply(BigInteger.valueOf(20))));
        List<Future<SessionStore.Reservation>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> store().reserve(s.id(), unit, T0)));
            }
        }
        long reserved = 0;
        for (var r : results) {
            if (r.get() instanceof SessionStore.Reservation.Reserved) {
                reserved++;
            }
        }
        assertThat(reserved).isEqualTo(20);
        assertThat(store().find(s.id()).orElseThrow().remaining()).isZero();
    }
}
