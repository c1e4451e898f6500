package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.StoreUnavailableException;
import dev.x402j.core.wire.X402Json;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which endpoint counts against which limiter, the 429 and its headers, and failing open when the limiter fails. */
class RateLimitsTest {
    private static final InetAddress CLIENT = ClientAddress.literal("203.0.113.7").orElseThrow();
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final InMemoryRateLimiterTest.MutableClock clock = new InMemoryRateLimiterTest.MutableClock();
    private final List<String> warnings = new ArrayList<>();

    private RateLimits limits(RateLimitSettings settings) {
        return new RateLimits(
                settings.requests() == 0 ? Optional.empty()
                        : Optional.of(new InMemoryRateLimiter("requests", settings.requests(), settings.window(), clock)),
                settings.settleRequests() == 0 ? Optional.empty()
                        : Optional.of(new InMemoryRateLimiter("settle", settings.settleRequests(), settings.window(), clock)),
                new ClientAddress(settings.trustedProxies()), "counted in memory, per instance", clock, warnings::add);
    }

    private static boolean allowed(RateLimits limits, String path) {
        return limits.check(path, CLIENT, List.of()).orElseThrow().allowed();
    }

    @Test
    void verifyAndAcceptsShareOneLimitAndSettleHasItsOwn() {
        RateLimits limits = limits(RateLimitSettings.of(3, 1, MINUTE, 0));
        assertThat(allowed(limits, "/verify")).isTrue();
        assertThat(allowed(limits, "/accepts")).isTrue();
        assertThat(allowed(limits, "/verify")).isTrue();
        assertThat(allowed(limits, "/accepts")).isFalse();
        assertThat(allowed(limits, "/verify")).isFalse();

        assertThat(allowed(limits, "/settle")).as("counted apart").isTrue();
        assertThat(allowed(limits, "/settle")).isFalse();

        for (String free : List.of("/health", "/supported", "/dev/sample-payment", "/tracking/payments")) {
            assertThat(limits.check(free, CLIENT, List.of())).as(free).isEmpty();
        }
    }

    @Test
    void aPathIsCountedHoweverItIsSpelt() {
        RateLimits limits = limits(RateLimitSettings.of(100, 5, MINUTE, 0));
        for (String settle : List.of("/settle/", "//settle", "/./settle", "/x/../settle", "/%73ettle", "/settle?x=1")) {
            assertThat(RateLimits.normalise(settle)).as(settle).isEqualTo("/settle");
        }
        assertThat(allowed(limits, "/settle/")).isTrue();
        assertThat(allowed(limits, "//settle")).isTrue();
        assertThat(allowed(limits, "/x/../settle")).isTrue();
        assertThat(allowed(limits, "/%73ettle")).isTrue();
        assertThat(allowed(limits, "/settle")).isTrue();
        assertThat(allowed(limits, "/settle/")).as("the sixth, however spelt").isFalse();
        assertThat(limits.check("/verify/", CLIENT, List.of()).orElseThrow().remaining()).isEqualTo(99);
        assertThat(RateLimits.normalise("/%zz/settle")).isEqualTo("/%zz/settle");
        assertThat(RateLimits.normalise("/a+b")).isEqualTo("/a+b");
        assertThat(limits.check("/health/", CLIENT, List.of())).isEmpty();
    }

    @Test
    void aLimitOfZeroLeavesItsEndpointsUnlimited() {
        RateLimits settleOnly = limits(RateLimitSettings.of(0, 2, MINUTE, 0));
        assertThat(settleOnly.enabled()).isTrue();
        assertThat(settleOnly.check("/verify", CLIENT, List.of())).isEmpty();
        assertThat(allowed(settleOnly, "/settle")).isTrue();

        RateLimits off = limits(RateLimitSettings.off());
        assertThat(off.enabled()).isFalse();
        assertThat(off.check("/settle", CLIENT, List.of())).isEmpty();
        assertThat(off.describe()).startsWith("off (set X402J_RATE_LIMIT");
    }

    @Test
    void theRefusalIs429JsonWithRetryAfterAndTheRateLimitHeaders() throws IOException {
        RateLimits limits = limits(RateLimitSettings.of(2, 2, MINUTE, 0));
        limits.check("/verify", CLIENT, List.of());
        clock.advance(Duration.ofMillis(200));
        RateLimiter.Decision second = limits.check("/verify", CLIENT, List.of()).orElseThrow();
        clock.advance(Duration.ofSeconds(17));
        RateLimiter.Decision refused = limits.check("/verify", CLIENT, List.of()).orElseThrow();
        assertThat(second).isEqualTo(new RateLimiter.Decision(true, 2, 0, Duration.ofMillis(59_800)));
        assertThat(refused).isEqualTo(new RateLimiter.Decision(false, 2, 0, Duration.ofMillis(42_800)));

        MutableHttpResponse<byte[]> response = limits.refusal("/verify", refused);
        assertThat(response.code()).isEqualTo(429);
        assertThat(response.getHeaders().get("Retry-After")).isEqualTo("43");
        assertThat(response.getHeaders().get("RateLimit-Limit")).isEqualTo("2");
        assertThat(response.getHeaders().get("RateLimit-Remaining")).isEqualTo("0");
        assertThat(response.getHeaders().get("RateLimit-Reset")).isEqualTo("43");
        assertThat(response.getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/json"));
        JsonNode body = X402Json.mapper().readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo("rate_limited");
        assertThat(body.path("message").asText()).isEqualTo(
                "too many requests from this client: at most 2 per 1m to /verify and /accepts together; retry in 43 s");
        assertThat(X402Json.mapper().readTree(limits.refusal("/settle", refused).body()).path("message").asText())
                .contains("at most 2 per 1m to /settle;");
    }

    @Test
    void xForwardedForCountsOnlyBehindTrustedProxies() {
        RateLimits ignoring = limits(RateLimitSettings.of(1, 1, MINUTE, 0));
        assertThat(ignoring.check("/verify", CLIENT, List.of("198.51.100.1")).orElseThrow().allowed()).isTrue();
        assertThat(ignoring.check("/verify", CLIENT, List.of("198.51.100.2")).orElseThrow().allowed())
                .as("another X-Forwarded-For is the same client").isFalse();

        RateLimits trusting = limits(RateLimitSettings.of(1, 1, MINUTE, 1));
        assertThat(trusting.check("/verify", CLIENT, List.of("198.51.100.1")).orElseThrow().allowed()).isTrue();
        assertThat(trusting.check("/verify", CLIENT, List.of("198.51.100.2")).orElseThrow().allowed()).isTrue();
        assertThat(trusting.check("/verify", CLIENT, List.of("6.6.6.6, 198.51.100.2")).orElseThrow().allowed())
                .as("what the client wrote left of the proxy's entry changes nothing").isFalse();
    }

    @Test
    void aFailingLimiterServesTheRequestAndWarnsAtMostOncePerIntervalCountingTheRest() {
        AtomicInteger calls = new AtomicInteger();
        RateLimiter down = new RateLimiter() {
            @Override
            public long limit() {
                return 1;
            }

            @Override
            public Duration window() {
                return MINUTE;
            }

            @Override
            public Decision tryAcquire(String client) {
                calls.incrementAndGet();
                throw new StoreUnavailableException("rate limit requests", "rate limit requests: Redis cannot be reached", null);
            }
        };
        RateLimits limits = new RateLimits(Optional.of(down), Optional.of(down), new ClientAddress(0), "test", clock,
                warnings::add);

        for (int i = 0; i < 5; i++) {
            assertThat(limits.check("/settle", CLIENT, List.of())).as("served, without a decision").isEmpty();
        }
        assertThat(calls.get()).isEqualTo(5);
        assertThat(warnings).containsExactly("rate limit of /settle could not be checked (StoreUnavailableException:"
                + " rate limit requests: Redis cannot be reached); the request was served without a limit");

        clock.advance(RateLimits.WARNING_INTERVAL);
        assertThat(limits.check("/verify", CLIENT, List.of())).isEmpty();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).startsWith("rate limit of /verify could not be checked")
                .endsWith("without a limit (and 4 more since the last warning)");
    }

    @Test
    void theStartUpLineSaysWhatIsLimitedPerWhomAndWhere() {
        assertThat(limits(RateLimitSettings.of(100, 20, MINUTE, 0)).describe()).isEqualTo(
                "/verify and /accepts 100 per 1m, /settle 20 per 1m, per client by remote address (X-Forwarded-For"
                        + " ignored); counted in memory, per instance");
        assertThat(limits(RateLimitSettings.of(100, 0, Duration.ofSeconds(30), 1)).describe()).isEqualTo(
                "/verify and /accepts 100 per 30s, /settle unlimited, per client by X-Forwarded-For entry 1 from the"
                        + " right (behind 1 trusted proxy); counted in memory, per instance");
    }
}
