package dev.x402j.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.rpc.EndpointHealth.Change;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EndpointHealthTest {
    private final AtomicLong now = new AtomicLong(-5_000); // nanoTime may be negative
    private final EndpointHealth health = new EndpointHealth(3, Duration.ofSeconds(10), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        assertThat(health.tryAcquire()).isTrue();
        assertThat(health.failure()).isEqualTo(Change.NONE);
        assertThat(health.failure()).isEqualTo(Change.NONE);
        assertThat(health.success()).as("an answer resets the count").isEqualTo(Change.NONE);
        assertThat(health.failure()).isEqualTo(Change.NONE);
        assertThat(health.failure()).isEqualTo(Change.NONE);
        assertThat(health.admits()).isTrue();
        assertThat(health.failure()).isEqualTo(Change.OPENED);

        assertThat(health.admits()).isFalse();
        assertThat(health.tryAcquire()).isFalse();
        assertThat(health.untilProbe()).isEqualTo(Duration.ofSeconds(10));
        assertThat(health.consecutiveFailures()).isEqualTo(3);
    }

    @Test
    void afterTheCoolDownOneProbeAtATime() {
        openIt();
        advance(Duration.ofSeconds(9));
        assertThat(health.tryAcquire()).as("still cooling down").isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(health.untilProbe()).isZero();
        assertThat(health.admits()).isTrue();
        assertThat(health.tryAcquire()).as("the probe").isTrue();
        assertThat(health.admits()).isFalse();
        assertThat(health.tryAcquire()).as("a second caller while the probe is out").isFalse();
        assertThat(health.success()).isEqualTo(Change.CLOSED);
        assertThat(health.tryAcquire()).isTrue();
        assertThat(health.tryAcquire()).isTrue();
        assertThat(health.consecutiveFailures()).isZero();
    }

    @Test
    void aFailedProbeReopensForAnotherCoolDown() {
        openIt();
        advance(Duration.ofSeconds(10));
        assertThat(health.tryAcquire()).isTrue();
        assertThat(health.failure()).isEqualTo(Change.REOPENED);
        assertThat(health.tryAcquire()).isFalse();
        assertThat(health.untilProbe()).isEqualTo(Duration.ofSeconds(10));
        advance(Duration.ofSeconds(10));
        assertThat(health.tryAcquire()).isTrue();
    }

    @Test
    void aReleasedProbeLetsTheNextCallerProbe() {
        openIt();
        advance(Duration.ofSeconds(10));
        assertThat(health.tryAcquire()).isTrue();
        health.release();
        assertThat(health.tryAcquire()).isTrue();
    }

    @Test
    void aLateFailureOfARequestSentBeforeOpeningDoesNotExtendTheCoolDown() {
        openIt();
        advance(Duration.ofSeconds(4));
        assertThat(health.failure()).isEqualTo(Change.NONE);
        assertThat(health.untilProbe()).isEqualTo(Duration.ofSeconds(6));
    }

    private void openIt() {
        health.failure();
        health.failure();
        assertThat(health.failure()).isEqualTo(Change.OPENED);
    }
}
