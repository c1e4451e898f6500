package dev.x402j.server.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.x402j.core.InMemorySettlementStore;
import dev.x402j.core.SettlementStore;
import dev.x402j.server.bench.BenchSettings.Ledger;
import dev.x402j.store.postgres.PostgresStores;
import dev.x402j.store.redis.RedisStores;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The settlement ledgers the benchmark measures, on the real services: in memory (a fresh one per run), on PostgreSQL
 * (a throw-away database {@code x402j_bench_<random>}, migrated, dropped on {@link #close()}) and on Redis (a key
 * prefix {@code x402j-bench:<uuid>:} of its own, whose keys {@link #close()} deletes, nothing else). A JVM shutdown hook
 * cleans up as well when the benchmark is interrupted (Ctrl-C).
 */
final class BenchLedgers implements AutoCloseable {
    private final Map<Ledger, String> descriptions = new EnumMap<>(Ledger.class);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::cleanUp, "x402j-bench-ledgers-cleanup");
    private String database;
    private String adminUrl;
    private HikariDataSource pool;
    private SettlementStore postgres;
    private RedisStores redis;
    private RedisClient redisAdmin;
    private StatefulRedisConnection<String, String> redisAdminConnection;
    private String redisPrefix;

    private BenchLedgers() {}

    /**
     * Connects to every ledger {@code settings} selects.
     *
     * @throws Unavailable naming the service that cannot be used
     */
    static BenchLedgers open(BenchSettings settings) {
        BenchLedgers ledgers = new BenchLedgers();
        Runtime.getRuntime().addShutdownHook(ledgers.shutdownHook);
        try {
            for (Ledger ledger : settings.ledgers()) {
                switch (ledger) {
                    case MEMORY -> ledgers.descriptions.put(ledger, "memory: InMemorySettlementStore, a fresh one per run");
                    case POSTGRES -> ledgers.openPostgres(settings);
                    case REDIS -> ledgers.openRedis(settings);
                }
            }
            return ledgers;
        } catch (RuntimeException e) {
            ledgers.close();
            throw e;
        }
    }

    private void openPostgres(BenchSettings settings) {
        adminUrl = settings.postgresUrl();
        String name = "x402j_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String version;
        String durability;
        try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            version = single(s, "SHOW server_version");
            durability = "fsync=" + single(s, "SHOW fsync") + ", synchronous_commit=" + single(s, "SHOW synchronous_commit");
        } catch (SQLException e) {
            throw new Unavailable("PostgreSQL at " + withoutQuery(adminUrl) + " cannot be used (SQLSTATE "
                    + e.getSQLState() + ": " + e.getMessage() + "); set " + BenchSettings.PREFIX + "postgres-url, or leave"
                    + " postgres out of " + BenchSettings.PREFIX + "ledgers", e);
        }
        database = name;
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setURL(adminUrl);
        target.setDatabaseName(name);
        target.setApplicationName("x402j-settle-benchmark");
        HikariConfig config = new HikariConfig();
        config.setDataSource(target);
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("x402j-bench");
        pool = new HikariDataSource(config);
        PostgresStores.migrate(pool);
        postgres = PostgresStores.create(pool).settlements();
        descriptions.put(Ledger.POSTGRES, "postgres: PostgreSQL " + version + " (" + durability + "), database " + name
                + ", HikariCP pool of " + settings.poolSize());
    }

    private void openRedis(BenchSettings settings) {
        redisPrefix = "x402j-bench:" + UUID.randomUUID() + ":";
        try {
            redis = RedisStores.builder().url(settings.redisUrl()).keyPrefix(redisPrefix).build();
            redisAdmin = RedisClient.create(settings.redisUrl());
            redisAdminConnection = redisAdmin.connect();
        } catch (RuntimeException e) {
            throw new Unavailable("Redis cannot be used (" + e.getMessage() + "); set " + BenchSettings.PREFIX
                    + "redis-url, or leave redis out of " + BenchSettings.PREFIX + "ledgers", e);
        }
        RedisCommands<String, String> admin = redisAdminConnection.sync();
        String version = admin.info("server").lines()
                .filter(l -> l.startsWith("redis_version:"))
                .map(l -> l.substring("redis_version:".length()).strip())
                .findFirst().orElse("?");
        String persistence;
        try {
            persistence = "appendonly=" + admin.configGet("appendonly").get("appendonly")
                    + ", appendfsync=" + admin.configGet("appendfsync").get("appendfsync");
        } catch (RuntimeException e) {
            persistence = "persistence settings not readable";
        }
        descriptions.put(Ledger.REDIS, "redis: Redis " + version + " (" + persistence + "), key prefix " + redisPrefix
                + ", one Lettuce connection");
    }

    /** The ledger to measure: a fresh one in memory, the shared one on PostgreSQL or Redis (payment ids never repeat). */
    SettlementStore ledger(Ledger ledger) {
        return switch (ledger) {
            case MEMORY -> new InMemorySettlementStore();
            case POSTGRES -> postgres;
            case REDIS -> redis.settlements();
        };
    }

    /** What each ledger is, for the report. */
    List<String> descriptions() {
        return new ArrayList<>(descriptions.values());
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run: it cleans up
        }
        cleanUp();
    }

    private void cleanUp() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        if (redis != null) {
            redis.close();
        }
        if (redisAdminConnection != null) {
            try {
                deleteRedisKeys(redisAdminConnection.sync());
            } catch (RuntimeException e) {
                failure = e;
            }
            redisAdminConnection.close();
        }
        if (redisAdmin != null) {
            redisAdmin.shutdown();
        }
        if (pool != null) {
            pool.close();
        }
        if (database != null) {
            try (Connection c = admin().getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (SQLException e) {
                failure = new IllegalStateException("cannot drop the benchmark's database " + database, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void deleteRedisKeys(RedisCommands<String, String> commands) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.matches(redisPrefix + "*").limit(1000));
            if (!page.getKeys().isEmpty()) {
                commands.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private PGSimpleDataSource admin() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(adminUrl);
        return ds;
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /** A service the benchmark needs cannot be used; the message says which and what to set. */
    static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Host, port and database of a JDBC URL, without the query that may carry a user and password. */
    private static String withoutQuery(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
