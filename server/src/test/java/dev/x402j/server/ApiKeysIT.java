package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * API keys on the real server (its own JVM in dev mode, so its whole log is read): without a key or with a wrong one
 * the facilitator API answers 401 JSON, each of two keys works (as a bearer token or X-API-Key), /supported and
 * /health stay open, the rate limit counts per key, and no key ever reaches the log.
 */
class ApiKeysIT {
    private static final String K1 = "it-key-one-0123456789abcdef";
    private static final String K2 = "it-key-two-fedcba9876543210";

    @Test
    void theFacilitatorApiNeedsOneOfTheKeysAndTheLimitCountsPerKey() {
        Map<String, String> env = Map.of("X402J_API_KEYS", K1 + "," + K2, "X402J_RATE_LIMIT", "4",
                "X402J_RATE_LIMIT_WINDOW", "1h");
        try (ServerProcess server = ServerProcess.start("api-keys", env)) {
            TestServer.Answer sample = server.get("/dev/sample-payment?amount=10000");
            assertThat(sample.status()).as(sample.body()).isEqualTo(200);
            String payment = sample.body();

            // No key: 401 JSON, before anything is verified (counted against the address: 1 of 4).
            HttpReply none = HttpReply.postJson(server.base, "/verify", payment);
            assertThat(none.status()).as(none.toString()).isEqualTo(401);
            assertThat(none.header("Content-Type")).startsWith("application/json");
            assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
            JsonNode body = none.json();
            assertThat(body.path("error").asText()).isEqualTo("unauthorized");
            assertThat(body.path("message").asText()).contains("X402J_API_KEYS").contains("Authorization: Bearer");
            assertThat(body.has("isValid")).isFalse();

            // A wrong key, or a key that is almost one: 401.
            for (String wrong : new String[] {"Bearer not-a-key-0123456789", "Bearer " + K1 + "x"}) {
                HttpReply refused = HttpReply.postJson(server.base, "/verify", payment, "Authorization", wrong);
                assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
                assertThat(refused.json().path("message").asText()).startsWith("the API key is not one of");
            }
            // /settle/ (routed as /settle) and /accepts are guarded too; refused unread (the body is no JSON).
            assertThat(HttpReply.postJson(server.base, "/settle/", "not json", "X-API-Key", K2 + "0").status())
                    .isEqualTo(401);
            assertThat(HttpReply.postJson(server.base, "/accepts", "not json").status()).isEqualTo(401);

            // Each key works, as a bearer token or as X-API-Key; each has its own count (the address has used 4).
            HttpReply one = HttpReply.postJson(server.base, "/verify", payment, "Authorization", "Bearer " + K1);
            assertThat(one.status()).as(one.toString()).isEqualTo(200);
            assertThat(one.json().path("isValid").asBoolean()).as(one.body()).isTrue();
            assertThat(one.number("RateLimit-Remaining")).isEqualTo(3);
            HttpReply two = HttpReply.postJson(server.base, "/verify", payment, "X-API-Key", K2);
            assertThat(two.status()).as(two.toString()).isEqualTo(200);
            assertThat(two.json().path("isValid").asBoolean()).as(two.body()).isTrue();
            assertThat(two.number("RateLimit-Remaining")).isEqualTo(3);
            assertThat(HttpReply.postJson(server.base, "/verify", payment, "authorization", "bearer " + K1)
                    .number("RateLimit-Remaining")).isEqualTo(2);
            assertThat(HttpReply.postJson(server.base, "/accepts", "not json", "X-API-Key", K1).status())
                    .as("past the key: the body is read").isEqualTo(400);
            assertThat(HttpReply.postJson(server.base, "/verify", payment, "X-API-Key", K1).number("RateLimit-Remaining"))
                    .isZero();
            assertThat(HttpReply.postJson(server.base, "/verify", payment, "X-API-Key", K1).status()).isEqualTo(429);
            assertThat(HttpReply.postJson(server.base, "/verify", payment, "X-API-Key", K2).number("RateLimit-Remaining"))
                    .isEqualTo(2);
            // The address, without a key, has used its 4.
            assertThat(HttpReply.postJson(server.base, "/verify", payment).status()).isEqualTo(429);

            // /supported and /health stay open.
            assertThat(HttpReply.get(server.base, "/supported").status()).isEqualTo(200);
            assertThat(HttpReply.get(server.base, "/health").json().path("status").asText()).isEqualTo("ok");

            String log = server.output();
            assertThat(log).contains("facilitator API /verify, /settle, /accepts: API key required (2 keys, fingerprints "
                    + ApiKeys.fingerprintOf(K1) + ", " + ApiKeys.fingerprintOf(K2) + ")");
            assertThat(log).doesNotContain(K1).doesNotContain(K2).doesNotContain("it-key-");
        }
    }
}
