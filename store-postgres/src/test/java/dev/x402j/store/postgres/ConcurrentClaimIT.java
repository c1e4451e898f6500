package dev.x402j.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidTransitionException;
import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import dev.x402j.core.SettlementStore;
import dev.x402j.core.SignedTransaction;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Races decided by PostgreSQL, not by this JVM: 64 platform threads, each call on a connection of its own (an unpooled
 * data source opens a new one per call), as 64 facilitator instances would be.
 */
class ConcurrentClaimIT {
    private static final int THREADS = 64;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static TestDatabase db;
    private static PGSimpleDataSource ds;
    private static PostgresSettlementStore store;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = db.unpooled();
        PostgresStores.migrate(ds);
        store = PostgresStores.create(ds).settlements();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void sixtyFourClaimsOfOnePaymentHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 3; round++) {
            PaymentId id = new PaymentId("eip155:8453/0xasset/0xpayer/" + UUID.randomUUID());
            List<SettlementStore.Claim> claims = race(i -> store.claim(claim(id, "token-" + i)));

            List<SettlementStore.Claim> won = claims.stream().filter(c -> c instanceof SettlementStore.Claim.Won).toList();
            assertThat(won).hasSize(1);
            String winner = ((SettlementStore.Claim.Won) won.get(0)).record().claimToken();
            assertThat(claims)
                    .filteredOn(c -> c instanceof SettlementStore.Claim.AlreadyClaimed)
                    .hasSize(THREADS - 1)
                    .allSatisfy(c -> assertThat(((SettlementStore.Claim.AlreadyClaimed) c).existing().claimToken()).isEqualTo(winner));
            assertThat(rowsFor(id)).isEqualTo(1);
            assertThat(store.find(id).orElseThrow().claimToken()).isEqualTo(winner);
        }
    }

    @Test
    void confirmingAndFailingRacesEndInOneFinalState() throws Exception {
        PaymentId id = new PaymentId("eip155:8453/0xasset/0xpayer/" + UUID.randomUUID());
        store.claim(claim(id, "tok"));
        store.markSubmitted(id, "tok", new SignedTransaction("0xabc", new byte[] {1}), T0);

        List<Object> outcomes = race(i -> {
            try {
                return i % 2 == 0
                        ? store.markConfirmed(id, T0.plusSeconds(1))
                        : store.markFailed(id, ErrorReason.of("transaction_failed"), "reverted", T0.plusSeconds(1));
            } catch (InvalidTransitionException refused) {
                return refused;
            }
        });

        SettlementState finalState = store.find(id).orElseThrow().state();
        assertThat(finalState).isIn(SettlementState.CONFIRMED, SettlementState.FAILED);
        // Every call either reports the one final state or is refused; none reports the other.
        assertThat(outcomes).allSatisfy(o -> {
            if (o instanceof SettlementRecord r) {
                assertThat(r.state()).isEqualTo(finalState);
            } else {
                assertThat(o).isInstanceOf(InvalidTransitionException.class);
            }
        });
        assertThat(outcomes).filteredOn(o -> o instanceof SettlementRecord).hasSize(THREADS / 2);
    }

    @Test
    void sixtyFourSubmittersWithTheirOwnClaimTokensCannotBothSubmit() throws Exception {
        PaymentId id = new PaymentId("eip155:8453/0xasset/0xpayer/" + UUID.randomUUID());
        store.claim(claim(id, "token-7"));

        List<Object> outcomes = race(i -> {
            try {
                return store.markSubmitted(id, "token-" + i, new SignedTransaction("0x" + i, new byte[] {(byte) i}), T0);
            } catch (InvalidTransitionException refused) {
                return refused;
            }
        });

        assertThat(outcomes).filteredOn(o -> o instanceof SettlementRecord).hasSize(1);
        assertThat(store.find(id).orElseThrow().transaction()).isEqualTo("0x7");
    }

    private interface Call<T> {
        T run(int thread) throws Exception;
    }

    /** Runs {@code call} on {@value #THREADS} platform threads released together. */
    private static <T> List<T> race(Call<T> call) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<T>> futures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int i = 0; i < THREADS; i++) {
                int thread = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    start.await();
                    return call.run(thread);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static SettlementRecord claim(PaymentId id, String token) {
        return SettlementRecord.claimed(id, token, "fp", "exact", "eip155:8453", "0xpayer", BigInteger.TEN, T0);
    }

    private static int rowsFor(PaymentId id) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM x402j.settlement WHERE payment_id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
