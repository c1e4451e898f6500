package dev.x402j.server;

import dev.x402j.core.config.SettingValue;
import dev.x402j.core.config.SettingsReader;
import java.time.Duration;
import java.util.Optional;

/**
 * The rate limit of the facilitator endpoints, resolved from the environment first and then {@code application.yml}:
 * requests per window and client to {@code POST /verify} and {@code POST /accepts} ({@link GeneralSettings#RATE_LIMIT},
 * default 0: off), to {@code POST /settle}, counted apart ({@link GeneralSettings#RATE_LIMIT_SETTLE}, default the
 * former), the length of a window ({@link GeneralSettings#RATE_LIMIT_WINDOW}, default 1m), and the reverse proxies in
 * front of the server whose {@code X-Forwarded-For} entries are believed
 * ({@link GeneralSettings#RATE_LIMIT_TRUSTED_PROXIES}, default 0).
 *
 * <p>A limit of 0 is no limit. {@code GET /health} and {@code GET /supported} are never limited. Problems are clauses
 * naming the setting, added to the caller's reader. Immutable.
 */
public final class RateLimitSettings {
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
     * Resolves the settings; each problem found is added to the reader as a clause naming its setting.
     *
     * @return the settings, or {@link #off()} when a problem was found
     */
    static RateLimitSettings resolve(SettingsReader reader) {
        int before = reader.problemCount();
        long requests = reader.value(GeneralSettings.RATE_LIMIT).map(v -> count(v, reader)).orElse(0L);
        long settle = reader.value(GeneralSettings.RATE_LIMIT_SETTLE).map(v -> count(v, reader)).orElse(requests);
        Duration window = reader.value(GeneralSettings.RATE_LIMIT_WINDOW).map(v -> window(v, reader))
                .orElse(DEFAULT_WINDOW);
        int proxies = reader.value(GeneralSettings.RATE_LIMIT_TRUSTED_PROXIES).map(v -> trustedProxies(v, reader))
                .orElse(0);
        if (reader.problemCount() > before) {
            return OFF;
        }
        return new RateLimitSettings(requests, settle, window, proxies);
    }

    private static long count(SettingValue value, SettingsReader reader) {
        try {
            long n = Long.parseLong(value.text());
            if (n >= 0 && n <= MAX_REQUESTS) {
                return n;
            }
        } catch (NumberFormatException notNumber) {
            // reported below
        }
        reader.problem(value.origin() + " must be a whole number of requests per window from 0 (no limit) to "
                + MAX_REQUESTS + ", not '" + value.text() + "'");
        return 0;
    }

    private static Duration window(SettingValue value, SettingsReader reader) {
        Optional<Duration> parsed = SettingsReader.parseDuration(value.text());
        if (parsed.isEmpty() || parsed.get().compareTo(MIN_WINDOW) < 0) {
            reader.problem(value.origin() + " must be a duration of at least 1s such as 30s, 1m or 1h, not '"
                    + value.text() + "'");
            return DEFAULT_WINDOW;
        }
        return parsed.get();
    }

    private static int trustedProxies(SettingValue value, SettingsReader reader) {
        try {
            int n = Integer.parseInt(value.text());
            if (n >= 0 && n <= MAX_TRUSTED_PROXIES) {
                return n;
            }
        } catch (NumberFormatException notNumber) {
            // reported below
        }
        reader.problem(value.origin() + " must be the number of reverse proxies in front of the server, from 0 (the"
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
