package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad setting stops the application context (no server is started: no socket) with its one sentence. */
class StartupFailureTest {
    @Test
    void aBadSettingStopsStartUpWithItsSentenceAndNeverTheKey() {
        String key = "0x" + "c0ffee".repeat(10) + "zzzz";
        Throwable failure = catchThrowable(() -> ApplicationContext.builder()
                .singletons(EnvironmentVariables.of(Map.of("EVM_PRIVATE_KEY", key)))
                .start()
                .close());
        assertThat(failure).isNotNull();
        String line = Application.explain(failure);
        assertThat(line).isEqualTo(
                "EVM_PRIVATE_KEY is not a valid EVM private key (expected 64 hex digits, optionally prefixed with 0x).");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("c0ffee");
        }
    }

    @Test
    void aBadSolanaKeyStopsStartUpWithItsSentenceAndNeverTheKey() {
        String key = "5c0ffee" + "1".repeat(30) + "0"; // '0' is not base58
        Throwable failure = catchThrowable(() -> ApplicationContext.builder()
                .singletons(EnvironmentVariables.of(Map.of("SVM_PRIVATE_KEY", key)))
                .start()
                .close());
        assertThat(failure).isNotNull();
        assertThat(Application.explain(failure)).isEqualTo("SVM_PRIVATE_KEY is not a valid Solana secret key"
                + " (expected base58 of a 64-byte keypair or a 32-byte seed).");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("c0ffee");
        }
    }
}
