package dev.x402j.server;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The rate limit of the facilitator endpoints, resolved from the environment first and then {@code application.yml}:
 *
 * <table>
 *   <caption>rate-limit settings</caption>
 *   <tr><th>environment variable</th><th>application.yml</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code X402J_RATE_LIMIT}</td><td>{@code x402j.rate-limit.requests}</td><td>0 (off)</td>
 *       <td>requests per window and client to {@code POST /verify} and {@code POST /accepts}</td></tr>
 *   <tr><td>{@code X402J_RATE_LIMIT_SETTLE}</td><td>{@code x402j.rate-limit.settle-requests}</td><td>the above</td>
 *       <td>requests per window and client to {@code POST /settle}, counted apart</td></tr>
 *   <tr><td>{@code X402J_RATE_LIMIT_WINDOW}</td><td>{@code x402j.rate-limit.window}</td><td>1m</td>
 *       <td>the length of a window</td></tr>
 *   <tr><td>{@code X402J_RATE_LIMIT_TRUSTED_PROXIES}</td><td>{@code x402j.rate-limit.trusted-proxies}</td>
 *       <td>0</td><td>reverse proxies in front of the server whose {@code X-Forwarded-For} entries are believed</td></tr>
 * </table>
 *
 * <p>A limit of 0 is no limit. {@code GET /health} and {@code GET /supported} are never limited. Problems are clauses
 * naming the setting, added to the caller's list. Immutable.
 */
public final class RateLimitSettings {
    public static final String X402J_RATE_LIMIT = "X402J_RATE_LIMIT";
    public static final String X402J_RATE_LIMIT_SETTLE = "X402J_RATE_LIMIT_SETTLE";
    public static final String X402J_RATE_LIMIT_WINDOW = "X402J_RATE_LIMIT_WINDOW";
    public static final String X402J_RATE_LIMIT_TRUSTED_PROXIES = "X402J_RATE_LIMIT_TRUSTED_PROXIES";

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    /** The shortest window: {@code Retry-After} counts whole seconds. */
    public static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    public static final long MAX_REQUESTS = 1_000_000_000L;
    public static final int MAX_TRUSTED_PROXIES = 10;

    private static final RateLimitSettings OFF = new RateLimitSettings(0, 0, DEFAULT_WINDOW, 0);

    private final long requests;
    private final long settleRequests;
    private final Duration window;
    private final int trustedProxies;

    private RateLimitSettings(long requests, long settleRequests, Duration window, int trustedProxies) {
        this.requests = requests;
        this.settleRequests = settleRequests;
        this.window = window;
        this.trustedProxies = trustedProxies;
    }

    /** No limit. */
    public static RateLimitSettings off() {
        return OFF;
    }

    /**
     * Explicit settings.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    public static RateLimitSettings of(long requests, long settleRequests, Duration window, int trustedProxies) {
        if (requests < 0 || requests > MAX_REQUESTS) {
            throw new IllegalArgumentException("requests must be from 0 to " + MAX_REQUESTS + ", not " + requests);
        }
        if (settleRequests < 0 || settleRequests > MAX_REQUESTS) {
            throw new IllegalArgumentException("settleRequests must be from 0 to " + MAX_REQUESTS + ", not " + settleRequests);
        }
        if (window == null || window.compareTo(MIN_WINDOW) < 0) {
            throw new IllegalArgumentException("window must be at least " + MIN_WINDOW + ", not " + window);
        }
        if (trustedProxies < 0 || trustedProxies > MAX_TRUSTED_PROXIES) {
            throw new IllegalArgumentException(
                    "trustedProxies must be from 0 to " + MAX_TRUSTED_PROXIES + ", not " + trustedProxies);
        }
        return new RateLimitSettings(requests, settleRequests, window, trustedProxies);
    }

    /**
     * Resolves the settings; each problem found is added to {@code problems} as a clause naming its setting.
     *
     * @return the settings, or {@link #off()} when a problem was found
     */
    static RateLimitSettings resolve(EnvironmentVariables env, X402jProperties props, List<String> problems) {
        X402jProperties.RateLimit yml = props == null || props.getRateLimit() == null
                ? new X402jProperties.RateLimit() : props.getRateLimit();
        int before = problems.size();
        long requests = pick(env, X402J_RATE_LIMIT, "x402j.rate-limit.requests", yml.getRequests())
                .map(v -> count(v, problems)).orElse(0L);
        long settle = pick(env, X402J_RATE_LIMIT_SETTLE, "x402j.rate-limit.settle-requests", yml.getSettleRequests())
                .map(v -> count(v, problems)).orElse(requests);
        Duration window = pick(env, X402J_RATE_LIMIT_WINDOW, "x402j.rate-limit.window", yml.getWindow())
                .map(v -> window(v, problems)).orElse(DEFAULT_WINDOW);
        int proxies = pick(env, X402J_RATE_LIMIT_TRUSTED_PROXIES, "x402j.rate-limit.trusted-proxies",
                yml.getTrustedProxies()).map(v -> trustedProxies(v, problems)).orElse(0);
        if (problems.size() > before) {
            return OFF;
        }
        return new RateLimitSettings(requests, settle, window, proxies);
    }

    /** A setting's text and where it came from (an environment variable or a yml key). */
    private record Value(String setting, String text) {}

    /** The environment variable if set, else the yml key if set. */
    private static Optional<Value> pick(EnvironmentVariables env, String variable, String key, String ymlValue) {
        Optional<String> fromEnv = env.get(variable);
        if (fromEnv.isPresent()) {
            return Optional.of(new Value(variable, fromEnv.get()));
        }
        if (ymlValue != null && !ymlValue.isBlank()) {
            return Optional.of(new Value(key, ymlValue.strip()));
        }
        return Optional.empty();
    }

    private static long count(Value value, List<String> problems) {
        try {
            long n = Long.parseLong(value.text());
            if (n >= 0 && n <= MAX_REQUESTS) {
                return n;
            }
        } catch (NumberFormatException notNumber) {
            // reported below
        }
        problems.add(value.setting() + " must be a whole number of requests per window from 0 (no limit) to "
                + MAX_REQUESTS + ", not '" + value.text() + "'");
        return 0;
    }

    private static Duration window(Value value, List<String> problems) {
        Optional<Duration> parsed = ServerSettings.parseDuration(value.text());
        if (parsed.isEmpty() || parsed.get().compareTo(MIN_WINDOW) < 0) {
            problems.add(value.setting() + " must be a duration of at least 1s such as 30s, 1m or 1h, not '"
                    + value.text() + "'");
            return DEFAULT_WINDOW;
        }
        return parsed.get();
    }

    private static int trustedProxies(Value value, List<String> problems) {
        try {
            int n = Integer.parseInt(value.text());
            if (n >= 0 && n <= MAX_TRUSTED_PROXIES) {
                return n;
            }
        } catch (NumberFormatException notNumber) {
            // reported below
        }
        problems.add(value.setting() + " must be the number of reverse proxies in front of the server, from 0 (the"
                + " default: X-Forwarded-For is ignored) to " + MAX_TRUSTED_PROXIES + ", not '" + value.text() + "'");
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** Requests per window and client to {@code /verify} and {@code /accepts}; 0 = no limit. */
    public long requests() {
        return requests;
    }

    /** Requests per window and client to {@code /settle}, counted apart from the others; 0 = no limit. */
    public long settleRequests() {
        return settleRequests;
    }

    public Duration window() {
        return window;
    }

    /**
     * How many reverse proxies in front of the server append to {@code X-Forwarded-For}: the client is the entry that
     * many places from the right. 0: the header is ignored and the client is the connection's remote address.
     */
    public int trustedProxies() {
        return trustedProxies;
    }

    /** Whether any endpoint is limited. */
    public boolean enabled() {
        return requests > 0 || settleRequests > 0;
    }

    /** {@code 30s}, {@code 1m}, {@code 2h}, {@code 1d} or ISO-8601 for anything else. */
    static String describe(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return d.toString();
        }
        long ms = d.toMillis();
        if (ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        }
        if (ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    @Override
    public String toString() {
        if (!enabled()) {
            return "RateLimitSettings[off]";
        }
        return "RateLimitSettings[requests=" + requests + ", settleRequests=" + settleRequests + ", window="
                + describe(window) + ", trustedProxies=" + trustedProxies + "]";
    }
}
