package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.Facilitator;
import dev.x402j.core.FakeChainSchemeAccess;
import dev.x402j.core.Scheme;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The usage snippet of the module README, compiled and run so that it cannot rot. */
class RedisReadmeExampleIT {
    @Test
    void theReadmeSnippetRuns() {
        String redisUrl = RedisTestSupport.url();
        String prefix = RedisTestSupport.prefix(RedisReadmeExampleIT.class);
        Scheme exactOnEvm = new FakeChainSchemeAccess().scheme(); // stands in for EvmSchemes
        boolean[] swept = {false};

        // --- README snippet begins
        try (RedisStores redis = RedisStores.builder()
                .url(redisUrl)                                   // e.g. System.getenv("REDIS_URL")
                .keyPrefix(prefix)                               // default "x402j:"
                .finalRecordRetention(Duration.ofDays(30))       // the default
                .build()) {
            Facilitator facilitator = Facilitator.builder()
                    .scheme(exactOnEvm)
                    .settlementStore(redis.settlements())
                    .sessionStore(redis.sessions())
                    .build();

            // One instance at a time runs the sweeper.
            redis.lock("upto-sweeper").tryAcquire(Duration.ofSeconds(30)).ifPresent(lease -> {
                try (lease) {
                    swept[0] = true; // sweep(facilitator)
                }
            });

            // At most 10 settlements per payer and minute, across all instances.
            RedisRateLimiter perPayer = redis.rateLimiter("settle-per-payer", 10, Duration.ofMinutes(1));
            RedisRateLimiter.Decision d = perPayer.tryAcquire("0xPayer");
            if (!d.allowed()) {
                // answer 429 with Retry-After: d.retryAfter().toSeconds()
            }
            // --- README snippet ends

            assertThat(facilitator).isNotNull();
            assertThat(swept[0]).isTrue();
            assertThat(d.remaining()).isEqualTo(9);
            RedisTestSupport.deleteKeys(redis);
        }
    }
}
