package dev.x402j.server;

import dev.x402j.core.config.Setting;
import java.util.List;

/**
 * The reference server's general settings, each declared once: its {@code application.yml} key, the environment
 * variable that takes precedence over it, its default as documentation shows it, and its description. The chain
 * families declare their own ({@code ChainFamily#settings()}, keys under {@code x402j.<namespace>.*}).
 *
 * <p>They are read through a {@code SettingsReader}, with the one precedence every setting has (the variable, then the
 * key, then the default): by {@link ServerSettings} (port, mode, timing), {@link StoreSettings} (PostgreSQL, Redis),
 * {@link RateLimitSettings}, {@link AdminAccess} and {@link ApiKeys}, which turn them into values and name a bad one in their sentence.
 * {@code ConfigurationDocumentationTest} checks that both READMEs and {@code application.yml} document each one.
 */
public final class GeneralSettings {

    public static final Setting PORT = Setting.of("x402j.port", "PORT", "8090",
            "The HTTP port the server listens on, 1 to 65535.");
    public static final Setting MODE = Setting.of("x402j.mode", "X402J_MODE", "auto",
            "auto, dev or live. auto runs in dev mode exactly when no chain family's private key is configured, and then"
                    + " listens on 127.0.0.1 only (dev serves dev mode on other interfaces too). Dev"
                    + " mode starts each family's local chain, each with a test USDC, and serves only those; live mode"
                    + " serves the configured networks of each family whose key is set.");
    public static final Setting CONFIRM_TIMEOUT = Setting.fileOnly("x402j.confirm-timeout", "30s",
            "How long a /settle call waits for its transaction to be mined before answering settlement_pending (the"
                    + " settlement still completes; a later call returns its outcome). A positive duration such as 30s.");
    public static final Setting RECONCILE_INTERVAL = Setting.of("x402j.reconcile-interval", "X402J_RECONCILE_INTERVAL",
            "30s", "How often settlements left unfinished (by a timeout or a crash) are looked up on-chain and"
                    + " completed. A pass also runs once at start-up; with Redis, one instance at a time runs the"
                    + " periodic pass.");
    public static final Setting RECONCILE_STALE_AFTER = Setting.of("x402j.reconcile-stale-after",
            "X402J_RECONCILE_STALE_AFTER", "2m", "How old an unfinished settlement must be before the reconciler takes"
                    + " it over: younger ones are still being settled by the instance that claimed them. Keep it above"
                    + " confirm-timeout; a lower value is safe (every step is state-checked and a transaction is only"
                    + " ever re-sent as the same bytes) but makes instances look up each other's transactions.");
    public static final Setting RECONCILE_REPLACE_AFTER = Setting.of("x402j.reconcile-replace-after",
            "X402J_RECONCILE_REPLACE_AFTER", "3m", "How long a settlement transaction may stay pending before the"
                    + " reconciler replaces it with the same transaction at a higher fee, counted from when it was"
                    + " recorded. The reconciler only looks at settlements older than reconcile-stale-after, so the wait"
                    + " is at least that long. A replacement never offers more than its family's fee cap.");
    public static final Setting RPC_TIMEOUT = Setting.of("x402j.rpc-timeout", "X402J_RPC_TIMEOUT", "10s",
            "How long one JSON-RPC request to one endpoint (connect, send, answer) may take, on every network of every"
                    + " family. A request that takes longer counts as a transport failure: the call moves to the next"
                    + " endpoint.");
    public static final Setting RPC_CALL_DEADLINE = Setting.of("x402j.rpc-call-deadline", "X402J_RPC_CALL_DEADLINE",
            "15s", "The deadline of one JSON-RPC call, its retries and failover to other endpoints included, on every"
                    + " network of every family: no retry starts after it. It must not be shorter than rpc-timeout.");

    public static final Setting DATABASE_URL = Setting.of("datasources.default.url", "DATABASE_URL", "none",
            "The PostgreSQL that holds the settlement ledger, the upto sessions and the payment tracking of this server"
                    + " (and of every instance sharing it): jdbc:postgresql://host:5432/database or"
                    + " postgres://user:password@host:5432/database. Unset: the stores are in memory, or in Redis with"
                    + " REDIS_URL. Micronaut's conventional key, read by the server itself (it builds its own HikariCP"
                    + " pool).")
            .asSecret();
    public static final Setting DATABASE_USERNAME = Setting.fileOnly("datasources.default.username", "none",
            "The PostgreSQL user, when the URL names none.");
    public static final Setting DATABASE_PASSWORD = Setting.of("datasources.default.password",
            "DATASOURCES_DEFAULT_PASSWORD", "none", "The PostgreSQL password, when the URL holds none; keep it in the"
                    + " environment (or a ${...} placeholder) rather than in a file. It never reaches a log or a"
                    + " message.")
            .asSecret();
    public static final Setting DATABASE_MAXIMUM_POOL_SIZE = Setting.fileOnly("datasources.default.maximum-pool-size",
            "10", "The largest number of connections this instance's pool opens to PostgreSQL, at least 1.");

    public static final Setting REDIS_URL = Setting.of("x402j.redis.url", "REDIS_URL", "none",
            "The Redis of this server and of every instance sharing it: redis://[[user:]password@]host[:port][/db],"
                    + " rediss://... for TLS (prefer the environment variable when the URL holds a password). Without"
                    + " PostgreSQL it holds the settlement ledger and upto sessions; with PostgreSQL only the"
                    + " reconciler's lock. It must persist (AOF or RDB) and never evict (maxmemory-policy noeviction).")
            .asSecret();
    public static final Setting REDIS_KEY_PREFIX = Setting.of("x402j.redis.key-prefix", "X402J_REDIS_KEY_PREFIX",
            "x402j:", "The prefix of every key x402j writes in Redis; deployments sharing one Redis use different"
                    + " prefixes.");

    public static final Setting ADMIN_TOKEN = Setting.of("x402j.admin.token", "X402J_ADMIN_TOKEN", "none",
            "The bearer token of the operators' endpoints (GET /tracking/payments, GET /tracking/stats): when set, they"
                    + " answer requests carrying Authorization: Bearer <token> and 401 others; when unset they are open"
                    + " in dev mode and absent (404) in live mode. At least 16 characters, no blanks, e.g. the output"
                    + " of openssl rand -hex 32; keep it in the environment (or a ${...} placeholder).")
            .asSecret();

    public static final Setting API_KEYS = Setting.of("x402j.api-keys", "X402J_API_KEYS", "none",
            "The API keys of the facilitator API, comma separated (several at once, to rotate one): when set, POST"
                    + " /verify, POST /settle and POST /accepts answer only requests carrying one of them in"
                    + " Authorization: Bearer <key> or X-API-Key: <key>, and 401 others; GET /supported and GET /health"
                    + " stay open. With a rate limit, a request with a valid key is counted per key (by its"
                    + " fingerprint) instead of per client address. Each at least 16 characters, no blanks, e.g. the"
                    + " output of openssl rand -hex 32; keep them in the environment (or a ${...} placeholder).")
            .asSecret();

    public static final Setting RATE_LIMIT = Setting.of("x402j.rate-limit.requests", "X402J_RATE_LIMIT", "0 (off)",
            "Requests per window that one client may make to POST /verify and POST /accepts together, and, unless"
                    + " settle-requests says otherwise, to POST /settle (counted apart): 0 (no limit) to 1000000000. A"
                    + " refused request is answered 429 with Retry-After. With Redis every instance shares the counts;"
                    + " without, each instance counts in memory. GET /health and GET /supported are never limited.");
    public static final Setting RATE_LIMIT_SETTLE = Setting.of("x402j.rate-limit.settle-requests",
            "X402J_RATE_LIMIT_SETTLE", "as requests", "Requests per window that one client may make to POST /settle,"
                    + " counted apart from the other endpoints: 0 (no limit) to 1000000000. Unset: the same number as"
                    + " requests; 0 leaves /settle unlimited.");
    public static final Setting RATE_LIMIT_WINDOW = Setting.of("x402j.rate-limit.window", "X402J_RATE_LIMIT_WINDOW",
            "1m", "The length of a rate-limit window, at least 1s (30s, 1m, 1h, or ISO-8601 such as PT1M). A client's"
                    + " window starts with its first counted request.");
    public static final Setting RATE_LIMIT_TRUSTED_PROXIES = Setting.of("x402j.rate-limit.trusted-proxies",
            "X402J_RATE_LIMIT_TRUSTED_PROXIES", "0", "How many reverse proxies (load balancers) in front of the server"
                    + " append the address they received a request from to X-Forwarded-For, 0 to 10. With n, the client"
                    + " is the n-th entry from the right of that header. 0: the header is ignored and the client is the"
                    + " connection's remote address; set it only when every request reaches the server through those"
                    + " proxies, since anybody can send the header.");

    private static final List<Setting> ALL = List.of(PORT, MODE, CONFIRM_TIMEOUT, RECONCILE_INTERVAL,
            RECONCILE_STALE_AFTER, RECONCILE_REPLACE_AFTER, RPC_TIMEOUT, RPC_CALL_DEADLINE, DATABASE_URL,
            DATABASE_USERNAME, DATABASE_PASSWORD, DATABASE_MAXIMUM_POOL_SIZE, REDIS_URL, REDIS_KEY_PREFIX, ADMIN_TOKEN,
            API_KEYS, RATE_LIMIT, RATE_LIMIT_SETTLE, RATE_LIMIT_WINDOW, RATE_LIMIT_TRUSTED_PROXIES);

    private GeneralSettings() {}

    /** Every general setting, in the order of the documentation. */
    public static List<Setting> all() {
        return ALL;
    }

    /** The environment variable of a setting that has one ({@code PORT}), for messages. */
    static String variable(Setting setting) {
        return setting.env().orElseThrow(() -> new IllegalArgumentException(setting.key() + " has no variable"));
    }
}
