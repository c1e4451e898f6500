package dev.x402j.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.InvalidTransitionException;
import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import dev.x402j.core.SignedTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The migrations on a real PostgreSQL: what they create, that running them again changes nothing, and that the rules
 * which make a double settlement impossible hold in the database itself, against plain SQL that bypasses the stores.
 */
class MigrationIT {
    /** The number of migrations in db/migration/x402j. */
    private static final int MIGRATION_COUNT = 2;

    private static TestDatabase db;
    private static DataSource ds;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = db.pool(6);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void migrateFromEmptyCreatesTheSchemaAndAgainIsANoOp() throws SQLException {
        var options = PostgresStores.Options.defaults().withSchema("fresh");
        assertThat(tables("fresh")).isEmpty();

        assertThat(PostgresStores.migrate(ds, options)).isEqualTo(MIGRATION_COUNT);
        assertThat(tables("fresh"))
                .containsExactlyInAnyOrder("settlement", "upto_session", "tracked_payment", PostgresStores.HISTORY_TABLE);
        assertThat(query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'fresh' AND indexname = 'settlement_unfinished_idx'"))
                .singleElement()
                .asString()
                .contains("(updated_at, payment_id)")
                .contains("WHERE (state = ANY (ARRAY['CLAIMED'::text, 'SUBMITTED'::text]))");
        List<String> history = query("SELECT version || ':' || success FROM fresh." + PostgresStores.HISTORY_TABLE + " ORDER BY installed_rank");

        assertThat(PostgresStores.migrate(ds, options)).isZero();
        assertThat(PostgresStores.migrate(ds, options)).isZero();
        assertThat(query("SELECT version || ':' || success FROM fresh." + PostgresStores.HISTORY_TABLE + " ORDER BY installed_rank"))
                .isEqualTo(history);
    }

    @Test
    void concurrentMigrationsApplyEachMigrationOnce() throws Exception {
        var options = PostgresStores.Options.defaults().withSchema("raced");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit((Callable<Integer>) () -> {
                    go.await();
                    return PostgresStores.migrate(ds, options);
                }));
            }
            go.countDown();
            int applied = 0;
            for (var r : runs) {
                applied += r.get();
            }
            assertThat(applied).isEqualTo(MIGRATION_COUNT);
        }
    }

    @Test
    void anApplicationsOwnFlywayWithDefaultSettingsIgnoresOurMigrations() {
        // An app scanning classpath:db/migration (Spring Boot's default) recurses into db/migration/x402j; our file
        // names (x402j_V1__….pgsql) are neither its migrations nor, even with strict naming, an error.
        Flyway app = Flyway.configure()
                .dataSource(ds)
                .schemas("app")
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                .load();
        assertThat(app.info().pending()).isEmpty();
        assertThat(app.migrate().migrationsExecuted).isZero();
    }

    @Test
    void theDatabaseRefusesASecondRowForTheSamePaymentId() throws SQLException {
        String schema = migrated("pk");
        insertSettlement(schema, "dup", "CLAIMED");
        assertThatThrownBy(() -> insertSettlement(schema, "dup", "CLAIMED"))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("23505");
    }

    @Test
    void theDatabaseRefusesToMoveAFinalRow() throws SQLException {
        String schema = migrated("guard");
        insertSettlement(schema, "p1", "CLAIMED");
        update(schema, "UPDATE %s.settlement SET state = 'SUBMITTED', transaction_ref = '0xabc' WHERE payment_id = 'p1'");
        update(schema, "UPDATE %s.settlement SET state = 'CONFIRMED' WHERE payment_id = 'p1'");

        for (String change : List.of(
                "UPDATE %s.settlement SET state = 'SUBMITTED' WHERE payment_id = 'p1'",
                "UPDATE %s.settlement SET state = 'CLAIMED' WHERE payment_id = 'p1'",
                "UPDATE %s.settlement SET state = 'FAILED', error_reason = 'x' WHERE payment_id = 'p1'",
                "UPDATE %s.settlement SET updated_at = now() WHERE payment_id = 'p1'",
                "DELETE FROM %s.settlement WHERE payment_id = 'p1'")) {
            assertThatThrownBy(() -> update(schema, change))
                    .as(change)
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo(SqlErrors.GUARD_VIOLATION);
        }
        assertThat(query("SELECT state FROM " + schema + ".settlement WHERE payment_id = 'p1'")).containsExactly("CONFIRMED");
    }

    @Test
    void theDatabaseRefusesSkippedStatesUnknownStatesAndLosingTheTransaction() throws SQLException {
        String schema = migrated("rules");
        insertSettlement(schema, "c", "CLAIMED");
        assertSqlState("XJ001", () -> update(schema,
                "UPDATE %s.settlement SET state = 'CONFIRMED', transaction_ref = '0x1' WHERE payment_id = 'c'"));
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET state = 'SETTLED' WHERE payment_id = 'c'"));
        assertSqlState("23514", () -> insertSettlement(schema, "u", "SETTLED"));
        assertSqlState("23514", () -> update(schema, "UPDATE %s.settlement SET state = 'SUBMITTED' WHERE payment_id = 'c'"));
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET amount = 1 WHERE payment_id = 'c'"));
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET claim_token = 'mine' WHERE payment_id = 'c'"));

        update(schema, "UPDATE %s.settlement SET state = 'SUBMITTED', transaction_ref = '0x1' WHERE payment_id = 'c'");
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET transaction_ref = '0x2' WHERE payment_id = 'c'"));
        assertSqlState("XJ001", () -> update(schema, "DELETE FROM %s.settlement WHERE payment_id = 'c'"));

        // A claim that sent nothing may be released.
        insertSettlement(schema, "r", "CLAIMED");
        update(schema, "DELETE FROM %s.settlement WHERE payment_id = 'r'");
    }

    @Test
    void theDatabaseKeepsEveryTransactionOfASettlementAndOnlyAddsReplacements() throws SQLException {
        String schema = migrated("history");
        insertSettlement(schema, "s", "CLAIMED");
        // A writer that predates the history column submits the old way: its one transaction becomes the history.
        update(schema, "UPDATE %s.settlement SET state = 'SUBMITTED', transaction_ref = '0xa', signed_transaction = '\\x01'"
                + " WHERE payment_id = 's'");
        assertThat(query("SELECT array_to_string(transactions, ',') FROM " + schema + ".settlement WHERE payment_id = 's'"))
                .containsExactly("0xa");

        // Replacing without recording the new transaction, recording two, rewriting or shortening the history: refused.
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET transaction_ref = '0xb', signed_transaction = '\\x02'"
                + " WHERE payment_id = 's'"));
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET transaction_ref = '0xb', signed_transaction = '\\x02',"
                + " transactions = transactions || '{0xb,0xc}'::text[] WHERE payment_id = 's'"));
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET transactions = '{0xz,0xa}' WHERE payment_id = 's'"));
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET transaction_ref = '0xa', signed_transaction = '\\x03'"
                + " WHERE payment_id = 's'"));
        // A replacement adds exactly the new current transaction.
        update(schema, "UPDATE %s.settlement SET transaction_ref = '0xb', signed_transaction = '\\x02',"
                + " transactions = transactions || '0xb'::text WHERE payment_id = 's'");
        // Going back to an earlier transaction is not a replacement.
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET transaction_ref = '0xa', signed_transaction = '\\x01',"
                + " transactions = transactions || '0xa'::text WHERE payment_id = 's'"));
        // Confirmed by a stranger: refused; by an earlier transaction of the row: fine.
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET state = 'CONFIRMED', transaction_ref = '0xq'"
                + " WHERE payment_id = 's'"));
        update(schema, "UPDATE %s.settlement SET state = 'CONFIRMED', transaction_ref = '0xa' WHERE payment_id = 's'");
        assertThat(query("SELECT state || ' ' || transaction_ref || ' ' || array_to_string(transactions, ',') FROM " + schema
                + ".settlement WHERE payment_id = 's'")).containsExactly("CONFIRMED 0xa 0xa,0xb");
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET transactions = transactions || '0xc'::text"
                + " WHERE payment_id = 's'"));

        // A failing settlement keeps its transaction and history.
        insertSettlement(schema, "f", "CLAIMED");
        update(schema, "UPDATE %s.settlement SET state = 'SUBMITTED', transaction_ref = '0xf', transactions = '{0xf}'"
                + " WHERE payment_id = 'f'");
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET state = 'FAILED', error_reason = 'x',"
                + " transaction_ref = '0xg', transactions = '{0xf,0xg}' WHERE payment_id = 'f'"));
        assertSqlState("XJ001", () -> update(schema, "UPDATE %s.settlement SET transactions = '{0xf,NULL}' WHERE payment_id = 'f'"));
        // Rows inserted whole (the trigger guards changes) must hold their transaction in a history without gaps.
        String insert = "INSERT INTO %s.settlement (payment_id, claim_token, fingerprint, state, scheme, network, amount,"
                + " transaction_ref, transactions, created_at, updated_at) VALUES ('%s', 'tok', 'fp', 'SUBMITTED', 'exact',"
                + " 'eip155:8453', 10, '0xt', '%s', now(), now())";
        assertSqlState("23514", () -> update(schema, insert.formatted("%s", "i1", "{0xother}")));
        assertSqlState("23514", () -> update(schema, insert.formatted("%s", "i2", "{0xt,NULL}")));
        update(schema, insert.formatted("%s", "i3", "{0xt}"));
    }

    @Test
    void rowsWrittenUnderVersion1AreReadAndSettledUnderVersion2() throws SQLException {
        String schema = "upgraded";
        Flyway v1 = Flyway.configure(PostgresStores.class.getClassLoader())
                .dataSource(ds)
                .schemas(schema)
                .createSchemas(true)
                .table(PostgresStores.HISTORY_TABLE)
                .locations(PostgresStores.MIGRATIONS)
                .sqlMigrationPrefix(PostgresStores.MIGRATION_PREFIX)
                .sqlMigrationSuffixes(PostgresStores.MIGRATION_SUFFIX)
                .target("1")
                .load();
        assertThat(v1.migrate().migrationsExecuted).isEqualTo(1);
        insertSettlement(schema, "claimed", "CLAIMED");
        for (String state : List.of("submitted", "confirmed", "failed")) {
            insertSettlement(schema, state, "CLAIMED");
            update(schema, "UPDATE %s.settlement SET state = 'SUBMITTED', transaction_ref = '0x" + state
                    + "', signed_transaction = '\\x0102' WHERE payment_id = '" + state + "'");
        }
        update(schema, "UPDATE %s.settlement SET state = 'CONFIRMED' WHERE payment_id = 'confirmed'");
        update(schema, "UPDATE %s.settlement SET state = 'FAILED', error_reason = 'transaction_failed' WHERE payment_id = 'failed'");

        assertThat(PostgresStores.migrate(ds, PostgresStores.Options.defaults().withSchema(schema))).isEqualTo(MIGRATION_COUNT - 1);
        PostgresSettlementStore store = PostgresStores.create(ds, PostgresStores.Options.defaults().withSchema(schema)).settlements();

        SettlementRecord confirmed = store.find(new PaymentId("confirmed")).orElseThrow();
        assertThat(confirmed.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(confirmed.transactions()).containsExactly("0xconfirmed");
        assertThat(store.find(new PaymentId("failed")).orElseThrow().transactions()).containsExactly("0xfailed");
        assertThat(store.find(new PaymentId("claimed")).orElseThrow().transactions()).isEmpty();
        // Final rows stay final; the open ones carry on.
        assertThatThrownBy(() -> store.markReplaced(new PaymentId("confirmed"), "0xconfirmed",
                new SignedTransaction("0xlate", new byte[] {1}), Instant.now())).isInstanceOf(InvalidTransitionException.class);
        SettlementRecord replaced = store.markReplaced(new PaymentId("submitted"), "0xsubmitted",
                new SignedTransaction("0xbumped", new byte[] {9}), Instant.now());
        assertThat(replaced.transactions()).containsExactly("0xsubmitted", "0xbumped");
        assertThat(store.markConfirmed(new PaymentId("submitted"), "0xsubmitted", Instant.now()).transaction())
                .isEqualTo("0xsubmitted");
        store.markSubmitted(new PaymentId("claimed"), "tok", new SignedTransaction("0xnew", new byte[] {2}), Instant.now());
        assertThat(store.find(new PaymentId("claimed")).orElseThrow().transactions()).containsExactly("0xnew");
    }

    @Test
    void theDatabaseKeepsSessionsWithinTheirCap() throws SQLException {
        String schema = migrated("caps");
        update(schema, "INSERT INTO %s.upto_session (id, cap, pending, settled, status, created_at, last_activity_at)"
                + " VALUES ('s', 100, 60, 40, 'OPEN', now(), now())");
        assertSqlState("23514", () -> update(schema, "UPDATE %s.upto_session SET pending = pending + 1 WHERE id = 's'"));
        assertSqlState("23514", () -> update(schema, "UPDATE %s.upto_session SET status = 'PAUSED' WHERE id = 's'"));
        update(schema, "UPDATE %s.upto_session SET pending = 0, settled = 100 WHERE id = 's'");
    }

    private static String migrated(String schema) {
        PostgresStores.migrate(ds, PostgresStores.Options.defaults().withSchema(schema));
        return schema;
    }

    private static void insertSettlement(String schema, String id, String state) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO " + schema + ".settlement (payment_id, claim_token,"
                        + " fingerprint, state, scheme, network, amount, created_at, updated_at)"
                        + " VALUES (?, 'tok', 'fp', ?, 'exact', 'eip155:8453', 10, now(), now())")) {
            ps.setString(1, id);
            ps.setString(2, state);
            ps.executeUpdate();
        }
    }

    private static void update(String schema, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql.formatted(schema));
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void assertSqlState(String state, SqlAction action) {
        assertThatThrownBy(action::run)
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo(state);
    }

    private static List<String> tables(String schema) throws SQLException {
        return query("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'");
    }

    private static List<String> query(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }
}
