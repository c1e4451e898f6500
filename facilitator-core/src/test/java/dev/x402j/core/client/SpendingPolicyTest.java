package dev.x402j.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.PaymentRequirements;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpendingPolicyTest {
    private static final String BASE_SEPOLIA_USDC = "0x036CbD53842c5426634e7929541eC2318f3dCF7e";
    private static final String PAY_TO = "0x000000000000000000000000000000000000dEaD";

    private static PaymentRequirements asking(int maxTimeoutSeconds) {
        return new PaymentRequirements("exact", "eip155:84532", BigInteger.valueOf(10_000), BASE_SEPOLIA_USDC, PAY_TO,
                maxTimeoutSeconds, null);
    }

    @Test
    void aServerAskingForADecadeLongAuthorizationIsRefusedByDefault() {
        SpendingPolicy policy = SpendingPolicy.builder().maxUsdc("$0.05").build();
        int decade = (int) Duration.ofDays(3650).toSeconds();

        assertThat(policy.refusal(asking(decade), NetworkRegistry.defaults()))
                .hasValueSatisfying(why -> assertThat(why).contains("maxTimeoutSeconds " + decade).contains("600 s"));
        assertThat(policy.refusal(asking(601), NetworkRegistry.defaults())).isPresent();
        assertThat(policy.refusal(asking(600), NetworkRegistry.defaults())).isEmpty();
        assertThat(policy.refusal(asking(60), NetworkRegistry.defaults())).isEmpty();
    }

    @Test
    void theBoundIsTheClientsToChoose() {
        SpendingPolicy policy = SpendingPolicy.builder().maxUsdc("$0.05").maxTimeout(Duration.ofSeconds(30)).build();

        assertThat(policy.maxTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.refusal(asking(31), NetworkRegistry.defaults())).isPresent();
        assertThat(policy.refusal(asking(30), NetworkRegistry.defaults())).isEmpty();
        assertThatThrownBy(() -> SpendingPolicy.builder().maxTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAmountAboveTheCeilingIsStillRefused() {
        SpendingPolicy policy = SpendingPolicy.builder().maxUsdc("$0.001").build();

        assertThat(policy.refusal(asking(60), NetworkRegistry.defaults()))
                .hasValueSatisfying(why -> assertThat(why).contains("exceeds the limit of 1000"));
    }
}
