package dev.x402j.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(2);

    @Test
    void doublesEachRoundUpToTheCap() {
        assertThat(Backoff.delay(1, BASE, CAP, 1.0)).isLessThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Backoff.delay(2, BASE, CAP, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(Backoff.delay(3, BASE, CAP, 0.0)).isEqualTo(Duration.ofMillis(200));
        assertThat(Backoff.delay(4, BASE, CAP, 0.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(Backoff.delay(6, BASE, CAP, 0.0)).isEqualTo(Duration.ofMillis(1000)); // 3.2 s capped at 2 s, halved
        assertThat(Backoff.delay(7, BASE, CAP, 0.0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterStaysInTheUpperHalf() {
        for (int round = 1; round <= 10; round++) {
            Duration ceiling = BASE.multipliedBy(1L << (round - 1));
            Duration expected = ceiling.compareTo(CAP) > 0 ? CAP : ceiling;
            assertThat(Backoff.delay(round, BASE, CAP, 0.0)).isEqualTo(expected.dividedBy(2));
            assertThat(Backoff.delay(round, BASE, CAP, 0.5)).isEqualTo(expected.multipliedBy(3).dividedBy(4));
            assertThat(Backoff.delay(round, BASE, CAP, 0.999_999))
                    .isLessThan(expected)
                    .isGreaterThan(expected.multipliedBy(99).dividedBy(100));
        }
    }

    @Test
    void outOfRangeRandomnessIsClampedAndHugeRoundsDoNotOverflow() {
        assertThat(Backoff.delay(1, BASE, CAP, -3)).isEqualTo(Duration.ofMillis(50));
        assertThat(Backoff.delay(1, BASE, CAP, 7)).isLessThan(Duration.ofMillis(100));
        assertThat(Backoff.delay(10_000, BASE, CAP, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.delay(100, Duration.ofDays(365 * 200), Duration.ofDays(365 * 300), 0.0))
                .isPositive();
        assertThatThrownBy(() -> Backoff.delay(0, BASE, CAP, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
