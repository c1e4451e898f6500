package dev.x402j.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RpcOptionsTest {
    @Test
    void defaults() {
        RpcOptions o = RpcOptions.defaults();
        assertThat(o.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.callTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.maxAttempts()).isEqualTo(4);
        assertThat(o.backoffBase()).isEqualTo(Duration.ofMillis(100));
        assertThat(o.backoffCap()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.breakerThreshold()).isEqualTo(5);
        assertThat(o.breakerCoolDown()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void copiesChangeOneThing() {
        RpcOptions o = RpcOptions.defaults()
                .withConnectTimeout(Duration.ofSeconds(1))
                .withRequestTimeout(Duration.ofSeconds(4))
                .withCallTimeout(Duration.ofSeconds(9))
                .withMaxAttempts(2)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .withBreaker(3, Duration.ofSeconds(60));
        assertThat(o).isEqualTo(new RpcOptions(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(9), 2,
                Duration.ofMillis(50), Duration.ofMillis(500), 3, Duration.ofSeconds(60)));
    }

    @Test
    void refusesWhatCannotWorkNamingTheField() {
        RpcOptions d = RpcOptions.defaults();
        assertThatThrownBy(() -> d.withRequestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> d.withCallTimeout(null)).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> d.withConnectTimeout(Duration.ofSeconds(-1))).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> d.withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> d.withBreaker(0, Duration.ofSeconds(1))).hasMessageContaining("breakerThreshold");
        assertThatThrownBy(() -> d.withBreaker(1, Duration.ZERO)).hasMessageContaining("breakerCoolDown");
        assertThatThrownBy(() -> d.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("backoffCap");
    }
}
