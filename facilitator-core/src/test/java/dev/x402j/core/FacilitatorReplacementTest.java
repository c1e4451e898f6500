package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.model.SettleResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The facilitator with replacement transactions: which transaction it re-sends and when, fee bumps of stuck
 * transactions, payments signed anew when their nonce was taken, and that every replacement is recorded before it is
 * sent (against the fake chain; the EVM modules test the same on anvil).
 */
class FacilitatorReplacementTest {
    private final FakeChainScheme chain = new FakeChainScheme();
    private final InMemorySettlementStore ledger = new InMemorySettlementStore();
    private final List<String> recordedAtSend = new ArrayList<>();

    FacilitatorReplacementTest() {
        // At each send, the transaction sent must already be the ledger's current one.
        chain.beforeSend = tx -> ledger.find(new PaymentId("fake/" + tx.reference().substring("0xtx-".length()).split("[#+]")[0]))
                .ifPresent(r -> recordedAtSend.add(tx.reference() + (tx.reference().equals(r.transaction()) ? " recorded" : " NOT recorded")));
    }

    private Facilitator facilitator(Duration replaceAfter) {
        return Facilitator.builder()
                .scheme(chain)
                .settlementStore(ledger)
                .confirmTimeout(Duration.ofMillis(50))
                .duplicateWait(Duration.ofMillis(200))
                .staleAfter(Duration.ofMillis(1))
                .replaceAfter(replaceAfter)
                .build();
    }

    private SettlementRecord record(String id) {
        return ledger.find(new PaymentId("fake/" + id)).orElseThrow();
    }

    private static void sleepPast(Duration d) {
        try {
            Thread.sleep(d.toMillis() + 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aTransactionTheNodeHasIsNeverSentAgain() {
        chain.holdInMempool = true;
        Facilitator f = facilitator(Duration.ofHours(1));
        assertThat(f.settle(FacilitatorTest.request("held", true)).errorReason()).isEqualTo("settlement_pending");
        sleepPast(Duration.ofMillis(2));

        Facilitator.ReconcileReport report = f.reconcile();
        assertThat(report.stillPending()).isEqualTo(1);
        assertThat(report.replaced()).isZero();
        assertThat(chain.sent).containsExactly("0xtx-held");
    }

    @Test
    void aTransactionTheNodeLostIsSentAgainAsTheSameBytes() {
        chain.holdInMempool = true;
        Facilitator f = facilitator(Duration.ofHours(1));
        f.settle(FacilitatorTest.request("lost", true));
        chain.mempool.clear(); // e.g. the node restarted
        sleepPast(Duration.ofMillis(2));

        f.reconcile();
        assertThat(chain.sent).containsExactly("0xtx-lost", "0xtx-lost");
        assertThat(chain.mempool).containsExactly("0xtx-lost");
        assertThat(record("lost").transactions()).containsExactly("0xtx-lost");
    }

    @Test
    void aStuckTransactionIsReplacedRecordedFirstThenSentAndTheReplacementConfirms() {
        chain.holdInMempool = true;
        chain.offerBump = true;
        // replaceAfter leaves a wide margin on both sides of the first look: on a loaded machine a 20 ms window was
        // crossed before the first reconcile ran, and the test failed about 1 run in 5.
        Facilitator f = facilitator(Duration.ofMillis(600));
        f.settle(FacilitatorTest.request("stuck", true));

        sleepPast(Duration.ofMillis(2));
        assertThat(f.reconcile().replaced()).as("younger than replaceAfter: left alone").isZero();
        sleepPast(Duration.ofMillis(600));
        Facilitator.ReconcileReport report = f.reconcile();
        assertThat(report.replaced()).isEqualTo(1);
        assertThat(report.stillPending()).isEqualTo(1);
        SettlementRecord r = record("stuck");
        assertThat(r.state()).isEqualTo(SettlementState.SUBMITTED);
        assertThat(r.transaction()).isEqualTo("0xtx-stuck+bump");
        assertThat(r.transactions()).containsExactly("0xtx-stuck", "0xtx-stuck+bump");
        assertThat(chain.mempool).containsExactly("0xtx-stuck+bump");
        assertThat(recordedAtSend).containsExactly("0xtx-stuck recorded", "0xtx-stuck+bump recorded");

        chain.mine("0xtx-stuck+bump");
        sleepPast(Duration.ofMillis(2));
        assertThat(f.reconcile().confirmed()).isEqualTo(1);
        assertThat(record("stuck").state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(record("stuck").transaction()).isEqualTo("0xtx-stuck+bump");
        SettleResponse again = f.settle(FacilitatorTest.request("stuck", true));
        assertThat(again.success()).isTrue();
        assertThat(again.transaction()).isEqualTo("0xtx-stuck+bump");
    }

    @Test
    void whicheverTransactionLandsIsTheOneRecorded() {
        chain.holdInMempool = true;
        chain.offerBump = true;
        Facilitator f = facilitator(Duration.ofMillis(1));
        f.settle(FacilitatorTest.request("race", true));
        sleepPast(Duration.ofMillis(2));
        f.reconcile();
        assertThat(record("race").transaction()).isEqualTo("0xtx-race+bump");

        // The original was mined after all (say, by a node that had not seen the replacement yet).
        chain.mempool.clear();
        chain.mine("0xtx-race");
        sleepPast(Duration.ofMillis(2));
        assertThat(f.reconcile().confirmed()).isEqualTo(1);
        SettlementRecord r = record("race");
        assertThat(r.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(r.transaction()).isEqualTo("0xtx-race");
        assertThat(r.transactions()).containsExactly("0xtx-race", "0xtx-race+bump");
    }

    @Test
    void noReplacementWhenTheSchemeOffersNone() {
        chain.holdInMempool = true;
        Facilitator f = facilitator(Duration.ofMillis(1));
        f.settle(FacilitatorTest.request("plain", true));
        sleepPast(Duration.ofMillis(2));
        assertThat(f.reconcile().replaced()).isZero();
        assertThat(record("plain").transactions()).containsExactly("0xtx-plain");
    }

    @Test
    void aTakenNonceWhileSettlingIsSignedAnewRecordedAndSent() {
        chain.nonceTaken.add("0xtx-taken");
        Facilitator f = facilitator(Duration.ofHours(1));
        SettleResponse r = f.settle(FacilitatorTest.request("taken", true));

        assertThat(r.success()).as("%s", r).isTrue();
        assertThat(r.transaction()).isEqualTo("0xtx-taken#2");
        assertThat(chain.prepares).hasValue(2);
        assertThat(chain.sent).containsExactly("0xtx-taken", "0xtx-taken#2");
        assertThat(recordedAtSend).containsExactly("0xtx-taken recorded", "0xtx-taken#2 recorded");
        SettlementRecord rec = record("taken");
        assertThat(rec.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(rec.transaction()).isEqualTo("0xtx-taken#2");
        assertThat(rec.transactions()).containsExactly("0xtx-taken", "0xtx-taken#2");
    }

    @Test
    void signingAnewIsBoundedAndThenLeftToTheReconciler() {
        for (String ref : List.of("0xtx-busy", "0xtx-busy#2", "0xtx-busy#3", "0xtx-busy#4", "0xtx-busy#5")) {
            chain.nonceTaken.add(ref);
        }
        SettleResponse r = facilitator(Duration.ofHours(1)).settle(FacilitatorTest.request("busy", true));
        assertThat(r.errorReason()).isEqualTo("settlement_pending");
        assertThat(r.transaction()).isEqualTo("0xtx-busy#4");
        assertThat(chain.prepares).hasValue(4);
        assertThat(record("busy").state()).isEqualTo(SettlementState.SUBMITTED);
        assertThat(record("busy").transactions()).hasSize(4);
    }

    @Test
    void aRefusalForGoodStillFailsTheSettlement() {
        chain.broadcastRejected = true;
        SettleResponse r = facilitator(Duration.ofHours(1)).settle(FacilitatorTest.request("broke", true));
        assertThat(r.errorReason()).isEqualTo("invalid_transaction_state");
        assertThat(chain.prepares).hasValue(1);
        assertThat(record("broke").state()).isEqualTo(SettlementState.FAILED);
    }

    @Test
    void theReconcilerSignsAnewWhenNoneOfThePaymentsTransactionsCanLand() {
        chain.holdInMempool = true;
        chain.offerResign = true;
        Facilitator f = facilitator(Duration.ofHours(1));
        f.settle(FacilitatorTest.request("orphan", true));
        // The node lost it, and another sender's transaction took its nonce.
        chain.mempool.clear();
        chain.nonceTaken.add("0xtx-orphan");
        sleepPast(Duration.ofMillis(2));

        Facilitator.ReconcileReport report = f.reconcile();
        assertThat(report.replaced()).isEqualTo(1);
        SettlementRecord r = record("orphan");
        assertThat(r.transaction()).isEqualTo("0xtx-orphan+resign");
        assertThat(r.transactions()).containsExactly("0xtx-orphan", "0xtx-orphan+resign");
        assertThat(chain.sent).containsExactly("0xtx-orphan", "0xtx-orphan", "0xtx-orphan+resign");
        assertThat(recordedAtSend).last().isEqualTo("0xtx-orphan+resign recorded");

        chain.mine("0xtx-orphan+resign");
        sleepPast(Duration.ofMillis(2));
        assertThat(f.reconcile().confirmed()).isEqualTo(1);
        assertThat(record("orphan").transaction()).isEqualTo("0xtx-orphan+resign");
    }

    @Test
    void aNonceTakenByThePaymentsOwnPendingTransactionIsNotSignedAnew() {
        chain.holdInMempool = true;
        chain.offerBump = true;
        chain.offerResign = true;
        Facilitator f = facilitator(Duration.ofMillis(1));
        f.settle(FacilitatorTest.request("own", true));
        sleepPast(Duration.ofMillis(2));
        f.reconcile(); // bumped: 0xtx-own+bump is current
        // The node dropped the bump but still has the original, which holds the nonce.
        chain.mempool.clear();
        chain.mempool.add("0xtx-own");
        chain.nonceTaken.add("0xtx-own+bump");
        chain.offerBump = false;
        sleepPast(Duration.ofMillis(2));

        Facilitator.ReconcileReport report = f.reconcile();
        assertThat(report.replaced()).isZero();
        assertThat(record("own").transactions()).containsExactly("0xtx-own", "0xtx-own+bump");
        assertThat(chain.sent).doesNotContain("0xtx-own+bump+resign");
    }

    @Test
    void aPaymentThatCanNoLongerSettleWhenSignedAnewFails() {
        chain.holdInMempool = true;
        Facilitator f = facilitator(Duration.ofHours(1));
        f.settle(FacilitatorTest.request("expired", true));
        chain.mempool.clear();
        chain.nonceTaken.add("0xtx-expired");
        chain.resignFails = new InvalidPaymentException(
                ErrorReason.of("invalid_exact_evm_payload_authorization_valid_before"), "the authorization expired");
        sleepPast(Duration.ofMillis(2));

        assertThat(f.reconcile().failed()).isEqualTo(1);
        SettlementRecord r = record("expired");
        assertThat(r.state()).isEqualTo(SettlementState.FAILED);
        assertThat(r.errorReason()).isEqualTo("invalid_exact_evm_payload_authorization_valid_before");
    }

    @Test
    void aReplacementThatLosesItsRaceIsGivenBackUnsent() {
        chain.holdInMempool = true;
        chain.offerBump = true;
        // Another instance replaces the transaction between our look-up and our markReplaced.
        SettlementStore racing = new DelegatingStore(ledger) {
            @Override
            public SettlementRecord markReplaced(PaymentId id, String current, SignedTransaction replacement, Instant now) {
                ledger.markReplaced(id, current, new SignedTransaction(current + "+other", new byte[] {1}), now);
                return super.markReplaced(id, current, replacement, now);
            }
        };
        Facilitator f = Facilitator.builder().scheme(chain).settlementStore(racing).confirmTimeout(Duration.ofMillis(50))
                .staleAfter(Duration.ofMillis(1)).replaceAfter(Duration.ofMillis(1)).build();
        f.settle(FacilitatorTest.request("lost-race", true));
        sleepPast(Duration.ofMillis(2));

        f.reconcile();
        assertThat(chain.abandoned).containsExactly("0xtx-lost-race+bump");
        assertThat(chain.sent).doesNotContain("0xtx-lost-race+bump");
        assertThat(record("lost-race").transaction()).isEqualTo("0xtx-lost-race+other");
    }

    @Test
    void aTransactionThatCouldNotBeRecordedIsGivenBackUnsent() {
        SettlementStore down = new DelegatingStore(ledger) {
            @Override
            public SettlementRecord markSubmitted(PaymentId id, String token, SignedTransaction tx, Instant now) {
                throw new IllegalStateException("store down");
            }
        };
        Facilitator f = Facilitator.builder().scheme(chain).settlementStore(down).build();
        assertThatThrownBy(() -> f.settle(FacilitatorTest.request("unrecorded", true))).hasMessage("store down");
        assertThat(chain.abandoned).containsExactly("0xtx-unrecorded");
        assertThat(chain.sent).isEmpty();
    }

    /** A store that forwards everything; tests override one operation. */
    private static class DelegatingStore implements SettlementStore {
        private final SettlementStore d;

        DelegatingStore(SettlementStore d) {
            this.d = d;
        }

        @Override
        public Claim claim(SettlementRecord claim) {
            return d.claim(claim);
        }

        @Override
        public Optional<SettlementRecord> find(PaymentId id) {
            return d.find(id);
        }

        @Override
        public SettlementRecord markSubmitted(PaymentId id, String claimToken, SignedTransaction transaction, Instant now) {
            return d.markSubmitted(id, claimToken, transaction, now);
        }

        @Override
        public SettlementRecord markReplaced(PaymentId id, String current, SignedTransaction replacement, Instant now) {
            return d.markReplaced(id, current, replacement, now);
        }

        @Override
        public SettlementRecord markConfirmed(PaymentId id, String transaction, Instant now) {
            return d.markConfirmed(id, transaction, now);
        }

        @Override
        public SettlementRecord markFailed(PaymentId id, ErrorReason reason, String message, Instant now) {
            return d.markFailed(id, reason, message, now);
        }

        @Override
        public void release(PaymentId id, String claimToken) {
            d.release(id, claimToken);
        }

        @Override
        public java.util.List<SettlementRecord> findUnfinished(Instant before, int limit) {
            return d.findUnfinished(before, limit);
        }
    }
}
