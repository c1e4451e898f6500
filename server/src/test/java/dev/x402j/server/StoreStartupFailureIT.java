package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.testkit.JavaProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The real server process with a store it cannot use: it prints one sentence naming the setting (never the URL or its
 * password), no stack trace, and exits with status 2.
 */
class StoreStartupFailureIT {
    private static final String KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String SECRET = "pw-" + UUID.randomUUID();

    private static void assertStartUpFails(Map<String, String> stores, String sentence) {
        Map<String, String> env = new HashMap<>(stores);
        env.put("EVM_PRIVATE_KEY", KEY);
        env.put("EVM_NETWORKS", "base-sepolia");
        env.put("EVM_RPC_URL_BASE_SEPOLIA", "http://127.0.0.1:1");
        env.put("PORT", Integer.toString(ServerProcess.freePort()));
        try (JavaProcess server = ServerProcess.startFailing(env)) {
            assertThat(server.awaitExit(Duration.ofSeconds(120))).as(server.output()).isEqualTo(2);
            List<String> lines = server.outputLines();
            assertThat(lines).as(server.output()).filteredOn(l -> l.startsWith("x402j server cannot start: "))
                    .containsExactly("x402j server cannot start: " + sentence);
            assertThat(server.output()).doesNotContain(SECRET).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void aMalformedReconcileIntervalInTheEnvironmentIsNamedByItsVariable() {
        // Micronaut maps X402J_* onto x402j.* by itself; the server reads these variables itself, so the sentence is its.
        assertStartUpFails(Map.of("X402J_RECONCILE_INTERVAL", "soon", "X402J_RECONCILE_STALE_AFTER", "-1s"),
                "2 settings are wrong: X402J_RECONCILE_INTERVAL must be a positive duration such as 30s, 500ms or 2m,"
                        + " not 'soon'; X402J_RECONCILE_STALE_AFTER must be a positive duration such as 30s, 500ms or 2m,"
                        + " not '-1s'.");
    }

    @Test
    void malformedSettlementSafetySettingsInTheEnvironmentAreNamedByTheirVariables() {
        // The server reads these variables itself (Micronaut converts no x402j.* key), so every sentence is its own.
        assertStartUpFails(Map.of("X402J_RECONCILE_REPLACE_AFTER", "0s", "X402J_RPC_TIMEOUT", "soon",
                        "X402J_RPC_CALL_DEADLINE", "1", "EVM_MAX_FEE_PER_GAS", "1.5"),
                "4 settings are wrong: X402J_RECONCILE_REPLACE_AFTER must be a positive duration such as 30s, not PT0S;"
                        + " X402J_RPC_TIMEOUT must be a positive duration such as 30s, 500ms or 2m, not 'soon';"
                        + " X402J_RPC_CALL_DEADLINE must be a positive duration such as 30s, 500ms or 2m, not '1';"
                        + " EVM_MAX_FEE_PER_GAS must come to a whole number of wei, not '1.5' (1.5 wei).");
    }

    @Test
    void anUnreachablePostgresIsNamed() {
        assertStartUpFails(Map.of("DATABASE_URL", "postgres://postgres:" + SECRET + "@127.0.0.1:1/x402j"),
                "DATABASE_URL names a PostgreSQL that cannot be reached (127.0.0.1:1/x402j, SQLSTATE 08001).");
    }

    @Test
    void aMissingDatabaseIsNamed() {
        assertStartUpFails(Map.of("DATABASE_URL", "postgresql://postgres:" + SECRET + "@127.0.0.1:5432/x402j_no_such_db"),
                "DATABASE_URL names a database that does not exist (127.0.0.1:5432/x402j_no_such_db).");
    }

    @Test
    void anUnreachableRedisIsNamed() {
        assertStartUpFails(Map.of("REDIS_URL", "redis://:" + SECRET + "@127.0.0.1:1/0"),
                "REDIS_URL names a Redis that cannot be reached (127.0.0.1:1/0).");
    }

    @Test
    void aRedisThatRefusesThePasswordIsNamed() {
        // A user the local Redis does not have: AUTH is refused whatever the password (the default user of a Redis
        // without requirepass would accept any).
        assertStartUpFails(Map.of("REDIS_URL", "redis://x402j-no-such-user:" + SECRET + "@127.0.0.1:6379/0"),
                "REDIS_URL names a Redis that refused the credentials (127.0.0.1:6379/0).");
    }
}
