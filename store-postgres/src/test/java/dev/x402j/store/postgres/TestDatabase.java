package dev.x402j.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throw-away database on the real PostgreSQL these tests run against: {@code X402J_TEST_PG_URL}, by default
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. The URL's database is only used to create and drop
 * {@code x402j_it_<random>}; everything else happens in that one, and {@link #close} drops it again.
 */
final class TestDatabase implements AutoCloseable {
    static final String URL_ENV = "X402J_TEST_PG_URL";
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private final String name;
    private final List<HikariDataSource> pools = new ArrayList<>();

    private TestDatabase(String name) {
        this.name = name;
    }

    static String url() {
        String url = System.getenv(URL_ENV);
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    static TestDatabase create() {
        String name = "x402j_it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + url()
                    + " (set " + URL_ENV + " to a PostgreSQL the tests may use)", e);
        }
        return new TestDatabase(name);
    }

    String name() {
        return name;
    }

    /** No pool: every {@code getConnection()} opens a new connection to the test database. */
    PGSimpleDataSource unpooled() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url());
        ds.setDatabaseName(name);
        ds.setApplicationName("x402j-store-postgres-it");
        return ds;
    }

    /** A HikariCP pool of at most {@code size} connections, closed with this database. */
    DataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(unpooled());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setPoolName(name + "-" + pools.size());
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }

    private static DataSource admin() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url());
        return ds;
    }
}
