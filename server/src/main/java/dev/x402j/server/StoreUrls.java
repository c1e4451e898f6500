package dev.x402j.server;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Reads the store URLs of {@link StoreSettings}: PostgreSQL ({@code postgres://}, {@code postgresql://}, JDBC) and Redis
 * ({@code redis://}, {@code rediss://}, sentinel, socket). A bad URL is a problem naming its setting, never repeating the
 * URL (it may hold a password).
 */
final class StoreUrls {
    private static final List<String> REDIS_SCHEMES =
            List.of("redis", "rediss", "redis-sentinel", "rediss-sentinel", "redis-socket");

    private StoreUrls() {}

    /**
     * Reads a PostgreSQL URL: {@code postgres://[user[:password]@]host[:port]/database[?parameters]},
     * {@code postgresql://…}, or any JDBC URL of the PostgreSQL driver ({@code jdbc:postgresql://host:port/database
     * [?user=…&password=…]}). The user and password of the URL win over the fallbacks.
     *
     * @return the location, or null after adding a problem (which never repeats the URL)
     */
    static StoreSettings.Postgres parsePostgres(
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
            int port = uri.getPort() < 0 ? StoreSettings.DEFAULT_POSTGRES_PORT : uri.getPort();
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
        return new StoreSettings.Postgres(setting, jdbcUrl, user, password, endpoint, poolSize);
    }

    /**
     * Reads a Redis URL: {@code redis://[[user:]password@]host[:port][/db]}, {@code rediss://} (TLS),
     * {@code redis-sentinel://…}, {@code redis-socket://…}.
     *
     * @return the location, or null after adding a problem (which never repeats the URL)
     */
    static StoreSettings.Redis parseRedis(String setting, String text, String keyPrefix, List<String> problems) {
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
        return new StoreSettings.Redis(setting, url, redisEndpoint(uri), keyPrefix);
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
        String[] ports = parsed.getProperty("PGPORT", Integer.toString(StoreSettings.DEFAULT_POSTGRES_PORT)).split(",");
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
