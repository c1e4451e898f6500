package dev.x402j.core.rpc;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What {@link JsonRpcClient} retries and what it returns at once.
 *
 * <table>
 *   <caption>classification</caption>
 *   <tr><th>what happened</th><th>kind</th><th>the client</th></tr>
 *   <tr><td>connection refused or reset, connect or request timeout, HTTP 429, HTTP 5xx, an answer that is not
 *       JSON-RPC (HTML, empty, unknown ids, a missing answer)</td><td>transport failure</td><td>fails over to the next
 *       endpoint, retries with backoff (HTTP 429/503: not before {@code Retry-After}); counts towards the endpoint's
 *       breaker</td></tr>
 *   <tr><td>a JSON-RPC error that {@link #isTransient} (or the chain's own classifier) calls transient: -32005 limit
 *       exceeded / node behind, 429, "rate limit", "too many requests", "header not found"</td><td>transient node
 *       error</td><td>fails over and retries like a transport failure, but the endpoint counts as up</td></tr>
 *   <tr><td>any other JSON-RPC error: "nonce too low", "execution reverted", "insufficient funds", invalid params,
 *       method not found…</td><td>permanent</td><td>returned at once as a {@link JsonRpcException}: never retried, never
 *       sent to another endpoint</td></tr>
 * </table>
 *
 * <p>When the attempts or the deadline run out, or every endpoint is skipped, the call throws
 * {@link dev.x402j.core.ChainUnavailableException}.
 */
public final class JsonRpcErrors {
    /** EIP-1474 "limit exceeded"; Solana's "node is unhealthy / behind". */
    public static final int LIMIT_EXCEEDED = -32005;
    /** Some providers answer a rate limit as a JSON-RPC error with the HTTP status as its code. */
    public static final int TOO_MANY_REQUESTS = 429;

    private JsonRpcErrors() {}

    /**
     * Whether any node may answer this error when it is overloaded, rate limited or behind, so that the same call can
     * succeed later or elsewhere: code -32005 or 429, or a message about a rate limit or a missing block header. A
     * chain module may add its own codes (see {@link JsonRpcClient.Builder#transientErrors}).
     */
    public static boolean isTransient(JsonRpcException e) {
        if (e.code() == LIMIT_EXCEEDED || e.code() == TOO_MANY_REQUESTS) {
            return true;
        }
        String m = e.rpcMessage().toLowerCase(Locale.ROOT);
        return m.contains("rate limit") || m.contains("too many requests") || m.contains("header not found");
    }

    /** {@link #isTransient}, or transient for the chain's own classifier. */
    static Predicate<JsonRpcException> transientWith(Predicate<JsonRpcException> chainSpecific) {
        return e -> isTransient(e) || chainSpecific.test(e);
    }

    /**
     * Whether an HTTP answer is a transport failure rather than a node's answer: HTTP 429 and 5xx always (whatever the
     * body), any other status when the body is not JSON-RPC.
     */
    static boolean isTransportFailure(int status, boolean jsonRpcBody) {
        return status == 429 || status >= 500 || !jsonRpcBody;
    }

    /** Whether a {@code Retry-After} header of this status is worth reading. */
    static boolean mayRetryAfter(int status) {
        return status == 429 || status == 503;
    }

    /**
     * A {@code Retry-After} header: delta-seconds or an HTTP-date ({@code now} is the wall-clock time to subtract). Empty
     * when absent or unreadable; a date in the past is zero.
     */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.strip();
        if (h.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(h)));
            } catch (NumberFormatException | ArithmeticException tooLong) {
                return Optional.of(Duration.ofSeconds(Long.MAX_VALUE));
            }
        }
        try {
            Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }
}
