package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link SessionStore} must have; subclassed per store module. */
public abstract class SessionStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected abstract SessionStore store();

    protected static UptoSession session(long cap) {
        return UptoSession.open("s-" + UUID.randomUUID(), "eip155:84532", "0xasset", "0xowner", "0xspender",
                BigInteger.valueOf(cap), T0.plusSeconds(3600), T0);
    }

    @Test
    void openIfAbsentKeepsTheFirst() {
        SessionStore s = store();
        UptoSession a = session(100);
        assertThat(s.openIfAbsent(a).cap()).isEqualTo(BigInteger.valueOf(100));
        UptoSession sameId = new UptoSession(a.id(), a.network(), a.asset(), a.owner(), a.spender(), BigInteger.valueOf(5),
                BigInteger.ZERO, BigInteger.ZERO, UptoSession.Status.OPEN, a.deadline(), a.createdAt(), a.lastActivityAt());
        assertThat(s.openIfAbsent(sameId).cap()).isEqualTo(BigInteger.valueOf(100));
    }

    @Test
    void reservationsNeverExceedTheCapEvenConcurrently() throws Exception {
        SessionStore s = store();
        UptoSession a = s.openIfAbsent(session(1000));
        List<Future<SessionStore.Reservation>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> s.reserve(a.id(), BigInteger.valueOf(30), T0.plusSeconds(1))));
            }
            long reserved = 0;
            for (var r : results) {
                if (r.get() instanceof SessionStore.Reservation.Reserved) {
                    reserved++;
                }
            }
            assertThat(reserved).isEqualTo(33); // 33 × 30 = 990 ≤ 1000 < 34 × 30
        }
        assertThat(s.find(a.id()).orElseThrow().pending()).isEqualTo(BigInteger.valueOf(990));
        assertThat(s.reserve(a.id(), BigInteger.valueOf(11), T0)).isInstanceOf(SessionStore.Reservation.CapExhausted.class);
        assertThat(s.reserve(a.id(), BigInteger.TEN, T0)).isInstanceOf(SessionStore.Reservation.Reserved.class);
    }

    @Test
    void settlingBlocksReservationsThenMovesPendingToSettled() {
        SessionStore s = store();
        UptoSession a = s.openIfAbsent(session(100));
        s.reserve(a.id(), BigInteger.valueOf(40), T0);
        UptoSession batch = s.beginSettling(a.id(), T0).orElseThrow();
        assertThat(batch.pending()).isEqualTo(BigInteger.valueOf(40));
        assertThat(s.beginSettling(a.id(), T0)).isEmpty();
        assertThat(s.reserve(a.id(), BigInteger.ONE, T0)).isInstanceOf(SessionStore.Reservation.NotOpen.class);

        UptoSession after = s.finishSettling(a.id(), BigInteger.valueOf(40), false, T0.plusSeconds(2));
        assertThat(after.status()).isEqualTo(UptoSession.Status.OPEN);
        assertThat(after.pending()).isZero();
        assertThat(after.settled()).isEqualTo(BigInteger.valueOf(40));
        assertThat(after.remaining()).isEqualTo(BigInteger.valueOf(60));
    }

    @Test
    void aClosedSessionTakesNothingAndIsNoLongerActive() {
        SessionStore s = store();
        UptoSession a = s.openIfAbsent(session(100));
        s.reserve(a.id(), BigInteger.TEN, T0);
        s.beginSettling(a.id(), T0);
        s.finishSettling(a.id(), BigInteger.TEN, true, T0);
        assertThat(s.reserve(a.id(), BigInteger.ONE, T0)).isInstanceOf(SessionStore.Reservation.NotOpen.class);
        assertThat(s.findActive(1000)).extracting(UptoSession::id).doesNotContain(a.id());
        assertThatThrownBy(() -> s.finishSettling(a.id(), BigInteger.ZERO, true, T0)).isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void unknownSessionsAndNegativeAmountsAreRefused() {
        SessionStore s = store();
        assertThatThrownBy(() -> s.reserve("nope-" + UUID.randomUUID(), BigInteger.ONE, T0)).isInstanceOf(IllegalArgumentException.class);
        UptoSession a = s.openIfAbsent(session(100));
        assertThatThrownBy(() -> s.reserve(a.id(), BigInteger.ONE.negate(), T0)).isInstanceOf(IllegalArgumentException.class);
    }
}
