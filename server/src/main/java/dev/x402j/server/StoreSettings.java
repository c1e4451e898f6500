package dev.x402j.server;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the server keeps its settlement ledger, its {@code upto} sessions and its payment tracking, and what guards the
 * periodic reconciler, resolved from the environment first and then {@code application.yml}:
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
 * else {@code x402j:}.
 *
 * <p>Problems are sentences naming the setting; none repeats a URL (it may hold a password). Immutable;
 * {@link #toString()} shows hosts, ports, databases and users, never a password.
 */
public final class StoreSettings {
    public static final String DATABASE_URL = "DATABASE_URL";
    public static final String REDIS_URL = "REDIS_URL";
    public static final String X402J_REDIS_KEY_PREFIX = "X402J_REDIS_KEY_PREFIX";
    public static final int DEFAULT_MAXIMUM_POOL_SIZE = 10;
    public static final String DEFAULT_REDIS_KEY_PREFIX = "x402j:";
    public static final int DEFAULT_POSTGRES_PORT = 5432;

    private static final List<String> REDIS_SCHEMES =
            List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-socket");

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
    static StoreSettings forDevMode(EnvironmentVariables env, X402jProperties props, DataSourceProperties ds) {
        List<String> ignored = new ArrayList<>();
        if (env.get(DATABASE_URL).isPresent()) {
            ignored.add(DATABASE_URL);
        } else if (present(ds.getUrl())) {
            ignored.add("datasources.default.url");
        }
        if (env.get(REDIS_URL).isPresent()) {
            ignored.add(REDIS_URL);
        } else if (present(props.getRedis().getUrl())) {
            ignored.add("x402j.redis.url");
        }
        return new StoreSettings(null, null, ignored);
    }

    /**
     * Resolves the store settings; each problem found is added to {@code problems} as a clause naming its setting.
     *
     * @return the settings, or memory when a problem was found
     */
    static StoreSettings resolve(
            EnvironmentVariables env, X402jProperties props, DataSourceProperties ds, List<String> problems) {
        Postgres postgres = null;
        Redis redis = null;
        int before = problems.size();

        Integer poolSetting = ds.getMaximumPoolSize();
        int poolSize = DEFAULT_MAXIMUM_POOL_SIZE;
        if (poolSetting != null) {
            if (poolSetting < 1) {
                problems.add("datasources.default.maximum-pool-size must be at least 1, not " + poolSetting);
            } else {
                poolSize = poolSetting;
            }
        }
        Optional<String> databaseUrl = env.get(DATABASE_URL);
        String databaseSetting = DATABASE_URL;
        if (databaseUrl.isEmpty() && present(ds.getUrl())) {
            databaseUrl = Optional.of(ds.getUrl().strip());
            databaseSetting = "datasources.default.url";
        }
        if (databaseUrl.isPresent()) {
            postgres = parsePostgres(databaseSetting, databaseUrl.get(), blankToNull(ds.getUsername()),
                    emptyToNull(ds.getPassword()), poolSize, problems);
        }

        X402jProperties.Redis redisProps = props.getRedis() == null ? new X402jProperties.Redis() : props.getRedis();
        Optional<String> redisUrl = env.get(REDIS_URL);
        String redisSetting = REDIS_URL;
        if (redisUrl.isEmpty() && present(redisProps.getUrl())) {
            redisUrl = Optional.of(redisProps.getUrl().strip());
            redisSetting = "x402j.redis.url";
        }
        String prefix = env.get(X402J_REDIS_KEY_PREFIX)
                .or(() -> Optional.ofNullable(redisProps.getKeyPrefix()))
                .orElse(DEFAULT_REDIS_KEY_PREFIX);
        if (redisUrl.isPresent()) {
            redis = parseRedis(redisSetting, redisUrl.get(), prefix, problems);
        }
        if (problems.size() > before) {
            return MEMORY;
        }
        return new StoreSettings(postgres, redis, List.of());
    }

    // ------------------------------------------------------------------------------------------------ parsing

    /**
     * Reads a PostgreSQL URL: {@code postgres://[user[:password]@]host[:port]/database[?parameters]},
     * {@code postgresql://…}, or any JDBC URL of the PostgreSQL driver ({@code jdbc:postgresql://host:port/database
     * [?user=…&password=…]}). The user and password of the URL win over the fallbacks.
     *
     * @return the location, or null after adding a problem (which never repeats the URL)
     */
    static Postgres parsePostgres(
            String setting, String text, String fallbackUser, String fallbackPassword, int poolSize, List<String> problems) {
        String notAUrl = setting + " is not a PostgreSQL URL (expected postgres://user:password@host:5432/database or"
                + " jdbc:postgresql://host:5432/database; the value is not repeated here as it may hold a password)";
        String url = text.strip();
        String lower = url.toLowerCase(Locale.ROOT);
        String jdbcUrl;
        String user = null;
        String password = null;
        if (lower.startsWith("jdbc:postgresql:")) {
            jdbcUrl = url;
        } else if (lower.startsWith("postgres://") || lower.startsWith("postgresql://")) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                problems.add(setting + " is not a valid URL (percent-encode special characters of the user and"
                        + " password; the value is not repeated here as it may hold a password)");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                problems.add(notAUrl);
                return null;
            }
            String rawUserInfo = uri.getRawUserInfo();
            if (rawUserInfo != null && !rawUserInfo.isEmpty()) {
                int colon = rawUserInfo.indexOf(':');
                user = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
                password = colon < 0 ? null : decode(rawUserInfo.substring(colon + 1));
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            String database = path.startsWith("/") ? path.substring(1) : path;
            if (database.isEmpty()) {
                problems.add(setting + " names no database (expected postgres://user:password@host:5432/database)");
                return null;
            }
            int port = uri.getPort() < 0 ? DEFAULT_POSTGRES_PORT : uri.getPort();
            jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } else {
            problems.add(notAUrl);
            return null;
        }

        Properties parsed;
        try {
            parsed = org.postgresql.Driver.parseURL(jdbcUrl, null);
        } catch (RuntimeException e) {
            parsed = null;
        }
        if (parsed == null) {
            problems.add(notAUrl);
            return null;
        }
        String database = parsed.getProperty("PGDBNAME", "");
        if (database.isBlank()) {
            problems.add(setting + " names no database (expected postgres://user:password@host:5432/database)");
            return null;
        }
        if (user == null) {
            user = blankToNull(parsed.getProperty("user"));
        }
        if (password == null) {
            password = emptyToNull(parsed.getProperty("password"));
        }
        if (user == null) {
            user = fallbackUser;
        }
        if (password == null) {
            password = fallbackPassword;
        }
        String endpoint = hostsAndPorts(parsed) + "/" + database;
        return new Postgres(setting, jdbcUrl, user, password, endpoint, poolSize);
    }

    /**
     * Reads a Redis URL: {@code redis://[[user:]password@]host[:port][/db]}, {@code rediss://} (TLS),
     * {@code redis-sentinel://…}, {@code redis-socket://…}.
     *
     * @return the location, or null after adding a problem (which never repeats the URL)
     */
    static Redis parseRedis(String setting, String text, String keyPrefix, List<String> problems) {
        String url = text.strip();
        String notAUrl = setting + " is not a Redis URL (expected redis://[[user:]password@]host[:port][/database] or"
                + " rediss://…; the value is not repeated here as it may hold a password)";
        int colon = url.indexOf("://");
        if (colon <= 0 || !REDIS_SCHEMES.contains(url.substring(0, colon).toLowerCase(Locale.ROOT))) {
            problems.add(notAUrl);
            return null;
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            problems.add(notAUrl);
            return null;
        }
        if (uri.getSocket() == null && uri.getSentinels().isEmpty() && (uri.getHost() == null || uri.getHost().isBlank())) {
            problems.add(notAUrl);
            return null;
        }
        return new Redis(setting, url, redisEndpoint(uri), keyPrefix);
    }

    /** Host, port and database of a Redis URI; never its credentials. */
    static String redisEndpoint(RedisURI uri) {
        if (uri.getSocket() != null) {
            return "socket " + uri.getSocket() + "/" + uri.getDatabase();
        }
        if (!uri.getSentinels().isEmpty()) {
            return "sentinel master " + uri.getSentinelMasterId() + "/" + uri.getDatabase();
        }
        return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    }

    private static String hostsAndPorts(Properties parsed) {
        String[] hosts = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] ports = parsed.getProperty("PGPORT", Integer.toString(DEFAULT_POSTGRES_PORT)).split(",");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            out.add(hosts[i] + ":" + (i < ports.length ? ports[i] : ports[ports.length - 1]));
        }
        return String.join(",", out);
    }

    /** Percent-decoding of a URL part ({@code +} stays a plus, as in a URL's user info and path). */
    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
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
