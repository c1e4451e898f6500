package dev.x402j.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.ChainUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollingTest {
    private static final Duration TICK = Duration.ofMillis(1);

    @Test
    void pollsUntilAnAnswer() {
        AtomicInteger polls = new AtomicInteger();
        Optional<String> answer = Polling.until("net", Duration.ofMinutes(1), TICK,
                d -> polls.incrementAndGet() < 3 ? Optional.empty() : Optional.of("mined"));

        assertThat(answer).contains("mined");
        assertThat(polls).hasValue(3);
    }

    @Test
    void aZeroTimeoutStillPollsOnce() {
        AtomicInteger polls = new AtomicInteger();
        assertThat(Polling.until("net", Duration.ZERO, TICK, d -> {
            polls.incrementAndGet();
            return Optional.empty();
        })).isEmpty();
        assertThat(polls).hasValue(1);
        assertThat(Polling.until("net", Duration.ofSeconds(-1), TICK, d -> Optional.of(1))).contains(1);
    }

    @Test
    void faultsAreRetriedAndTheLastOneThrownWhenTimeRunsOut() {
        List<Boolean> passedSeen = new ArrayList<>();
        assertThatThrownBy(() -> Polling.until("eip155:1", Duration.ofMillis(20), TICK, d -> {
            passedSeen.add(d.passed());
            throw new JsonRpcException("eth_getTransactionReceipt", -32005, "limit exceeded", null);
        }))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageStartingWith("eip155:1: eth_getTransactionReceipt: limit exceeded")
                .hasCauseInstanceOf(JsonRpcException.class);
        assertThat(passedSeen).as("polled again after a fault").hasSizeGreaterThan(1);
    }

    @Test
    void aFaultFollowedByNoAnswerYetIsNoFault() {
        AtomicInteger polls = new AtomicInteger();
        Optional<String> answer = Polling.until("net", Duration.ofMillis(20), TICK, d -> {
            if (polls.incrementAndGet() == 1) {
                throw new ChainUnavailableException("net", "down", null);
            }
            return Optional.empty();
        });
        assertThat(answer).isEmpty();
        assertThat(polls.get()).isGreaterThan(1);
    }

    @Test
    void anInterruptEndsThePollWithoutAnAnswer() {
        Thread.currentThread().interrupt();
        try {
            assertThat(Polling.until("net", Duration.ofMinutes(1), Duration.ofSeconds(1), d -> Optional.empty()))
                    .isEmpty();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
