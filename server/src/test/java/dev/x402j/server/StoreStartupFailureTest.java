package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A malformed store URL stops the application context before anything connects (no socket) with one sentence that
 * names the setting and never the URL's password. Unreachable stores are {@code StoreStartupFailureIT}'s.
 */
class StoreStartupFailureTest {
    private static final String KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String SECRET = "pw-" + "9f1c7e";

    private static Throwable startWith(Map<String, String> env) {
        return catchThrowable(() -> ApplicationContext.builder()
                .singletons(EnvironmentVariables.of(env))
                .start()
                .close());
    }

    private static void assertNoSecret(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
        }
    }

    @Test
    void aDatabaseUrlOfAnotherDatabaseStopsStartUpWithItsSentence() {
        Throwable failure = startWith(Map.of("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base-sepolia",
                "DATABASE_URL", "mysql://root:" + SECRET + "@db.example/payments"));
        assertThat(failure).isNotNull();
        assertThat(Application.explain(failure)).isEqualTo("DATABASE_URL is not a PostgreSQL URL (expected"
                + " postgres://user:password@host:5432/database or jdbc:postgresql://host:5432/database; the value is not"
                + " repeated here as it may hold a password).");
        assertNoSecret(failure);
    }

    @Test
    void aRedisUrlWithoutSchemeStopsStartUpWithItsSentence() {
        Throwable failure = startWith(Map.of("EVM_PRIVATE_KEY", KEY, "EVM_NETWORKS", "base-sepolia",
                "REDIS_URL", ":" + SECRET + "@cache.example:6379"));
        assertThat(failure).isNotNull();
        assertThat(Application.explain(failure)).isEqualTo("REDIS_URL is not a Redis URL (expected"
                + " redis://[[user:]password@]host[:port][/database] or rediss://…; the value is not repeated here as it"
                + " may hold a password).");
        assertNoSecret(failure);
    }
}
