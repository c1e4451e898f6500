package dev.x402j.server;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL and Redis the multi-instance tests share their servers through, and direct reads of what the
 * servers wrote there (the ledger as the database holds it, not as a server reports it).
 */
final class TestStores {
    private TestStores() {}

    /**
     * A throw-away database {@code x402j_it_<random>} on the PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth),
     * dropped by {@link #close()}. The URL given to servers carries a password, which trust auth ignores: the tests check
     * that it never shows up in a server's output.
     */
    static final class Postgres implements AutoCloseable {
        static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

        final String database = "x402j_it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        final String password = "pw-" + UUID.randomUUID();

        Postgres() {
            try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create a test database on " + ADMIN_URL
                        + " (the multi-instance tests need PostgreSQL at 127.0.0.1:5432, user postgres)", e);
            }
        }

        /** The {@code DATABASE_URL} the servers get, in the {@code postgres://user:password@host:port/db} form. */
        String databaseUrl() {
            return "postgres://postgres:" + password + "@127.0.0.1:5432/" + database;
        }

        /** One settlement row as the ledger holds it. */
        record Settlement(String paymentId, String state, String transaction, String network) {}

        List<Settlement> settlements() {
            try (Connection c = connect();
                    PreparedStatement s = c.prepareStatement(
                            "SELECT payment_id, state, transaction_ref, network FROM x402j.settlement ORDER BY created_at");
                    ResultSet r = s.executeQuery()) {
                List<Settlement> out = new ArrayList<>();
                while (r.next()) {
                    out.add(new Settlement(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                }
                return out;
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState())) {
                    return List.of(); // not migrated yet
                }
                throw new IllegalStateException(e);
            }
        }

        private Connection connect() throws SQLException {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
            return ds.getConnection();
        }

        private static PGSimpleDataSource admin() {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(ADMIN_URL);
            return ds;
        }

        @Override
        public void close() {
            try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test database " + database, e);
            }
        }
    }

    /**
     * The Redis at 127.0.0.1:6379 db 0 under a key prefix of this test's own ({@code x402j-test:<class>:<uuid>:});
     * {@link #close()} deletes those keys and nothing else (nothing is flushed).
     */
    static final class Redis implements AutoCloseable {
        static final String URL = "redis://127.0.0.1:6379/0";

        final String prefix;
        private final RedisClient client = RedisClient.create(URL);
        private final StatefulRedisConnection<String, String> connection;

        Redis(Class<?> test) {
            this.prefix = "x402j-test:" + test.getSimpleName() + ":" + UUID.randomUUID() + ":";
            try {
                this.connection = client.connect();
            } catch (RuntimeException e) {
                client.shutdown();
                throw new IllegalStateException("the multi-instance tests need Redis at " + URL, e);
            }
        }

        RedisCommands<String, String> commands() {
            return connection.sync();
        }

        /** The keys under this test's prefix that match {@code pattern} (after the prefix). */
        List<String> keys(String pattern) {
            List<String> out = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = commands().scan(cursor, ScanArgs.Builder.matches(prefix + pattern).limit(500));
                out.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
            return out;
        }

        /** The settlement records, as Redis holds them: field → value per record. */
        List<Map<String, String>> settlements() {
            List<Map<String, String>> out = new ArrayList<>();
            for (String key : keys("settlement:*")) {
                out.add(new LinkedHashMap<>(commands().hgetall(key)));
            }
            return out;
        }

        @Override
        public void close() {
            try {
                List<String> keys = keys("*");
                if (!keys.isEmpty()) {
                    commands().unlink(keys.toArray(String[]::new));
                }
            } finally {
                connection.close();
                client.shutdown();
            }
        }
    }
}
