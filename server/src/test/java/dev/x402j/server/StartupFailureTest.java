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
    void aFeeCapThatIsNotAWholeNumberOfWeiStopsStartUpWithItsSentence() {
        String key = "0x" + "c0ffee".repeat(10) + "0001";
        Throwable failure = catchThrowable(() -> ApplicationContext.builder()
                .singletons(EnvironmentVariables.of(Map.of("EVM_PRIVATE_KEY", key, "EVM_MAX_FEE_PER_GAS", "0.5000000001gwei")))
                .start()
                .close());
        assertThat(failure).isNotNull();
        assertThat(Application.explain(failure)).isEqualTo(
                "EVM_MAX_FEE_PER_GAS must come to a whole number of wei, not '0.5000000001gwei' (500000000.1 wei).");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("c0ffee");
        }
    }

    @Test
    void aCallDeadlineShorterThanTheRequestTimeoutStopsStartUpWithItsSentence() {
        Throwable failure = catchThrowable(() -> ApplicationContext.builder()
                .properties(Map.of("x402j.rpc-timeout", "20s"))
                .singletons(EnvironmentVariables.of(Map.of("EVM_PRIVATE_KEY", "0x" + "c0ffee".repeat(10) + "0001",
                        "X402J_RPC_CALL_DEADLINE", "12s")))
                .start()
                .close());
        assertThat(failure).isNotNull();
        assertThat(Application.explain(failure))
                .isEqualTo("X402J_RPC_CALL_DEADLINE must not be shorter than x402j.rpc-timeout (12s < 20s).");
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
