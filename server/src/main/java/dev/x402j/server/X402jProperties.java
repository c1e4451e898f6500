package dev.x402j.server;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The general {@code x402j.*} keys of {@code application.yml} (the chain families' keys, {@code x402j.<namespace>.*},
 * are declared by each family as {@code Setting}s and read through {@link ServerSettingSource}).
 * Each one has an environment variable that takes precedence over it (see {@link ServerSettings}); the environment is
 * where secrets belong. Values are checked, and combined with the environment, by {@link ServerSettings#resolve}.
 */
@ConfigurationProperties("x402j")
public class X402jProperties {

    private Integer port;
    private String mode;
    private Duration confirmTimeout;
    private Duration reconcileInterval;
    private Duration reconcileStaleAfter;
    private Duration reconcileReplaceAfter;
    private Duration rpcTimeout;
    private Duration rpcCallDeadline;
    private Redis redis = new Redis();
    private RateLimit rateLimit = new RateLimit();

    /**
     * The HTTP port the server listens on (environment variable {@code PORT} takes precedence). Default 8090.
     *
     * @param port a TCP port, 1 to 65535
     */
    public void setPort(Integer port) {
        this.port = port;
    }

    public Integer getPort() {
        return port;
    }

    /**
     * {@code auto} (the default), {@code dev} or {@code live} (environment variable {@code X402J_MODE} takes
     * precedence). {@code auto} runs in dev mode exactly when no chain family's private key is configured. Dev mode
     * starts each family's local chain, each with a test USDC, and serves only those; live mode serves the configured
     * networks of each family whose key is set.
     *
     * @param mode auto, dev or live
     */
    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getMode() {
        return mode;
    }

    /**
     * How long a {@code /settle} call waits for its transaction to be mined before answering
     * {@code settlement_pending} (the settlement still completes; a later call returns its outcome). Default 30s.
     *
     * @param confirmTimeout a positive duration such as {@code 30s}
     */
    public void setConfirmTimeout(Duration confirmTimeout) {
        this.confirmTimeout = confirmTimeout;
    }

    public Duration getConfirmTimeout() {
        return confirmTimeout;
    }

    /**
     * How often settlements left unfinished (by a timeout or a crash) are looked up on-chain and completed
     * (environment variable {@code X402J_RECONCILE_INTERVAL} takes precedence). A pass also runs once at start-up; with
     * Redis, one instance at a time runs the periodic pass. Default 30s.
     *
     * @param reconcileInterval a positive duration such as {@code 30s}
     */
    public void setReconcileInterval(Duration reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }

    public Duration getReconcileInterval() {
        return reconcileInterval;
    }

    /**
     * How old an unfinished settlement must be before the reconciler takes it over (environment variable
     * {@code X402J_RECONCILE_STALE_AFTER} takes precedence): younger ones are still being settled by the instance that
     * claimed them. Keep it above {@code confirm-timeout}; a lower value is safe (every step is state-checked and a
     * transaction is only ever re-sent as the same bytes) but makes instances look up each other's transactions.
     * Default 2m.
     *
     * @param reconcileStaleAfter a positive duration such as {@code 2m}
     */
    public void setReconcileStaleAfter(Duration reconcileStaleAfter) {
        this.reconcileStaleAfter = reconcileStaleAfter;
    }

    public Duration getReconcileStaleAfter() {
        return reconcileStaleAfter;
    }

    /**
     * How long a settlement transaction may stay pending before the reconciler replaces it with the same transaction
     * at a higher fee (environment variable {@code X402J_RECONCILE_REPLACE_AFTER} takes precedence), counted from when
     * it was recorded. The reconciler only looks at settlements older than {@code reconcile-stale-after}, so the wait
     * is at least that long. A replacement never offers more than its family's fee cap. Default 3m.
     *
     * @param reconcileReplaceAfter a positive duration such as {@code 3m}
     */
    public void setReconcileReplaceAfter(Duration reconcileReplaceAfter) {
        this.reconcileReplaceAfter = reconcileReplaceAfter;
    }

    public Duration getReconcileReplaceAfter() {
        return reconcileReplaceAfter;
    }

    /**
     * How long one JSON-RPC request to one endpoint (connect, send, answer) may take, on every network of every family
     * (environment variable {@code X402J_RPC_TIMEOUT} takes precedence). A request that takes longer counts as a
     * transport failure: the call moves to the next endpoint. Default 10s.
     *
     * @param rpcTimeout a positive duration such as {@code 10s}
     */
    public void setRpcTimeout(Duration rpcTimeout) {
        this.rpcTimeout = rpcTimeout;
    }

    public Duration getRpcTimeout() {
        return rpcTimeout;
    }

    /**
     * The deadline of one JSON-RPC call, its retries and failover to other endpoints included, on every network of every
     * family (environment variable {@code X402J_RPC_CALL_DEADLINE} takes precedence): no retry starts after it. It
     * must not be shorter than {@code rpc-timeout}. Default 15s.
     *
     * @param rpcCallDeadline a positive duration such as {@code 15s}
     */
    public void setRpcCallDeadline(Duration rpcCallDeadline) {
        this.rpcCallDeadline = rpcCallDeadline;
    }

    public Duration getRpcCallDeadline() {
        return rpcCallDeadline;
    }

    /**
     * The Redis settings.
     *
     * @param redis the {@code x402j.redis.*} keys
     */
    public void setRedis(Redis redis) {
        this.redis = redis == null ? new Redis() : redis;
    }

    public Redis getRedis() {
        return redis;
    }

    /**
     * The rate limit of the facilitator endpoints.
     *
     * @param rateLimit the {@code x402j.rate-limit.*} keys
     */
    public void setRateLimit(RateLimit rateLimit) {
        this.rateLimit = rateLimit == null ? new RateLimit() : rateLimit;
    }

    public RateLimit getRateLimit() {
        return rateLimit;
    }

    /**
     * The {@code x402j.redis.*} keys: the Redis that holds the settlement ledger and upto sessions (without
     * PostgreSQL) and the reconciler's lock.
     */
    @ConfigurationProperties("redis")
    public static class Redis {
        private String url;
        private String keyPrefix;

        /**
         * The Redis of this server and of every instance sharing it: {@code redis://[[user:]password@]host[:port][/db]},
         * {@code rediss://…} for TLS (environment variable {@code REDIS_URL} takes precedence; prefer it when the URL
         * holds a password). Without PostgreSQL it holds the settlement ledger and upto sessions; with PostgreSQL only
         * the reconciler's lock. It must persist (AOF or RDB) and never evict ({@code maxmemory-policy noeviction}).
         *
         * @param url a Redis URL
         */
        public void setUrl(String url) {
            this.url = url;
        }

        public String getUrl() {
            return url;
        }

        /**
         * The prefix of every key x402j writes in Redis (environment variable {@code X402J_REDIS_KEY_PREFIX} takes
         * precedence); deployments sharing one Redis use different prefixes. Default {@code x402j:}.
         *
         * @param keyPrefix a prefix, e.g. {@code x402j:}
         */
        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }
    }

    /**
     * The {@code x402j.rate-limit.*} keys: how many requests each client may make to the facilitator endpoints per
     * window. Off unless a limit is set. With Redis ({@code REDIS_URL}) every instance shares the counts; without, each
     * instance counts in memory. {@code GET /health} and {@code GET /supported} are never limited.
     */
    @ConfigurationProperties("rate-limit")
    public static class RateLimit {
        // Text, read by RateLimitSettings: a bad value is then named in one sentence, as an environment variable's is.
        private String requests;
        private String settleRequests;
        private String window;
        private String trustedProxies;

        /**
         * Requests per window that one client may make to {@code POST /verify} and {@code POST /accepts} together,
         * and, unless {@code settle-requests} says otherwise, to {@code POST /settle} (counted apart) (environment
         * variable {@code X402J_RATE_LIMIT} takes precedence). A refused request is answered 429 with
         * {@code Retry-After}. Default 0: no limit.
         *
         * @param requests 0 (no limit) to 1000000000
         */
        public void setRequests(String requests) {
            this.requests = requests;
        }

        public String getRequests() {
            return requests;
        }

        /**
         * Requests per window that one client may make to {@code POST /settle}, counted apart from the other
         * endpoints (environment variable {@code X402J_RATE_LIMIT_SETTLE} takes precedence). Default: the same number
         * as {@code requests}; 0 leaves {@code /settle} unlimited.
         *
         * @param settleRequests 0 (no limit) to 1000000000
         */
        public void setSettleRequests(String settleRequests) {
            this.settleRequests = settleRequests;
        }

        public String getSettleRequests() {
            return settleRequests;
        }

        /**
         * The length of a rate-limit window (environment variable {@code X402J_RATE_LIMIT_WINDOW} takes precedence).
         * A client's window starts with its first counted request. Default 1m.
         *
         * @param window a duration of at least 1s: {@code 30s}, {@code 1m}, {@code 1h}, or ISO-8601 such as {@code PT1M}
         */
        public void setWindow(String window) {
            this.window = window;
        }

        public String getWindow() {
            return window;
        }

        /**
         * How many reverse proxies (load balancers) in front of the server append the address they received a request
         * from to {@code X-Forwarded-For} (environment variable {@code X402J_RATE_LIMIT_TRUSTED_PROXIES} takes
         * precedence). With n, the client is the n-th entry from the right of that header. Default 0: the header is
         * ignored and the client is the connection's remote address; set it only when every request reaches the
         * server through those proxies, since anybody can send the header.
         *
         * @param trustedProxies 0 to 10
         */
        public void setTrustedProxies(String trustedProxies) {
            this.trustedProxies = trustedProxies;
        }

        public String getTrustedProxies() {
            return trustedProxies;
        }
    }
}
