package dev.x402j.server;

import dev.x402j.core.config.SettingValue;
import dev.x402j.core.config.SettingsReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the server keeps its settlement ledger, its {@code upto} sessions and its payment tracking, and what guards the
 * periodic reconciler, resolved from the environment first and then {@code application.yml} ({@link GeneralSettings}):
 *
 * <table>
 *   <caption>stores by configuration</caption>
 *   <tr><th>configured</th><th>ledger</th><th>sessions</th><th>tracking</th><th>reconciler lock</th></tr>
 *   <tr><td>nothing (and always in dev mode)</td><td>memory</td><td>memory</td><td>memory</td><td>none</td></tr>
 *   <tr><td>PostgreSQL</td><td>PostgreSQL</td><td>PostgreSQL</td><td>PostgreSQL</td><td>none (passes may overlap,
 *       safely)</td></tr>
 *   <tr><td>Redis</td><td>Redis</td><td>Redis</td><td>memory</td><td>Redis</td></tr>
 *   <tr><td>both</td><td>PostgreSQL</td><td>PostgreSQL</td><td>PostgreSQL</td><td>Redis</td></tr>
 * </table>
 *
 * <p>PostgreSQL: {@code DATABASE_URL} ({@code postgres://user:password@host:port/database},
 * {@code postgresql://…} or {@code jdbc:postgresql://…}), else {@code datasources.default.url}; the user and password
 * come from the URL, else from {@code datasources.default.username} / {@code .password}. Redis: {@code REDIS_URL}, else
 * {@code x402j.redis.url}, with the key prefix {@code X402J_REDIS_KEY_PREFIX}, else {@code x402j.redis.key-prefix},
 * else {@code x402j:}. The URLs are read by {@link StoreUrls}.
 *
 * <p>Problems are sentences naming the setting; none repeats a URL (it may hold a password). Immutable;
 * {@link #toString()} shows hosts, ports, databases and users, never a password.
 */
public final class StoreSettings {
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    public static final String DEFAULT_REDIS_KEY_PREFIX = "x402j:";
    public static final int DEFAULT_POSTGRES_PORT = 5432;

    /** Where one kind of record lives. */
    public enum Backend {
        MEMORY,
        POSTGRES,
        REDIS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A PostgreSQL to connect to.
     *
     * @param setting where it came from ({@code DATABASE_URL} or {@code datasources.default.url}), for messages
     * @param jdbcUrl the JDBC URL; a {@code postgres://} URL's credentials are moved out of it, a JDBC URL is kept as
     *     given (it may carry {@code password=}: never log it)
     * @param username the user, from the URL or {@code datasources.default.username}; may be null (the driver's default)
     * @param password the password, from the URL or {@code datasources.default.password}; may be null
     * @param endpoint {@code host:port/database}, safe to log
     * @param maximumPoolSize the largest number of pooled connections
     */
    public record Postgres(
            String setting, String jdbcUrl, String username, String password, String endpoint, int maximumPoolSize) {
        public Postgres {
            Objects.requireNonNull(setting, "setting");
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(endpoint, "endpoint");
        }

        /** Never the password nor the URL. */
        @Override
        public String toString() {
            return "postgres " + endpoint + (username == null ? "" : " as " + username) + " (pool " + maximumPoolSize + ")";
        }
    }

    /**
     * A Redis to connect to.
     *
     * @param setting where it came from ({@code REDIS_URL} or {@code x402j.redis.url}), for messages
     * @param url the URL as given (it may hold a password: never log it)
     * @param endpoint {@code host:port/db}, safe to log
     * @param keyPrefix the prefix of every key
     */
    public record Redis(String setting, String url, String endpoint, String keyPrefix) {
        public Redis {
            Objects.requireNonNull(setting, "setting");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(keyPrefix, "keyPrefix");
        }

        /** Never the password nor the URL. */
        @Override
        public String toString() {
            return "redis " + endpoint + " (key prefix '" + keyPrefix + "')";
        }
    }

    private static final StoreSettings MEMORY = new StoreSettings(null, null, List.of());

    private final Postgres postgres;
    private final Redis redis;
    private final List<String> ignored;

    private StoreSettings(Postgres postgres, Redis redis, List<String> ignored) {
        this.postgres = postgres;
        this.redis = redis;
        this.ignored = List.copyOf(ignored);
    }

    /** Everything in memory: nothing shared with another instance, nothing kept across a restart. */
    public static StoreSettings memory() {
        return MEMORY;
    }

    public static StoreSettings of(Postgres postgres, Redis redis) {
        return new StoreSettings(postgres, redis, List.of());
    }

    /**
     * Dev mode's stores: memory, whatever is configured (its local chains are new on every run, so a durable ledger
     * would hold transactions of chains that no longer exist). Names the store settings it ignores, for the log.
     */
    static StoreSettings forDevMode(SettingsReader reader) {
        List<String> ignored = new ArrayList<>();
        reader.value(GeneralSettings.DATABASE_URL).ifPresent(url -> ignored.add(url.origin()));
        reader.value(GeneralSettings.REDIS_URL).ifPresent(url -> ignored.add(url.origin()));
        return new StoreSettings(null, null, ignored);
    }

    /**
     * Resolves the store settings; each problem found is added to the reader as a clause naming its setting.
     *
     * @return the settings, or memory when a problem was found
     */
    static StoreSettings resolve(SettingsReader reader) {
        List<String> problems = new ArrayList<>();
        int poolSize = poolSize(reader, problems);
        Postgres postgres = reader.value(GeneralSettings.DATABASE_URL)
                .map(url -> StoreUrls.parsePostgres(url.origin(), url.text(),
                        reader.value(GeneralSettings.DATABASE_USERNAME).map(SettingValue::text).orElse(null),
                        reader.value(GeneralSettings.DATABASE_PASSWORD).map(SettingValue::text).orElse(null),
                        poolSize, problems))
                .orElse(null);
        String prefix = reader.value(GeneralSettings.REDIS_KEY_PREFIX).map(SettingValue::text)
                .orElse(DEFAULT_REDIS_KEY_PREFIX);
        Redis redis = reader.value(GeneralSettings.REDIS_URL)
                .map(url -> StoreUrls.parseRedis(url.origin(), url.text(), prefix, problems))
                .orElse(null);
        problems.forEach(reader::problem);
        return problems.isEmpty() ? new StoreSettings(postgres, redis, List.of()) : MEMORY;
    }

    /** {@code datasources.default.maximum-pool-size}: a whole number of connections, at least 1. */
    private static int poolSize(SettingsReader reader, List<String> problems) {
        Optional<SettingValue> value = reader.value(GeneralSettings.DATABASE_MAXIMUM_POOL_SIZE);
        if (value.isEmpty()) {
            return DEFAULT_MAXIMUM_POOL_SIZE;
        }
        int size;
        try {
            size = Integer.parseInt(value.get().text());
        } catch (NumberFormatException notNumber) {
            problems.add(value.get().origin() + " must be a whole number of connections, at least 1, not '"
                    + value.get().text() + "'");
            return DEFAULT_MAXIMUM_POOL_SIZE;
        }
        if (size < 1) {
            problems.add(value.get().origin() + " must be at least 1, not " + size);
            return DEFAULT_MAXIMUM_POOL_SIZE;
        }
        return size;
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** The PostgreSQL to use, if one is configured. */
    public Optional<Postgres> postgres() {
        return Optional.ofNullable(postgres);
    }

    /** The Redis to use, if one is configured. */
    public Optional<Redis> redis() {
        return Optional.ofNullable(redis);
    }

    /** Where the settlement ledger is: PostgreSQL when configured, else Redis when configured, else memory. */
    public Backend ledger() {
        return postgres != null ? Backend.POSTGRES : redis != null ? Backend.REDIS : Backend.MEMORY;
    }

    /** Where the upto sessions are: with the ledger. */
    public Backend sessions() {
        return ledger();
    }

    /** Where payment tracking is: PostgreSQL when configured, else memory (Redis has no tracking store). */
    public Backend tracking() {
        return postgres != null ? Backend.POSTGRES : Backend.MEMORY;
    }

    /** Whether the periodic reconciler runs under a Redis lock (one instance at a time): whenever Redis is configured. */
    public boolean reconcilerLock() {
        return redis != null;
    }

    /** The store settings present but ignored (in dev mode), by name. */
    public List<String> ignored() {
        return ignored;
    }

    /** One line for the start-up log: where each kind of record is; never a password. */
    public String describe() {
        if (postgres == null && redis == null) {
            return "settlement ledger, upto sessions and tracking in memory (not shared with other instances, lost on"
                    + " restart)" + (ignored.isEmpty() ? "" : "; dev mode ignores " + String.join(", ", ignored));
        }
        StringBuilder s = new StringBuilder();
        if (postgres != null) {
            s.append("settlement ledger, upto sessions and tracking in ").append(postgres);
        } else {
            s.append("settlement ledger and upto sessions in ").append(redis).append(", tracking in memory");
        }
        s.append("; reconciler ").append(redis == null ? "unlocked (passes of several instances may overlap, safely)"
                : "locked in " + redis);
        return s.toString();
    }

    @Override
    public String toString() {
        return "StoreSettings[ledger=" + ledger().label() + ", sessions=" + sessions().label() + ", tracking="
                + tracking().label() + (postgres == null ? "" : ", " + postgres) + (redis == null ? "" : ", " + redis)
                + (ignored.isEmpty() ? "" : ", ignored=" + ignored) + "]";
    }
}
