package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.testkit.JavaProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rate limit on the real server in dev mode (its local anvil and Solana, in-memory counts): the (limit+1)-th
 * request of a client is answered 429 JSON with {@code Retry-After}, {@code /health} and {@code /supported} stay open,
 * {@code /settle} counts apart, and {@code X-Forwarded-For} is believed only behind trusted proxies. The windows are an
 * hour long, so none ends during a test.
 */
class RateLimitIT {

    private static String samplePayment(TestServer server) {
        TestServer.Answer sample = server.get("/dev/sample-payment?amount=10000");
        assertThat(sample.status()).as(sample.body()).isEqualTo(200);
        return sample.body();
    }

    @Test
    void theRequestAfterTheLimitIsRefusedWith429AndRetryAfterWhileHealthStaysOpen() {
        Map<String, String> env = Map.of("X402J_RATE_LIMIT", "3", "X402J_RATE_LIMIT_SETTLE", "1",
                "X402J_RATE_LIMIT_WINDOW", "1h");
        try (TestServer server = TestServer.start(env, Map.of())) {
            assertThat(server.get("/health").json().path("mode").asText()).isEqualTo("dev");
            String payment = samplePayment(server);

            // Three verifications are served, counting down; each claims another X-Forwarded-For, which is ignored.
            for (int i = 0; i < 3; i++) {
                HttpReply verified = HttpReply.postJson(server.base, "/verify", payment,
                        "X-Forwarded-For", "198.51.100." + i);
                assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
                assertThat(verified.json().path("isValid").asBoolean()).as(verified.body()).isTrue();
                assertThat(verified.number("RateLimit-Limit")).isEqualTo(3);
                assertThat(verified.number("RateLimit-Remaining")).isEqualTo(2 - i);
                assertThat(verified.number("RateLimit-Reset")).isBetween(1L, 3600L);
                assertThat(verified.headers().firstValue("Retry-After")).isEmpty();
            }

            // The fourth is refused before anything is verified: 429, JSON reason, Retry-After.
            HttpReply refused = HttpReply.postJson(server.base, "/verify", payment, "X-Forwarded-For", "198.51.100.9");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.header("Content-Type")).startsWith("application/json");
            JsonNode body = refused.json();
            assertThat(body.path("error").asText()).isEqualTo("rate_limited");
            assertThat(body.path("message").asText())
                    .startsWith("too many requests from this client: at most 3 per 1h to /verify and /accepts together;"
                            + " retry in ")
                    .endsWith(" s");
            long retryAfter = refused.number("Retry-After");
            assertThat(retryAfter).isBetween(1L, 3600L);
            assertThat(body.path("message").asText()).contains("retry in " + retryAfter + " s");
            assertThat(refused.number("RateLimit-Limit")).isEqualTo(3);
            assertThat(refused.number("RateLimit-Remaining")).isZero();
            assertThat(refused.number("RateLimit-Reset")).isEqualTo(retryAfter);
            assertThat(body.has("isValid")).isFalse();

            // /accepts shares the limit of /verify, and the limit comes before the body is read (this one is no JSON:
            // a 400 otherwise).
            HttpReply accepts = HttpReply.postJson(server.base, "/accepts", "not json");
            assertThat(accepts.status()).as(accepts.toString()).isEqualTo(429);
            assertThat(accepts.json().path("error").asText()).isEqualTo("rate_limited");

            // /health and /supported are never limited.
            for (int i = 0; i < 10; i++) {
                HttpReply health = HttpReply.get(server.base, "/health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(health.json().path("status").asText()).isEqualTo("ok");
                assertThat(health.headers().firstValue("RateLimit-Limit")).isEmpty();
                assertThat(HttpReply.get(server.base, "/supported").status()).isEqualTo(200);
            }

            // /settle counts apart, with its own limit of 1: the first settles on the local chain, the second waits.
            HttpReply settled = HttpReply.postJson(server.base, "/settle", samplePayment(server));
            assertThat(settled.status()).as(settled.toString()).isEqualTo(200);
            assertThat(settled.json().path("success").asBoolean()).as(settled.body()).isTrue();
            assertThat(settled.number("RateLimit-Limit")).isEqualTo(1);
            assertThat(settled.number("RateLimit-Remaining")).isZero();
            HttpReply settleRefused = HttpReply.postJson(server.base, "/settle", samplePayment(server));
            assertThat(settleRefused.status()).as(settleRefused.toString()).isEqualTo(429);
            assertThat(settleRefused.json().path("message").asText()).contains("at most 1 per 1h to /settle;");
            assertThat(settleRefused.number("Retry-After")).isBetween(1L, 3600L);
        }
    }

    @Test
    void aTrailingSlashOrADoubledSlashIsCountedLikeTheEndpointItReaches() {
        Map<String, String> env = Map.of("X402J_RATE_LIMIT", "2", "X402J_RATE_LIMIT_SETTLE", "1",
                "X402J_RATE_LIMIT_WINDOW", "1h");
        try (TestServer server = TestServer.start(env, Map.of())) {
            // The router serves /settle/ as /settle; the limit counts it the same (the body is no JSON: 400 if served).
            HttpReply first = HttpReply.postJson(server.base, "/settle/", "not json");
            assertThat(first.status()).as(first.toString()).isEqualTo(400);
            assertThat(first.number("RateLimit-Remaining")).isZero();
            HttpReply second = HttpReply.postJson(server.base, "/settle/", "not json");
            assertThat(second.status()).as(second.toString()).isEqualTo(429);
            assertThat(second.json().path("message").asText()).contains("at most 1 per 1h to /settle;");
            assertThat(HttpReply.postJson(server.base, "/settle", "not json").status()).isEqualTo(429);
            // /verify/ and /accepts/ share the other limit.
            assertThat(HttpReply.postJson(server.base, "/verify/", "not json").status()).isEqualTo(400);
            assertThat(HttpReply.postJson(server.base, "/accepts/", "not json").status()).isEqualTo(400);
            assertThat(HttpReply.postJson(server.base, "/verify", "not json").status()).isEqualTo(429);
        }
    }

    @Test
    void behindATrustedProxyTheClientIsTheEntryItWroteInXForwardedFor() {
        Map<String, String> env = Map.of("X402J_RATE_LIMIT", "2", "X402J_RATE_LIMIT_WINDOW", "1h",
                "X402J_RATE_LIMIT_TRUSTED_PROXIES", "1");
        try (TestServer server = TestServer.start(env, Map.of())) {
            String payment = samplePayment(server);
            for (int i = 0; i < 2; i++) {
                HttpReply ok = HttpReply.postJson(server.base, "/verify", payment, "X-Forwarded-For", "203.0.113.7");
                assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            }
            assertThat(HttpReply.postJson(server.base, "/verify", payment, "X-Forwarded-For", "203.0.113.7").status())
                    .isEqualTo(429);
            // The same client prepending an address of its choice is still the client the proxy saw.
            assertThat(HttpReply.postJson(server.base, "/verify", payment,
                    "X-Forwarded-For", "198.51.100.1, 203.0.113.7").status()).isEqualTo(429);
            // Another client behind the proxy has its own count.
            HttpReply other = HttpReply.postJson(server.base, "/verify", payment, "X-Forwarded-For", "203.0.113.8");
            assertThat(other.status()).as(other.toString()).isEqualTo(200);
            assertThat(other.number("RateLimit-Remaining")).isEqualTo(1);
            // Without the header the client is the connection's peer, counted on its own.
            HttpReply direct = HttpReply.postJson(server.base, "/verify", payment);
            assertThat(direct.status()).as(direct.toString()).isEqualTo(200);
            assertThat(direct.number("RateLimit-Remaining")).isEqualTo(1);
        }
    }

    @Test
    void aBadRateLimitInTheEnvironmentStopsTheRealServerWithOneSentence() {
        // The server reads these variables itself (Micronaut converts no x402j.* key), so the sentence is its own.
        Map<String, String> env = Map.of(
                "EVM_PRIVATE_KEY", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
                "EVM_NETWORKS", "base-sepolia",
                "EVM_RPC_URL_BASE_SEPOLIA", "http://127.0.0.1:1",
                "PORT", Integer.toString(ServerProcess.freePort()),
                "X402J_RATE_LIMIT", "100/min",
                "X402J_RATE_LIMIT_WINDOW", "soon",
                "X402J_RATE_LIMIT_TRUSTED_PROXIES", "yes");
        try (JavaProcess server = ServerProcess.startFailing(env)) {
            assertThat(server.awaitExit(Duration.ofSeconds(120))).as(server.output()).isEqualTo(2);
            List<String> lines = server.outputLines();
            assertThat(lines).as(server.output()).filteredOn(l -> l.startsWith("x402j server cannot start: "))
                    .containsExactly("x402j server cannot start: 3 settings are wrong: X402J_RATE_LIMIT must be a whole"
                            + " number of requests per window from 0 (no limit) to 1000000000, not '100/min';"
                            + " X402J_RATE_LIMIT_WINDOW must be a duration of at least 1s such as 30s, 1m or 1h, not"
                            + " 'soon'; X402J_RATE_LIMIT_TRUSTED_PROXIES must be the number of reverse proxies in front"
                            + " of the server, from 0 (the default: X-Forwarded-For is ignored) to 10, not 'yes'.");
            assertThat(server.output()).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }
}
