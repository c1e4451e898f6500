package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.store.redis.RedisStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two real server processes in live mode sharing one Redis ({@code REDIS_URL}, a key prefix of this test's own) and
 * one anvil: the rate limit is one count across both instances, kept in Redis. And, in process, a limiter whose Redis
 * is gone lets requests through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitOnRedisIT {
    private static final int LIMIT = 4;

    private LocalChain chain;
    private TestStores.Redis redis;
    private ServerProcess a;
    private ServerProcess b;

    @BeforeAll
    void start() {
        chain = new LocalChain();
        redis = new TestStores.Redis(getClass());
        Map<String, String> shared = Map.of("REDIS_URL", TestStores.Redis.URL, "X402J_REDIS_KEY_PREFIX", redis.prefix,
                "X402J_RATE_LIMIT", Integer.toString(LIMIT), "X402J_RATE_LIMIT_SETTLE", "1",
                "X402J_RATE_LIMIT_WINDOW", "1h");
        Map<String, String> envA = new HashMap<>(chain.serverEnvironment(0));
        envA.putAll(shared);
        Map<String, String> envB = new HashMap<>(chain.serverEnvironment(5));
        envB.putAll(shared);
        a = ServerProcess.start("RateLimitOnRedisIT-A", envA);
        b = ServerProcess.start("RateLimitOnRedisIT-B", envB);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {a, b, chain, redis}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void theLimitIsOneCountAcrossBothInstances() {
        for (ServerProcess server : List.of(a, b)) {
            assertThat(server.output()).contains("rate limit: /verify and /accepts " + LIMIT + " per 1h, /settle 1 per 1h,"
                    + " per client by remote address (X-Forwarded-For ignored); counted in redis 127.0.0.1:6379/0 (key"
                    + " prefix '" + redis.prefix + "'), shared by every instance using it");
        }
        String payment = chain.newPayment().toString();

        // A, B, A, B: four verifications between them, the count going down across the instances.
        for (int i = 0; i < LIMIT; i++) {
            ServerProcess server = i % 2 == 0 ? a : b;
            HttpReply verified = HttpReply.postJson(server.base, "/verify", payment);
            assertThat(verified.status()).as(server + ": " + verified).isEqualTo(200);
            assertThat(verified.json().path("isValid").asBoolean()).as(verified.body()).isTrue();
            assertThat(verified.number("RateLimit-Remaining")).as(server.toString()).isEqualTo(LIMIT - 1 - i);
        }
        // The fifth is refused by either instance.
        for (ServerProcess server : List.of(a, b)) {
            HttpReply refused = HttpReply.postJson(server.base, "/verify", payment);
            assertThat(refused.status()).as(server + ": " + refused).isEqualTo(429);
            assertThat(refused.json().path("error").asText()).isEqualTo("rate_limited");
            assertThat(refused.number("Retry-After")).isBetween(1L, 3600L);
            assertThat(HttpReply.get(server.base, "/health").status()).isEqualTo(200);
        }

        // The count is in Redis, under the shared prefix, expiring with the window; refused requests took nothing.
        List<String> counters = redis.keys("ratelimit:requests:*");
        assertThat(counters).hasSize(1);
        assertThat(redis.commands().get(counters.get(0))).isEqualTo(Integer.toString(LIMIT));
        assertThat(redis.commands().pttl(counters.get(0))).isBetween(1L, Duration.ofHours(1).toMillis());

        // /settle is counted apart, also across instances: settled on A, refused on B.
        HttpReply settled = HttpReply.postJson(a.base, "/settle", chain.newPayment().toString());
        assertThat(settled.status()).as(settled.toString()).isEqualTo(200);
        assertThat(settled.json().path("success").asBoolean()).as(settled.body()).isTrue();
        HttpReply refused = HttpReply.postJson(b.base, "/settle", chain.newPayment().toString());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.json().path("message").asText()).contains("at most 1 per 1h to /settle;");
        assertThat(redis.keys("ratelimit:settle:*")).hasSize(1);
    }

    @Test
    void whenRedisIsGoneARequestIsServedAndAWarningLogged() {
        List<String> warnings = new ArrayList<>();
        RedisStores stores = RedisStores.builder().url(TestStores.Redis.URL).keyPrefix(redis.prefix + "fail-open:")
                .build();
        RateLimits limits = new RateLimits(
                Optional.of(RateLimiter.redis(stores.rateLimiter(RateLimits.REQUESTS, 1, Duration.ofHours(1)))),
                Optional.empty(), new ClientAddress(0), "test", java.time.Clock.systemUTC(), warnings::add);
        var client = ClientAddress.literal("203.0.113.7").orElseThrow();

        assertThat(limits.check("/verify", client, List.of()).orElseThrow().allowed()).isTrue();
        assertThat(limits.check("/verify", client, List.of()).orElseThrow().allowed()).isFalse();
        assertThat(warnings).isEmpty();

        stores.close(); // the connection is gone: every command fails at once
        assertThat(limits.check("/verify", client, List.of())).as("served without a decision").isEmpty();
        assertThat(limits.check("/verify", client, List.of())).isEmpty();
        assertThat(warnings).singleElement().asString()
                .startsWith("rate limit of /verify could not be checked (StoreUnavailableException: rate limit requests")
                .endsWith("the request was served without a limit");
    }
}
