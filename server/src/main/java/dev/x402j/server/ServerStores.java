package dev.x402j.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.x402j.core.InMemorySessionStore;
import dev.x402j.core.InMemorySettlementStore;
import dev.x402j.core.InMemoryTrackingStore;
import dev.x402j.core.SessionStore;
import dev.x402j.core.SettlementStore;
import dev.x402j.core.StoreUnavailableException;
import dev.x402j.core.TrackingStore;
import dev.x402j.store.postgres.PostgresStoreException;
import dev.x402j.store.postgres.PostgresStores;
import dev.x402j.store.redis.RedisLock;
import dev.x402j.store.redis.RedisStoreException;
import dev.x402j.store.redis.RedisStores;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores the server's facilitator uses, opened from {@link StoreSettings}: in memory, on PostgreSQL (a HikariCP
 * pool, the schema migrated at start-up), on Redis, or PostgreSQL for the records and Redis for the reconciler's lock.
 * Opening checks that each configured store can be used; a store that cannot stops start-up with a
 * {@link SettingsException} naming its setting (never its URL or password). {@link #close()} closes the pool and the
 * connection.
 */
final class ServerStores implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerStores.class);

    /** The name of the Redis lock every instance's periodic reconciler contends for. */
    static final String RECONCILER_LOCK = "settlement-reconciler";

    /** How long a caller waits for a pooled PostgreSQL connection before the store counts as unavailable. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private final SettlementStore settlements;
    private final SessionStore sessions;
    private final TrackingStore tracking;
    private final RedisLock reconcilerLock;
    private final RedisStores redis;
    private final List<AutoCloseable> resources;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ServerStores(SettlementStore settlements, SessionStore sessions, TrackingStore tracking,
            RedisLock reconcilerLock, RedisStores redis, List<AutoCloseable> resources) {
        this.settlements = settlements;
        this.sessions = sessions;
        this.tracking = tracking;
        this.reconcilerLock = reconcilerLock;
        this.redis = redis;
        this.resources = List.copyOf(resources);
    }

    /** In-memory stores, nothing to close. */
    static ServerStores memory() {
        return new ServerStores(new InMemorySettlementStore(), new InMemorySessionStore(), new InMemoryTrackingStore(),
                null, null, List.of());
    }

    /**
     * Opens the configured stores: connects, migrates PostgreSQL's schema, and fails fast.
     *
     * @throws SettingsException if a configured store cannot be used, naming its setting
     */
    static ServerStores open(StoreSettings settings) {
        if (settings.postgres().isEmpty() && settings.redis().isEmpty()) {
            log.warn("settlement ledger: in this process's memory, NOT durable: a restart forgets payments in flight"
                    + " and a second instance does not see this one's; keeps at most {} finished settlements. Set"
                    + " DATABASE_URL or REDIS_URL for a durable, shared ledger.",
                    InMemorySettlementStore.DEFAULT_MAX_FINISHED_RECORDS);
            return memory();
        }
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            PostgresStores postgres = settings.postgres().map(pg -> postgres(pg, opened)).orElse(null);
            RedisStores redis = settings.redis().map(r -> redis(r, opened)).orElse(null);
            SettlementStore settlements;
            SessionStore sessions;
            TrackingStore tracking;
            if (postgres != null) {
                settlements = postgres.settlements();
                sessions = postgres.sessions();
                tracking = postgres.tracking();
            } else {
                settlements = redis.settlements();
                sessions = redis.sessions();
                tracking = new InMemoryTrackingStore();
            }
            RedisLock lock = redis == null ? null : redis.lock(RECONCILER_LOCK);
            return new ServerStores(settlements, sessions, tracking, lock, redis, opened);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static PostgresStores postgres(StoreSettings.Postgres pg, List<AutoCloseable> opened) {
        probe(pg);
        HikariConfig config = new HikariConfig();
        config.setPoolName("x402j-postgres");
        config.setJdbcUrl(pg.jdbcUrl());
        if (pg.username() != null) {
            config.setUsername(pg.username());
        }
        if (pg.password() != null) {
            config.setPassword(pg.password());
        }
        config.setMaximumPoolSize(pg.maximumPoolSize());
        config.setMinimumIdle(Math.min(2, pg.maximumPoolSize()));
        // A request waits at most this long for a connection; then the store is reported unavailable (503, retry).
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // Reachability was just checked by the probe; a failure from here on is reported by the migration below,
        // as one sentence, rather than logged by the pool with a stack trace.
        config.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(config);
        opened.add(pool);
        try {
            int applied = PostgresStores.migrate(pool);
            if (applied > 0) {
                log.info("PostgreSQL {}: applied {} x402j schema migration(s)", pg.endpoint(), applied);
            }
        } catch (StoreUnavailableException e) {
            log.debug("migrating x402j's schema failed", e);
            throw new SettingsException(pg.setting() + " names a PostgreSQL that cannot be reached (" + pg.endpoint()
                    + sqlState(e).map(state -> ", SQLSTATE " + state).orElse("") + ").");
        } catch (PostgresStoreException e) {
            log.debug("migrating x402j's schema failed", e);
            throw new SettingsException(pg.setting() + " names a PostgreSQL whose x402j schema cannot be migrated ("
                    + pg.endpoint() + e.sqlState().map(state -> ", SQLSTATE " + state).orElse("")
                    + "; the user needs CREATE on the database, and the schema must not come from a newer x402j).");
        }
        return PostgresStores.create(pool);
    }

    /** The SQLSTATE of the driver's exception an unavailable PostgreSQL store keeps among the causes. */
    private static Optional<String> sqlState(StoreUnavailableException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.ofNullable(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    /** One connection, outside any pool, to tell an unreachable server, refused credentials and a missing database apart. */
    private static void probe(StoreSettings.Postgres pg) {
        PGSimpleDataSource probe = new PGSimpleDataSource();
        try {
            probe.setURL(pg.jdbcUrl());
        } catch (RuntimeException e) {
            throw new SettingsException(pg.setting() + " is not a PostgreSQL URL the driver accepts (the value is not"
                    + " repeated here as it may hold a password).");
        }
        probe.setApplicationName("x402j-server");
        probe.setConnectTimeout(10);
        probe.setLoginTimeout(10);
        if (pg.username() != null) {
            probe.setUser(pg.username());
        }
        if (pg.password() != null) {
            probe.setPassword(pg.password());
        }
        DataSource ds = probe;
        try (Connection c = ds.getConnection()) {
            c.isValid(10);
        } catch (SQLException e) {
            log.debug("connecting to PostgreSQL {} failed: SQLSTATE {}", pg.endpoint(), e.getSQLState());
            throw new SettingsException(postgresFailure(pg, e.getSQLState()));
        }
    }

    /** The sentence for a failed connection, by SQLSTATE class; never the driver's text (it may quote the URL). */
    static String postgresFailure(StoreSettings.Postgres pg, String sqlState) {
        String state = sqlState == null ? "" : sqlState;
        String who = pg.username() == null ? "" : "user " + pg.username() + " at ";
        if (state.startsWith("28")) {
            return pg.setting() + " names a PostgreSQL that refused the credentials (" + who + pg.endpoint() + ").";
        }
        if (state.equals("3D000")) {
            return pg.setting() + " names a database that does not exist (" + pg.endpoint() + ").";
        }
        if (state.isEmpty() || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
            return pg.setting() + " names a PostgreSQL that cannot be reached (" + pg.endpoint()
                    + (state.isEmpty() ? "" : ", SQLSTATE " + state) + ").";
        }
        return pg.setting() + " names a PostgreSQL that cannot be used (" + who + pg.endpoint() + ", SQLSTATE " + state
                + ").";
    }

    private static RedisStores redis(StoreSettings.Redis r, List<AutoCloseable> opened) {
        try {
            RedisStores redis = RedisStores.builder().url(r.url()).keyPrefix(r.keyPrefix()).build();
            opened.add(redis);
            redis.ping();
            return redis;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(r.setting() + " is not a Redis URL (the value is not repeated here as it may"
                    + " hold a password).");
        } catch (StoreUnavailableException e) {
            log.debug("connecting to Redis {} failed", r.endpoint(), e);
            if (refusedCredentials(e)) {
                throw new SettingsException(r.setting() + " names a Redis that refused the credentials (" + r.endpoint()
                        + ").");
            }
            throw new SettingsException(r.setting() + " names a Redis that cannot be reached (" + r.endpoint() + ").");
        } catch (RedisStoreException e) {
            log.debug("connecting to Redis {} failed", r.endpoint(), e);
            throw new SettingsException(refusedCredentials(e)
                    ? r.setting() + " names a Redis that refused the credentials (" + r.endpoint() + ")."
                    : r.setting() + " names a Redis that cannot be used (" + r.endpoint() + ").");
        }
    }

    /** Whether Redis answered an authentication error ({@code WRONGPASS}, {@code NOAUTH}, AUTH without a password set). */
    private static boolean refusedCredentials(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toUpperCase(Locale.ROOT);
            if (m.contains("WRONGPASS") || m.contains("NOAUTH") || m.contains("AUTH <PASSWORD>")
                    || m.contains("INVALID USERNAME-PASSWORD") || m.contains("WITHOUT ANY PASSWORD CONFIGURED")) {
                return true;
            }
        }
        return false;
    }

    SettlementStore settlements() {
        return settlements;
    }

    SessionStore sessions() {
        return sessions;
    }

    TrackingStore tracking() {
        return tracking;
    }

    /** The lock the periodic reconciler takes, when Redis is configured. */
    Optional<RedisLock> reconcilerLock() {
        return Optional.ofNullable(reconcilerLock);
    }

    /** The Redis connection, when Redis is configured: what the rate limiter shares its counts through. */
    Optional<RedisStores> redis() {
        return Optional.ofNullable(redis);
    }

    /** Closes the PostgreSQL pool and the Redis connection, if any. Idempotent. */
    @Override
    public void close() {
        if (!resources.isEmpty() && closed.compareAndSet(false, true)) {
            closeAll(resources);
            log.info("store connections closed");
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
