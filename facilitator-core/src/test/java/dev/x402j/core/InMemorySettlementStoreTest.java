package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemorySettlementStoreTest extends SettlementStoreContract {
    private final InMemorySettlementStore store = new InMemorySettlementStore();

    @Override
    protected SettlementStore store() {
        return store;
    }

    @Test
    void keepsABoundedNumberOfFinishedRecordsButEveryOneInFlight() {
        InMemorySettlementStore small = new InMemorySettlementStore(3);
        for (int i = 0; i < 10; i++) {
            PaymentId inFlight = new PaymentId("in-flight-" + i);
            small.claim(claim(inFlight, "tok", T0));
            small.markSubmitted(inFlight, "tok", new SignedTransaction("0xf" + i, new byte[] {(byte) i}), T0);
        }
        for (int i = 0; i < 10; i++) {
            PaymentId done = new PaymentId("done-" + i);
            small.claim(claim(done, "tok", T0));
            small.markSubmitted(done, "tok", new SignedTransaction("0xd" + i, new byte[] {(byte) i}), T0);
            if (i % 2 == 0) {
                small.markConfirmed(done, "0xd" + i, T0.plusSeconds(i));
            } else {
                small.markFailed(done, ErrorReason.UNEXPECTED_SETTLE_ERROR, "reverted", T0.plusSeconds(i));
            }
        }

        assertThat(small.size()).isEqualTo(10 + 3);
        for (int i = 0; i < 10; i++) {
            assertThat(small.find(new PaymentId("in-flight-" + i))).as("in flight %d", i).isPresent();
        }
        for (int i = 0; i < 7; i++) {
            assertThat(small.find(new PaymentId("done-" + i))).as("old finished %d", i).isEmpty();
        }
        for (int i = 7; i < 10; i++) {
            assertThat(small.find(new PaymentId("done-" + i))).as("recent finished %d", i).isPresent();
        }
    }

    @Test
    void aFailedRecordMarkedFailedAgainIsCountedOnce() {
        InMemorySettlementStore small = new InMemorySettlementStore(2);
        PaymentId a = new PaymentId("a");
        small.claim(claim(a, "tok", T0));
        small.markFailed(a, ErrorReason.UNEXPECTED_SETTLE_ERROR, "x", T0);
        small.markFailed(a, ErrorReason.UNEXPECTED_SETTLE_ERROR, "x", T0);
        PaymentId b = new PaymentId("b");
        small.claim(claim(b, "tok", T0));
        small.markFailed(b, ErrorReason.UNEXPECTED_SETTLE_ERROR, "x", T0);

        assertThat(small.find(a)).isPresent();
        assertThat(small.find(b)).isPresent();
        assertThatThrownBy(() -> new InMemorySettlementStore(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
