package dev.x402j.store.redis;

import dev.x402j.core.StoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The entry point of x402j on Redis: one connection, one key prefix, and the stores, locks and rate limiters built on
 * them.
 *
 * <pre>{@code
 * try (RedisStores redis = RedisStores.connect(System.getenv("REDIS_URL"))) {   // redis://host:6379/0
 *     Facilitator facilitator = Facilitator.builder()
 *             .settlementStore(redis.settlements())
 *             .sessionStore(redis.sessions())
 *             ...
 *             .build();
 * }
 * }</pre>
 *
 * <p>Every key starts with the prefix ({@value #DEFAULT_KEY_PREFIX} unless chosen), so several deployments can share a
 * Redis with different prefixes. The stores keep unfinished work without expiry; Redis must therefore persist (AOF or
 * RDB) for the ledger to survive a Redis restart, and must not evict keys ({@code maxmemory-policy noeviction}).
 *
 * <p>All commands go through one thread-safe Lettuce connection, which pipelines the commands of concurrent callers;
 * the API is blocking and meant for virtual threads. A client created here rejects commands while disconnected, so a
 * command whose reply a dropped connection lost is never re-sent behind the caller's back (at-most-once: the caller gets
 * {@link StoreUnavailableException}); give a client of your own the same {@code DisconnectedBehavior.REJECT_COMMANDS}.
 * Works with a standalone Redis (or a primary behind Sentinel), not Redis Cluster: each script touches a record and an
 * index that would sit in different hash slots.
 *
 * <p>Thread-safe. Close it to close the connection (and the client, if this object created it).
 */
public final class RedisStores implements AutoCloseable {
    /** The key prefix unless {@link Builder#keyPrefix} chooses another. */
    public static final String DEFAULT_KEY_PREFIX = "x402j:";

    /** How long a final settlement record or closed session is kept unless {@link Builder#finalRecordRetention} says. */
    public static final Duration DEFAULT_FINAL_RECORD_RETENTION = Duration.ofDays(30);

    /** How long a command may wait for Redis, on a connection this class opens, unless {@link Builder#commandTimeout}. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Options of a client created here. Lettuce re-sends, after a reconnect, the commands whose replies a dropped
     * connection lost (at-least-once): a {@code reserve} could then count twice. Rejecting commands while disconnected
     * also cancels those (at-most-once): the caller gets {@link StoreUnavailableException}, the outcome unknown, and
     * every script is safe to retry. Reconnection still happens in the background.
     */
    static final ClientOptions AT_MOST_ONCE = ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build();

    private final RedisGateway redis;
    private final String keyPrefix;
    private final RedisSettlementStore settlements;
    private final RedisSessionStore sessions;

    private RedisStores(RedisGateway redis, String keyPrefix, Duration retention) {
        this.redis = redis;
        this.keyPrefix = keyPrefix;
        this.settlements = new RedisSettlementStore(redis, keyPrefix, retention);
        this.sessions = new RedisSessionStore(redis, keyPrefix, retention);
    }

    /**
     * Connects to a Redis URL ({@code REDIS_URL} style: {@code redis://[[user:]password@]host[:port][/database]},
     * {@code rediss://} for TLS) with the default prefix and retention.
     *
     * @throws IllegalArgumentException if the URL is not a Redis URL (the message does not repeat it: it may hold a
     *     password)
     * @throws StoreUnavailableException if Redis cannot be reached
     */
    public static RedisStores connect(String url) {
        return builder().url(url).build();
    }

    /** Connects to {@code uri} with the default prefix and retention. */
    public static RedisStores connect(RedisURI uri) {
        return builder().uri(uri).build();
    }

    /**
     * Opens a connection of the caller's client (to its default URI), with the default prefix and retention. Closing
     * the result closes that connection, never the client.
     */
    public static RedisStores using(RedisClient client) {
        return builder().client(client).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The settlement ledger. The same instance on every call. */
    public RedisSettlementStore settlements() {
        return settlements;
    }

    /** The store of {@code upto} sessions. The same instance on every call. */
    public RedisSessionStore sessions() {
        return sessions;
    }

    /**
     * The distributed lock named {@code name} (key {@code <prefix>lock:<name>}): every instance asking for the same
     * name contends for the same lock.
     */
    public RedisLock lock(String name) {
        return new RedisLock(redis, keyPrefix, requireName(name, "lock name"));
    }

    /**
     * A fixed-window rate limiter: at most {@code limit} permits per key in each {@code window}. Limiters with the same
     * name share their counters.
     */
    public RedisRateLimiter rateLimiter(String name, long limit, Duration window) {
        requireName(name, "rate limiter name");
        if (limit < 1) {
            throw new IllegalArgumentException("rate limiter " + name + ": limit must be at least 1, got " + limit);
        }
        Objects.requireNonNull(window, "window");
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("rate limiter " + name + ": window must be at least 1 ms, got " + window);
        }
        return new RedisRateLimiter(redis, keyPrefix, name, limit, window);
    }

    /** The prefix of every key this object writes. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /**
     * Checks that Redis answers (for a health endpoint).
     *
     * @throws StoreUnavailableException if it does not
     */
    public void ping() {
        redis.call("ping", c -> c.ping());
    }

    @Override
    public void close() {
        redis.close();
    }

    /** The options of the connection's client, for tests. */
    ClientOptions clientOptions() {
        return redis.options();
    }

    RedisGateway gateway() {
        return redis;
    }

    private static String requireName(String name, String what) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return name;
    }

    /** Configures and connects a {@link RedisStores}. Not thread-safe; {@link #build()} validates every setting. */
    public static final class Builder {
        private RedisURI uri;
        private RedisClient client;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration finalRecordRetention = DEFAULT_FINAL_RECORD_RETENTION;
        private Duration commandTimeout;

        private Builder() {}

        /**
         * Where Redis is, as a URL ({@code redis://host:6379/0}, {@code rediss://…}, {@code redis-sentinel://…}).
         *
         * @throws IllegalArgumentException if it is not one; the message does not repeat the URL (it may hold a password)
         */
        public Builder url(String url) {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("Redis URL must not be blank (expected redis://host:port/database)");
            }
            try {
                this.uri = RedisURI.create(url.strip());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Redis URL is not valid (expected redis[s]://[[user:]password@]host"
                        + "[:port][/database]); it is not repeated here as it may hold a password");
            }
            return this;
        }

        /** Where Redis is. With {@link #client}, the URI that client connects to. */
        public Builder uri(RedisURI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /**
         * Uses the caller's client (its resources, options, TLS) instead of creating one; {@link RedisStores#close()}
         * then closes only the connection opened here. Without {@link #uri}/{@link #url}, the client's default URI.
         * Its options are left alone: set {@code DisconnectedBehavior.REJECT_COMMANDS} on it, or Lettuce may re-send a
         * write after a reconnect.
         */
        public Builder client(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The prefix of every key, {@value RedisStores#DEFAULT_KEY_PREFIX} by default; may be empty. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /**
         * How long a final settlement record (CONFIRMED, FAILED) or closed session is kept before Redis deletes it;
         * {@link Duration#ZERO} keeps it forever. 30 days by default. Unfinished records never expire.
         */
        public Builder finalRecordRetention(Duration retention) {
            Objects.requireNonNull(retention, "finalRecordRetention");
            if (retention.isNegative() || (!retention.isZero() && retention.toMillis() < 1)) {
                throw new IllegalArgumentException(
                        "finalRecordRetention must be zero (keep forever) or at least 1 ms, got " + retention);
            }
            this.finalRecordRetention = retention;
            return this;
        }

        /**
         * How long a command may wait for Redis before {@link StoreUnavailableException}. Default: 5 s on a connection
         * of a client created here; the client's own setting with {@link #client}.
         */
        public Builder commandTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "commandTimeout");
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("commandTimeout must be at least 1 ms, got " + timeout);
            }
            this.commandTimeout = timeout;
            return this;
        }

        /**
         * Connects.
         *
         * @throws IllegalArgumentException if neither a URL, a URI nor a client is given
         * @throws StoreUnavailableException if Redis cannot be reached
         */
        public RedisStores build() {
            if (uri == null && client == null) {
                throw new IllegalArgumentException("Redis location missing: give url(...), uri(...) or client(...)");
            }
            boolean owned = client == null;
            RedisURI target = uri == null ? null : withTimeout(uri, owned);
            RedisClient c = owned ? RedisClient.create() : client;
            if (owned) {
                c.setOptions(AT_MOST_ONCE);
            }
            String operation = "connect to Redis at " + (uri == null ? "the client's default URI" : describe(uri));
            try {
                StatefulRedisConnection<String, String> connection =
                        target == null ? c.connect(StringCodec.UTF8) : c.connect(StringCodec.UTF8, target);
                if (commandTimeout != null) {
                    connection.setTimeout(commandTimeout);
                }
                return new RedisStores(new RedisGateway(connection, owned ? c : null), keyPrefix, finalRecordRetention);
            } catch (RuntimeException e) {
                if (owned) {
                    c.shutdown(0, 2, TimeUnit.SECONDS);
                }
                throw RedisGateway.translate(operation, e);
            }
        }

        /**
         * A copy of {@code uri} (never changing the caller's) whose timeout, which also bounds the connection
         * handshake, is the chosen command timeout; or 5 s on a client created here when the URI kept Lettuce's 60 s
         * default (a {@code ?timeout=} in the URL is respected).
         */
        private RedisURI withTimeout(RedisURI uri, boolean owned) {
            Duration timeout = commandTimeout;
            if (timeout == null && owned && RedisURI.DEFAULT_TIMEOUT_DURATION.equals(uri.getTimeout())) {
                timeout = DEFAULT_COMMAND_TIMEOUT;
            }
            return timeout == null ? uri : RedisURI.builder(uri).withTimeout(timeout).build();
        }

        /** Host, port and database, never the credentials. */
        private static String describe(RedisURI uri) {
            if (uri.getSocket() != null) {
                return "socket " + uri.getSocket() + " db " + uri.getDatabase();
            }
            if (uri.getHost() == null) {
                return "sentinel master " + uri.getSentinelMasterId() + " db " + uri.getDatabase();
            }
            return uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        }
    }
}
