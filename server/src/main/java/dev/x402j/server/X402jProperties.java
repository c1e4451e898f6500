package dev.x402j.server;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code x402j.*} keys of {@code application.yml}. Each one has an environment variable that takes precedence over
 * it (see {@link ServerSettings}); the environment is where secrets belong. Values are checked, and combined with the
 * environment, by {@link ServerSettings#resolve}.
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
    private Evm evm = new Evm();
    private Svm svm = new Svm();
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
     * precedence). {@code auto} runs in dev mode exactly when no private key (EVM or Solana) is configured. Dev mode
     * starts a local anvil chain and a local Solana (LiteSVM), each with a test USDC, and serves only those; live mode
     * serves the configured networks: EVM when an EVM key is set, Solana when a Solana key is set.
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
     * is at least that long. An EVM replacement never offers more than {@code evm.max-fee-per-gas}. Default 3m.
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
     * How long one JSON-RPC request to one endpoint (connect, send, answer) may take, on every EVM and Solana network
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
     * The deadline of one JSON-RPC call, its retries and failover to other endpoints included, on every EVM and Solana
     * network (environment variable {@code X402J_RPC_CALL_DEADLINE} takes precedence): no retry starts after it. It
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
     * The EVM settings.
     *
     * @param evm the {@code x402j.evm.*} keys
     */
    public void setEvm(Evm evm) {
        this.evm = evm == null ? new Evm() : evm;
    }

    public Evm getEvm() {
        return evm;
    }

    /**
     * The Solana settings.
     *
     * @param svm the {@code x402j.svm.*} keys
     */
    public void setSvm(Svm svm) {
        this.svm = svm == null ? new Svm() : svm;
    }

    public Svm getSvm() {
        return svm;
    }

    /** The {@code x402j.evm.*} keys: the facilitator's EVM key, the networks it serves and how it reaches them. */
    @ConfigurationProperties("evm")
    public static class Evm {
        private String privateKey;
        private List<String> networks;
        private Map<String, String> rpcUrls = new LinkedHashMap<>();
        private String alchemyApiKey;
        private String infuraApiKey;
        private String maxFeePerGas;
        private Map<String, String> maxFeesPerGas = new LinkedHashMap<>();

        /**
         * The facilitator's EVM private key, 64 hex digits with or without {@code 0x}: it signs and pays the gas of
         * settlement transactions (environment variable {@code EVM_PRIVATE_KEY} takes precedence; prefer it, or a
         * {@code ${...}} placeholder, to writing the key in a file). Several keys, comma separated, settle in rotation,
         * each counting its own nonces. With it, the server serves EVM; without it or a Solana key, it runs in dev mode.
         *
         * @param privateKey 64 hex digits, or several comma separated
         */
        public void setPrivateKey(String privateKey) {
            this.privateKey = privateKey;
        }

        public String getPrivateKey() {
            return privateKey;
        }

        /**
         * The EVM networks served, by name ({@code base}, {@code base-sepolia}, …) or CAIP-2 id
         * (environment variable {@code EVM_NETWORKS}, comma separated, takes precedence). Default
         * {@code base, base-sepolia}.
         *
         * @param networks network names or CAIP-2 ids
         */
        public void setNetworks(List<String> networks) {
            this.networks = networks;
        }

        public List<String> getNetworks() {
            return networks;
        }

        /**
         * The JSON-RPC endpoint of each network, keyed by network name, e.g. {@code base-sepolia: https://…}
         * (environment variable {@code EVM_RPC_URL_<NETWORK>}, e.g. {@code EVM_RPC_URL_BASE_SEPOLIA}, takes
         * precedence). Several URLs, comma separated, are endpoints in order of preference: calls fail over from one
         * to the next. A network without one uses Alchemy, then Infura, then a public endpoint.
         *
         * @param rpcUrls http(s) URLs (one, or several comma separated) keyed by network name
         */
        public void setRpcUrls(Map<String, String> rpcUrls) {
            this.rpcUrls = rpcUrls == null ? new LinkedHashMap<>() : new LinkedHashMap<>(rpcUrls);
        }

        public Map<String, String> getRpcUrls() {
            return rpcUrls;
        }

        /**
         * An Alchemy API key, used for the networks Alchemy serves that have no explicit RPC URL (environment
         * variable {@code ALCHEMY_API_KEY} takes precedence).
         *
         * @param alchemyApiKey the key
         */
        public void setAlchemyApiKey(String alchemyApiKey) {
            this.alchemyApiKey = alchemyApiKey;
        }

        public String getAlchemyApiKey() {
            return alchemyApiKey;
        }

        /**
         * An Infura API key, used for the networks Infura serves that have neither an explicit RPC URL nor Alchemy
         * (environment variable {@code INFURA_API_KEY} takes precedence).
         *
         * @param infuraApiKey the key
         */
        public void setInfuraApiKey(String infuraApiKey) {
            this.infuraApiKey = infuraApiKey;
        }

        public String getInfuraApiKey() {
            return infuraApiKey;
        }

        /**
         * The most a settlement transaction may offer per gas (its EIP-1559 max fee, base fee and tip together) on
         * every EVM network served (environment variable {@code EVM_MAX_FEE_PER_GAS} takes precedence;
         * {@code max-fees-per-gas} overrides it per network). While the network's base fee and tip are above it, a
         * payment is not settled ({@code /settle} answers {@code unexpected_settle_error}, nothing is sent: retry
         * when fees fall), and a stuck transaction is not replaced past it. A whole number of wei
         * ({@code 200000000000}) or of gwei ({@code 200gwei}, {@code 1.5gwei}; it must come to whole wei). Default:
         * no cap.
         *
         * @param maxFeePerGas wei, or gwei with the unit {@code gwei}
         */
        public void setMaxFeePerGas(String maxFeePerGas) {
            this.maxFeePerGas = maxFeePerGas;
        }

        public String getMaxFeePerGas() {
            return maxFeePerGas;
        }

        /**
         * The cap of {@code max-fee-per-gas} for one network, keyed by network name, e.g. {@code base: 50gwei}
         * (environment variable {@code EVM_MAX_FEE_PER_GAS_<NETWORK>}, e.g. {@code EVM_MAX_FEE_PER_GAS_BASE_SEPOLIA},
         * takes precedence); a network without one uses {@code max-fee-per-gas}. Live mode only: dev mode's local
         * chain uses {@code max-fee-per-gas}.
         *
         * @param maxFeesPerGas wei, or gwei with the unit {@code gwei}, keyed by network name
         */
        public void setMaxFeesPerGas(Map<String, String> maxFeesPerGas) {
            this.maxFeesPerGas = maxFeesPerGas == null ? new LinkedHashMap<>() : new LinkedHashMap<>(maxFeesPerGas);
        }

        public Map<String, String> getMaxFeesPerGas() {
            return maxFeesPerGas;
        }
    }

    /**
     * The {@code x402j.svm.*} keys: the facilitator's Solana fee-payer keys, the Solana networks it serves and how it
     * reaches them.
     */
    @ConfigurationProperties("svm")
    public static class Svm {
        private String privateKey;
        private List<String> networks;
        private Map<String, String> rpcUrls = new LinkedHashMap<>();
        private String heliusApiKey;

        /**
         * The facilitator's Solana secret key in base58 (the 64-byte keypair of wallets and {@code solana-keygen}, or
         * a 32-byte seed); several keys, comma separated, are fee payers handed out in rotation. The key named by a
         * payment co-signs it and pays its fees (environment variable {@code SVM_PRIVATE_KEY} takes precedence; prefer
         * it, or a {@code ${...}} placeholder, to writing the key in a file). With it, the server serves Solana.
         *
         * @param privateKey base58 secret keys, comma separated
         */
        public void setPrivateKey(String privateKey) {
            this.privateKey = privateKey;
        }

        public String getPrivateKey() {
            return privateKey;
        }

        /**
         * The Solana networks served, by name ({@code solana}, {@code solana-devnet}, {@code solana-testnet}) or
         * CAIP-2 id (environment variable {@code SVM_NETWORKS}, comma separated, takes precedence). Default
         * {@code solana-devnet}.
         *
         * @param networks network names or CAIP-2 ids
         */
        public void setNetworks(List<String> networks) {
            this.networks = networks;
        }

        public List<String> getNetworks() {
            return networks;
        }

        /**
         * The JSON-RPC endpoint of each Solana network, keyed by network name, e.g. {@code solana-devnet: https://…}
         * (environment variable {@code SVM_RPC_URL_<NETWORK>}, e.g. {@code SVM_RPC_URL_SOLANA_DEVNET}, takes
         * precedence). Several URLs, comma separated, are endpoints in order of preference: calls fail over from one
         * to the next. A network without one uses Helius, then the cluster's public endpoint.
         *
         * @param rpcUrls http(s) URLs (one, or several comma separated) keyed by network name
         */
        public void setRpcUrls(Map<String, String> rpcUrls) {
            this.rpcUrls = rpcUrls == null ? new LinkedHashMap<>() : new LinkedHashMap<>(rpcUrls);
        }

        public Map<String, String> getRpcUrls() {
            return rpcUrls;
        }

        /**
         * A Helius API key, used for Solana mainnet and devnet when they have no explicit RPC URL (environment
         * variable {@code HELIUS_API_KEY} takes precedence).
         *
         * @param heliusApiKey the key
         */
        public void setHeliusApiKey(String heliusApiKey) {
            this.heliusApiKey = heliusApiKey;
        }

        public String getHeliusApiKey() {
            return heliusApiKey;
        }
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
