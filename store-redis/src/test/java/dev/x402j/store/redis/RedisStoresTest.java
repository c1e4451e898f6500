package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings validated before any connection is made (no socket is opened here). */
class RedisStoresTest {
    @Test
    void aBadUrlIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> RedisStores.builder().url("http://user:hunter22@host:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Redis URL is not valid")
                .hasMessageNotContaining("hunter22");
        assertThatThrownBy(() -> RedisStores.builder().url(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLocationIsRequired() {
        assertThatThrownBy(() -> RedisStores.builder().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("url(...), uri(...) or client(...)");
    }

    @Test
    void durationsAreValidatedAndNamed() {
        var b = RedisStores.builder();
        assertThatThrownBy(() -> b.finalRecordRetention(Duration.ofSeconds(-1))).hasMessageStartingWith("finalRecordRetention");
        assertThatThrownBy(() -> b.commandTimeout(Duration.ZERO)).hasMessageStartingWith("commandTimeout");
        b.finalRecordRetention(Duration.ZERO); // keep forever
    }

    @Test
    void theDefaults() {
        assertThat(RedisStores.DEFAULT_KEY_PREFIX).isEqualTo("x402j:");
        assertThat(RedisStores.DEFAULT_FINAL_RECORD_RETENTION).isEqualTo(Duration.ofDays(30));
    }
}
