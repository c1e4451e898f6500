package dev.x402j.store.postgres;

import dev.x402j.core.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The PostgreSQL stores of x402j, on a {@link DataSource} the application provides (a pool such as HikariCP, or the
 * driver's own {@code PGSimpleDataSource}). The one entry point of this module:
 *
 * <pre>{@code
 * PostgresStores.migrate(dataSource);                        // creates or updates schema x402j
 * PostgresStores stores = PostgresStores.create(dataSource, PostgresStores.Options.defaults());
 * Facilitator facilitator = Facilitator.builder()
 *         .settlementStore(stores.settlements())
 *         ...
 * }</pre>
 *
 * <p>{@link #migrate} applies this module's Flyway migrations to their own schema with their own history table
 * ({@code <schema>.x402j_schema_history}); an application's own Flyway migrations are unaffected. {@link #create} does
 * no I/O; the stores borrow a connection per call and give it back at once. Everything here is thread-safe.
 */
public final class PostgresStores {
    /** The Flyway history table of x402j's migrations, in the x402j schema. */
    public static final String HISTORY_TABLE = "x402j_schema_history";

    static final String MIGRATIONS = "classpath:db/migration/x402j";
    /**
     * Our migrations are named {@code x402j_V<n>__….pgsql}. An application's own Flyway scanning
     * {@code classpath:db/migration} recurses into {@code db/migration/x402j}; with its defaults (prefix {@code V},
     * suffix {@code .sql}) it neither runs these files nor, with {@code validateMigrationNaming}, rejects them.
     */
    static final String MIGRATION_PREFIX = "x402j_V";

    static final String MIGRATION_SUFFIX = ".pgsql";

    private final Options options;
    private final PostgresSettlementStore settlements;
    private final PostgresSessionStore sessions;
    private final PostgresTrackingStore tracking;

    private PostgresStores(DataSource dataSource, Options options) {
        this.options = options;
        Jdbc jdbc = new Jdbc(dataSource, options.queryTimeout());
        this.settlements = new PostgresSettlementStore(jdbc, options.schema());
        this.sessions = new PostgresSessionStore(jdbc, options.schema());
        this.tracking = new PostgresTrackingStore(jdbc, options.schema());
    }

    /** The stores in schema {@code x402j}. */
    public static PostgresStores create(DataSource dataSource) {
        return create(dataSource, Options.defaults());
    }

    /** The stores in {@code options.schema()}, which {@link #migrate(DataSource, Options)} must have prepared. */
    public static PostgresStores create(DataSource dataSource, Options options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        return new PostgresStores(dataSource, options);
    }

    /** {@link #migrate(DataSource, Options)} with the default schema {@code x402j}. */
    public static int migrate(DataSource dataSource) {
        return migrate(dataSource, Options.defaults());
    }

    /**
     * Creates the schema if needed and applies the migrations it does not have yet; does nothing when it is up to
     * date. Safe to run from several instances at once (Flyway serialises them with an advisory lock).
     *
     * @return the number of migrations applied, 0 when the schema was up to date
     * @throws StoreUnavailableException if the database cannot be reached
     * @throws PostgresStoreException if a migration fails or the schema's history does not match this version
     */
    public static int migrate(DataSource dataSource, Options options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        Flyway flyway = Flyway.configure(PostgresStores.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(options.schema())
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(MIGRATIONS)
                .sqlMigrationPrefix(MIGRATION_PREFIX)
                .sqlMigrationSuffixes(MIGRATION_SUFFIX)
                .validateMigrationNaming(true)
                .failOnMissingLocations(true)
                .baselineOnMigrate(false)
                .cleanDisabled(true)
                .load();
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (FlywayException e) {
            SQLException sql = sqlCause(e);
            if (sql != null && SqlErrors.isUnavailable(sql, sql.getSQLState())) {
                throw PostgresStoreException.unavailable("migrate", sql.getSQLState(), "the database is unavailable", e);
            }
            throw new PostgresStoreException("migrate", sql == null ? null : sql.getSQLState(), "Flyway could not migrate schema "
                    + options.schema(), e);
        }
    }

    public PostgresSettlementStore settlements() {
        return settlements;
    }

    public PostgresSessionStore sessions() {
        return sessions;
    }

    public PostgresTrackingStore tracking() {
        return tracking;
    }

    public Options options() {
        return options;
    }

    private static SQLException sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** A schema name, already validated, as a quoted identifier (so even a keyword such as {@code user} works). */
    static String quote(String schema) {
        return '"' + schema + '"';
    }

    /**
     * Settings of the PostgreSQL stores.
     *
     * @param schema the schema holding x402j's tables and migration history: lower-case letters, digits and
     *     underscores, starting with a letter or underscore, at most 63 characters; default {@code x402j}
     * @param queryTimeout how long one statement may run before the driver cancels it (the call then fails with
     *     {@link StoreUnavailableException}); whole seconds, rounded up; {@link Duration#ZERO} for none; default 10 s
     */
    public record Options(String schema, Duration queryTimeout) {
        public static final String DEFAULT_SCHEMA = "x402j";
        public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);
        private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

        public Options {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(queryTimeout, "queryTimeout");
            if (!SCHEMA.matcher(schema).matches() || schema.startsWith("pg_")) {
                throw new IllegalArgumentException("schema must be a lower-case identifier ([a-z_][a-z0-9_]*, at most 63"
                        + " characters, not pg_…), not '" + schema + "'");
            }
            if (queryTimeout.isNegative()) {
                throw new IllegalArgumentException("queryTimeout must not be negative");
            }
        }

        /** Schema {@code x402j}, statements time out after 10 s. */
        public static Options defaults() {
            return new Options(DEFAULT_SCHEMA, DEFAULT_QUERY_TIMEOUT);
        }

        public Options withSchema(String schema) {
            return new Options(schema, queryTimeout);
        }

        public Options withQueryTimeout(Duration queryTimeout) {
            return new Options(schema, queryTimeout);
        }
    }
}
