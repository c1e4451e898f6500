package dev.x402j.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.InMemoryTrackingStore;
import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.TrackedPayment;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.UptoSession;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Beyond the contract kits: the PostgreSQL stores give the same answers as the in-memory reference on random data
 * (nearest-rank percentiles by {@code percentile_disc} included), keep values exactly, and their work-list queries
 * can use the partial indexes.
 */
class AgreesWithInMemoryIT {
    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private static TestDatabase db;
    private static DataSource ds;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = db.pool(4);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @ParameterizedTest(name = "{0} records")
    @ValueSource(ints = {0, 1, 2, 3, 7, 19, 20, 21, 40, 101, 500})
    void statsAndListsAreTheInMemoryStoresFigures(int n) {
        TrackingStore pg = freshStores().tracking();
        TrackingStore memory = new InMemoryTrackingStore();
        Random random = new Random(n);
        Instant base = Instant.parse("2026-05-01T00:00:00Z");
        TrackedPayment.Status[] statuses = TrackedPayment.Status.values();
        for (int i = 0; i < n; i++) {
            // Microsecond times, some starts shared (ties ordered by id), some unfinished, a few mixed-case payers.
            Instant start = base.plus(random.nextInt(600_000_000), ChronoUnit.MICROS);
            Instant finish = random.nextInt(10) == 0 ? null : start.plus(random.nextInt(5_000_000), ChronoUnit.MICROS);
            TrackedPayment p = new TrackedPayment("p-" + random.nextInt(1_000_000), i % 5 == 0 ? base : start, finish, "GET",
                    "/r", "exact", "net" + random.nextInt(2), random.nextBoolean() ? "0xa" : "0xb",
                    random.nextInt(8) == 0 ? null : BigInteger.valueOf(random.nextInt(1000)).multiply(UINT256_MAX.shiftRight(20)),
                    random.nextBoolean() ? "0xPayerA" : "0xpayerb", statuses[random.nextInt(statuses.length)], null, null);
            pg.save(p);
            memory.save(p);
        }
        for (Instant[] window : List.of(
                new Instant[] {base, base.plusSeconds(600)},
                new Instant[] {base.plusSeconds(100), base.plusSeconds(350)},
                new Instant[] {base.plusNanos(1), base.plusSeconds(300).plusNanos(1)})) {
            assertThat(pg.stats(window[0], window[1])).isEqualTo(memory.stats(window[0], window[1]));
        }
        for (TrackingStore.Query q : List.of(
                TrackingStore.Query.all(1000),
                new TrackingStore.Query("net1", null, null, null, null, 7, 3),
                new TrackingStore.Query(null, "0XPAYERA", TrackedPayment.Status.SETTLED, null, null, 10, 0),
                new TrackingStore.Query(null, null, null, base.plusSeconds(50), base.plusSeconds(400), 25, 5),
                new TrackingStore.Query(null, null, null, null, null, 5, 10_000))) {
            assertThat(pg.list(q)).as(q.toString()).isEqualTo(memory.list(q));
        }
    }

    @Test
    void valuesComeBackExactly() {
        PostgresStores stores = freshStores();
        Instant micros = Instant.parse("2026-01-01T12:34:56.123456Z");
        PaymentId id = new PaymentId("x".repeat(512));
        byte[] bytes = new byte[4096];
        new Random(1).nextBytes(bytes);
        stores.settlements().claim(SettlementRecord.claimed(id, "t", "fp", "exact", "eip155:1", null, UINT256_MAX, micros));
        stores.settlements().markSubmitted(id, "t", new SignedTransaction("0xtx", bytes), micros.plusNanos(999));
        SettlementRecord read = stores.settlements().find(id).orElseThrow();
        assertThat(read.amount()).isEqualTo(UINT256_MAX);
        assertThat(read.payer()).isNull();
        assertThat(read.createdAt()).isEqualTo(micros);
        assertThat(read.updatedAt()).isEqualTo(micros); // sub-microsecond part cut off
        assertThat(read.signedTransaction()).isEqualTo(bytes);
        assertThat(read.state()).isEqualTo(SettlementState.SUBMITTED);

        UptoSession s = stores.sessions().openIfAbsent(
                UptoSession.open("s-" + UUID.randomUUID(), "n", "a", "o", "sp", UINT256_MAX, micros, micros));
        assertThat(s.cap()).isEqualTo(UINT256_MAX);
        assertThat(stores.sessions().reserve(s.id(), UINT256_MAX, micros).session().remaining()).isZero();
    }

    @Test
    void theWorkListQueriesCanUseThePartialIndexes() throws Exception {
        var options = PostgresStores.Options.defaults().withSchema(schema());
        PostgresStores.migrate(ds, options);
        PostgresStores stores = PostgresStores.create(ds, options);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL enable_seqscan = off");
            assertThat(plan(s, stores.settlements().unfinished, "'2026-01-01T00:00:00Z'", "100"))
                    .contains("settlement_unfinished_idx");
            assertThat(plan(s, stores.sessions().active, "100")).contains("upto_session_active_idx");
            c.rollback();
        }
    }

    private static String plan(Statement s, String sql, String... values) throws Exception {
        String explain = sql;
        for (String v : values) {
            explain = explain.replaceFirst("\\?", v);
        }
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN " + explain)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static PostgresStores freshStores() {
        var options = PostgresStores.Options.defaults().withSchema(schema());
        PostgresStores.migrate(ds, options);
        return PostgresStores.create(ds, options);
    }

    private static String schema() {
        return "agree_" + HexFormat.of().toHexDigits(new Random().nextInt());
    }
}
