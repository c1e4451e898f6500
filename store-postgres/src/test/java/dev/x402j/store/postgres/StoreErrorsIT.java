package dev.x402j.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.StoreUnavailableException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How failures of a real PostgreSQL reach callers: as x402j exceptions naming the operation, telling an unreachable
 * database from a refused change, and never quoting the values of the call.
 */
class StoreErrorsIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String SECRET = "0xSECRETPAYER";

    private static TestDatabase db;
    private static DataSource ds;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = db.pool(4);
        PostgresStores.migrate(ds);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void anUnreachableDatabaseIsUnavailableAndRetryable() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1});
        nowhere.setDatabaseName("x402j");
        nowhere.setUser("postgres");
        nowhere.setConnectTimeout(2);
        PaymentId id = id();

        assertThatThrownBy(() -> PostgresStores.create(nowhere).settlements().find(id))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                    assertThat(e.operation()).isEqualTo("settlement find");
                    assertThat(sqlState(e)).startsWith("08");
                    assertThat(e.getMessage()).contains("settlement find").doesNotContain(id.value());
                });
        assertThatThrownBy(() -> PostgresStores.migrate(nowhere)).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void aDatabaseThatDoesNotExistIsUnavailable() {
        PGSimpleDataSource missing = db.unpooled();
        missing.setDatabaseName("x402j_no_such_database");
        assertThatThrownBy(() -> PostgresStores.create(missing).tracking().find("t"))
                .isInstanceOfSatisfying(StoreUnavailableException.class, e -> assertThat(sqlState(e)).isEqualTo("3D000"));
    }

    @Test
    void aRefusedChangeIsAConstraintViolationThatQuotesNoValue() {
        var settlements = PostgresStores.create(ds).settlements();
        PaymentId id = id();
        SettlementRecord negative = SettlementRecord.claimed(id, "tok", "fp", "exact", "eip155:8453", SECRET, BigInteger.valueOf(-5), T0);

        assertThatThrownBy(() -> settlements.claim(negative))
                .isInstanceOfSatisfying(StoreConstraintViolationException.class, e -> {
                    assertThat(e).isNotInstanceOf(StoreUnavailableException.class);
                    assertThat(e.constraint()).contains("settlement_amount_check");
                    assertThat(e.sqlState()).contains("23514");
                    assertThat(e.getMessage()).doesNotContain(id.value()).doesNotContain(SECRET).doesNotContain("-5");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void aSchemaThatWasNeverMigratedSaysSo() {
        var stores = PostgresStores.create(ds, PostgresStores.Options.defaults().withSchema("never_migrated"));
        assertThatThrownBy(() -> stores.sessions().find("s"))
                .isInstanceOfSatisfying(PostgresStoreException.class, e -> {
                    assertThat(e).isNotInstanceOf(StoreUnavailableException.class);
                    assertThat(e.sqlState()).contains("42P01");
                    assertThat(e.getMessage()).contains("session find").contains("PostgresStores.migrate");
                });
    }

    @Test
    void aStatementBlockedLongerThanTheQueryTimeoutIsCancelledAsUnavailable() throws Exception {
        var stores = PostgresStores.create(ds, PostgresStores.Options.defaults().withQueryTimeout(Duration.ofSeconds(1)));
        PaymentId id = id();
        stores.settlements().claim(SettlementRecord.claimed(id, "tok", "fp", "exact", "eip155:8453", "0xp", BigInteger.ONE, T0));
        try (Connection locker = ds.getConnection()) {
            locker.setAutoCommit(false);
            try (PreparedStatement ps = locker.prepareStatement("SELECT 1 FROM x402j.settlement WHERE payment_id = ? FOR UPDATE")) {
                ps.setString(1, id.value());
                ps.executeQuery().close();
            }
            assertThatThrownBy(() -> stores.settlements().markSubmitted(id, "tok", new SignedTransaction("0x1", new byte[] {1}), T0))
                    .isInstanceOfSatisfying(StoreUnavailableException.class, e -> {
                        assertThat(sqlState(e)).isEqualTo("57014");
                        assertThat(e.operation()).isEqualTo("settlement mark submitted");
                    });
            locker.rollback();
        }
    }

    /** The SQLSTATE of the driver's exception, which an unavailable store keeps as the cause. */
    private static String sqlState(StoreUnavailableException e) {
        assertThat(e.getCause()).isInstanceOf(SQLException.class);
        return ((SQLException) e.getCause()).getSQLState();
    }

    private static PaymentId id() {
        return new PaymentId("eip155:8453/0xasset/" + SECRET + "/" + UUID.randomUUID());
    }
}
