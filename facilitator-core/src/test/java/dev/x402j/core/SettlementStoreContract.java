package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SettlementStore} must have. Each store module subclasses this with its own
 * {@link #store()}; the same cases then run against memory, PostgreSQL and Redis.
 */
public abstract class SettlementStoreContract {
    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A store with no records of the ids used here (fresh ids are random per test). */
    protected abstract SettlementStore store();

    protected static SettlementRecord claim(PaymentId id, String token, Instant at) {
        return SettlementRecord.claimed(id, token, "fp-" + id, "exact", "eip155:84532", "0xPayer", new BigInteger("123456789012345678901234567890"), at);
    }

    protected static PaymentId freshId() {
        return new PaymentId("eip155:84532/0xasset/0xpayer/" + UUID.randomUUID());
    }

    @Test
    void theFirstClaimWinsAndLaterOnesSeeIt() {
        SettlementStore s = store();
        PaymentId id = freshId();
        assertThat(s.claim(claim(id, "a", T0))).isInstanceOf(SettlementStore.Claim.Won.class);
        var second = s.claim(claim(id, "b", T0.plusSeconds(1)));
        assertThat(second).isInstanceOf(SettlementStore.Claim.AlreadyClaimed.class);
        assertThat(((SettlementStore.Claim.AlreadyClaimed) second).existing().claimToken()).isEqualTo("a");
        SettlementRecord found = s.find(id).orElseThrow();
        assertThat(found.amount()).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(found.payer()).isEqualTo("0xPayer");
        assertThat(found.state()).isEqualTo(SettlementState.CLAIMED);
    }

    @Test
    void concurrentClaimsHaveExactlyOneWinner() throws Exception {
        SettlementStore s = store();
        PaymentId id = freshId();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SettlementStore.Claim>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 32; i++) {
                String token = "t" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return s.claim(claim(id, token, T0));
                }));
            }
            go.countDown();
            int won = 0;
            for (var r : results) {
                if (r.get() instanceof SettlementStore.Claim.Won) {
                    won++;
                }
            }
            assertThat(won).isEqualTo(1);
        }
    }

    @Test
    void walksClaimedSubmittedConfirmedKeepingTheSignedBytes() {
        SettlementStore s = store();
        PaymentId id = freshId();
        s.claim(claim(id, "tok", T0));
        SettlementRecord submitted = s.markSubmitted(id, "tok", new SignedTransaction("0xabc", new byte[] {1, 2, 3}), T0.plusSeconds(1));
        assertThat(submitted.state()).isEqualTo(SettlementState.SUBMITTED);
        SettlementRecord read = s.find(id).orElseThrow();
        assertThat(read.transaction()).isEqualTo("0xabc");
        assertThat(read.signedTransaction()).containsExactly(1, 2, 3);
        assertThat(read.updatedAt()).isEqualTo(T0.plusSeconds(1));

        s.markConfirmed(id, T0.plusSeconds(2));
        assertThat(s.find(id).orElseThrow().state()).isEqualTo(SettlementState.CONFIRMED);
        // Repeating a final transition is harmless; contradicting it is refused.
        assertThat(s.markConfirmed(id, T0.plusSeconds(3)).state()).isEqualTo(SettlementState.CONFIRMED);
        assertThatThrownBy(() -> s.markFailed(id, ErrorReason.of("invalid_exact_evm_transaction_failed"), "x", T0.plusSeconds(4)))
                .isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void onlyTheClaimerMaySubmit() {
        SettlementStore s = store();
        PaymentId id = freshId();
        s.claim(claim(id, "owner", T0));
        assertThatThrownBy(() -> s.markSubmitted(id, "intruder", new SignedTransaction("0x1", new byte[] {1}), T0))
                .isInstanceOf(InvalidTransitionException.class);
        assertThat(s.find(id).orElseThrow().state()).isEqualTo(SettlementState.CLAIMED);
    }

    @Test
    void failureKeepsReasonAndMessage() {
        SettlementStore s = store();
        PaymentId id = freshId();
        s.claim(claim(id, "tok", T0));
        s.markSubmitted(id, "tok", new SignedTransaction("0xdef", new byte[] {9}), T0);
        s.markFailed(id, ErrorReason.of("invalid_exact_evm_transaction_failed"), "reverted in block 7", T0.plusSeconds(5));
        SettlementRecord r = s.find(id).orElseThrow();
        assertThat(r.state()).isEqualTo(SettlementState.FAILED);
        assertThat(r.errorReason()).isEqualTo("invalid_exact_evm_transaction_failed");
        assertThat(r.errorMessage()).isEqualTo("reverted in block 7");
        assertThat(r.transaction()).isEqualTo("0xdef");
        assertThatThrownBy(() -> s.markConfirmed(id, T0)).isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void releaseDeletesOnlyTheOwnersUnsentClaim() {
        SettlementStore s = store();
        PaymentId id = freshId();
        s.claim(claim(id, "owner", T0));
        s.release(id, "someone-else");
        assertThat(s.find(id)).isPresent();
        s.release(id, "owner");
        assertThat(s.find(id)).isEmpty();
        assertThat(s.claim(claim(id, "next", T0))).isInstanceOf(SettlementStore.Claim.Won.class);

        s.markSubmitted(id, "next", new SignedTransaction("0x2", new byte[] {2}), T0);
        s.release(id, "next");
        assertThat(s.find(id).orElseThrow().state()).isEqualTo(SettlementState.SUBMITTED);
    }

    @Test
    void changesToAnUnknownPaymentAreRefused() {
        SettlementStore s = store();
        PaymentId id = freshId();
        assertThatThrownBy(() -> s.markConfirmed(id, T0)).isInstanceOf(InvalidTransitionException.class);
        assertThat(s.find(id)).isEmpty();
    }

    @Test
    void findUnfinishedListsStaleOpenRecordsOldestFirst() {
        SettlementStore s = store();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(3600);
        PaymentId old = freshId(), newer = freshId(), done = freshId(), recent = freshId();
        s.claim(claim(old, "a", base));
        s.claim(claim(newer, "b", base.plusSeconds(10)));
        s.markSubmitted(newer, "b", new SignedTransaction("0x3", new byte[] {3}), base.plusSeconds(20));
        s.claim(claim(done, "c", base));
        s.markSubmitted(done, "c", new SignedTransaction("0x4", new byte[] {4}), base);
        s.markConfirmed(done, base.plusSeconds(1));
        s.claim(claim(recent, "d", base.plusSeconds(3000)));

        List<PaymentId> ids = s.findUnfinished(base.plusSeconds(100), 1000).stream()
                .map(SettlementRecord::id)
                .filter(i -> List.of(old, newer, done, recent).contains(i))
                .toList();
        assertThat(ids).containsExactly(old, newer);
    }

    // ---------------------------------------------------------------- replacement transactions

    /** A SUBMITTED record of {@code id} whose transaction is {@code reference}. */
    protected static void submitted(SettlementStore s, PaymentId id, String reference, Instant at) {
        s.claim(claim(id, "tok", at));
        s.markSubmitted(id, "tok", new SignedTransaction(reference, reference.getBytes()), at);
    }

    @Test
    void aSubmittedRecordHasItsOneTransactionInItsHistory() {
        SettlementStore s = store();
        PaymentId id = freshId();
        s.claim(claim(id, "tok", T0));
        assertThat(s.find(id).orElseThrow().transactions()).isEmpty();
        submitted(s, freshId(), "0xunrelated", T0);
        s.markSubmitted(id, "tok", new SignedTransaction("0xa1", new byte[] {1}), T0);
        assertThat(s.find(id).orElseThrow().transactions()).containsExactly("0xa1");
    }

    @Test
    void replacementsKeepEveryTransactionAndTheConfirmationNamesTheOneThatLanded() {
        SettlementStore s = store();
        PaymentId id = freshId();
        submitted(s, id, "0xa", T0);

        SettlementRecord once = s.markReplaced(id, "0xa", new SignedTransaction("0xb", new byte[] {11, 12}), T0.plusSeconds(5));
        assertThat(once.state()).isEqualTo(SettlementState.SUBMITTED);
        assertThat(once.transaction()).isEqualTo("0xb");
        assertThat(once.transactions()).containsExactly("0xa", "0xb");
        SettlementRecord read = s.find(id).orElseThrow();
        assertThat(read.transaction()).isEqualTo("0xb");
        assertThat(read.signedTransaction()).containsExactly(11, 12);
        assertThat(read.transactions()).containsExactly("0xa", "0xb");
        assertThat(read.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(read.claimToken()).isEqualTo("tok");
        assertThat(read.createdAt()).isEqualTo(T0);

        s.markReplaced(id, "0xb", new SignedTransaction("0xc", new byte[] {13}), T0.plusSeconds(6));
        // The first transaction landed after all: it is the one recorded, and the history stays.
        SettlementRecord confirmed = s.markConfirmed(id, "0xa", T0.plusSeconds(7));
        assertThat(confirmed.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(confirmed.transaction()).isEqualTo("0xa");
        read = s.find(id).orElseThrow();
        assertThat(read.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(read.transaction()).isEqualTo("0xa");
        assertThat(read.transactions()).containsExactly("0xa", "0xb", "0xc");
        assertThat(read.updatedAt()).isEqualTo(T0.plusSeconds(7));

        // Repeating the confirmation is harmless; naming another transaction contradicts it.
        assertThat(s.markConfirmed(id, "0xa", T0.plusSeconds(8)).updatedAt()).isEqualTo(T0.plusSeconds(7));
        assertThatThrownBy(() -> s.markConfirmed(id, "0xc", T0.plusSeconds(8)))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("CONFIRMED by 0xa");
        assertThat(s.find(id).orElseThrow().transaction()).isEqualTo("0xa");
    }

    @Test
    void theShortConfirmationConfirmsTheCurrentTransaction() {
        SettlementStore s = store();
        PaymentId id = freshId();
        submitted(s, id, "0xa", T0);
        s.markReplaced(id, "0xa", new SignedTransaction("0xb", new byte[] {2}), T0.plusSeconds(1));
        assertThat(s.markConfirmed(id, T0.plusSeconds(2)).transaction()).isEqualTo("0xb");
        assertThat(s.markConfirmed(id, T0.plusSeconds(3)).state()).isEqualTo(SettlementState.CONFIRMED);
    }

    @Test
    void aReplacementMustNameTheCurrentTransaction() {
        SettlementStore s = store();
        PaymentId id = freshId();
        submitted(s, id, "0xa", T0);
        s.markReplaced(id, "0xa", new SignedTransaction("0xb", new byte[] {2}), T0.plusSeconds(1));

        // Another replacer still holding 0xa lost: nothing changes.
        assertThatThrownBy(() -> s.markReplaced(id, "0xa", new SignedTransaction("0xc", new byte[] {3}), T0.plusSeconds(2)))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("current transaction is 0xb");
        // A reference that was never the record's.
        assertThatThrownBy(() -> s.markReplaced(id, "0xzz", new SignedTransaction("0xd", new byte[] {4}), T0.plusSeconds(2)))
                .isInstanceOf(InvalidTransitionException.class);
        // Going back to an earlier transaction is not a replacement.
        assertThatThrownBy(() -> s.markReplaced(id, "0xb", new SignedTransaction("0xa", new byte[] {1}), T0.plusSeconds(2)))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("already recorded");
        // The same replacement again (an answer lost, a retry) is a no-op.
        SettlementRecord again = s.markReplaced(id, "0xa", new SignedTransaction("0xb", new byte[] {2}), T0.plusSeconds(3));
        assertThat(again.transactions()).containsExactly("0xa", "0xb");
        assertThat(again.updatedAt()).isEqualTo(T0.plusSeconds(1));

        SettlementRecord read = s.find(id).orElseThrow();
        assertThat(read.transaction()).isEqualTo("0xb");
        assertThat(read.signedTransaction()).containsExactly(2);
        assertThat(read.transactions()).containsExactly("0xa", "0xb");
        assertThat(read.updatedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void aConfirmationMustNameOneOfTheRecordsTransactions() {
        SettlementStore s = store();
        PaymentId id = freshId();
        submitted(s, id, "0xa", T0);
        assertThatThrownBy(() -> s.markConfirmed(id, "0xstranger", T0.plusSeconds(1)))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("0xstranger");
        assertThat(s.find(id).orElseThrow().state()).isEqualTo(SettlementState.SUBMITTED);
    }

    @Test
    void onlyASubmittedRecordCanBeReplaced() {
        SettlementStore s = store();
        SignedTransaction next = new SignedTransaction("0xnext", new byte[] {7});
        PaymentId unknown = freshId();
        assertThatThrownBy(() -> s.markReplaced(unknown, "0xa", next, T0)).isInstanceOf(InvalidTransitionException.class);
        assertThat(s.find(unknown)).isEmpty();

        PaymentId claimed = freshId();
        s.claim(claim(claimed, "tok", T0));
        assertThatThrownBy(() -> s.markReplaced(claimed, "0xa", next, T0)).isInstanceOf(InvalidTransitionException.class);
        assertThat(s.find(claimed).orElseThrow().state()).isEqualTo(SettlementState.CLAIMED);
        assertThatThrownBy(() -> s.markConfirmed(claimed, "0xa", T0)).isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void finalRecordsNeverChangeAgainWhateverTheirHistory() {
        SettlementStore s = store();
        PaymentId confirmed = freshId();
        submitted(s, confirmed, "0xa", T0);
        s.markReplaced(confirmed, "0xa", new SignedTransaction("0xb", new byte[] {2}), T0.plusSeconds(1));
        s.markConfirmed(confirmed, "0xb", T0.plusSeconds(2));

        PaymentId failed = freshId();
        submitted(s, failed, "0xf", T0);
        s.markReplaced(failed, "0xf", new SignedTransaction("0xg", new byte[] {3}), T0.plusSeconds(1));
        SettlementRecord failedRecord = s.markFailed(failed, ErrorReason.of("invalid_exact_evm_transaction_failed"), "reverted", T0.plusSeconds(2));
        assertThat(failedRecord.transactions()).containsExactly("0xf", "0xg");
        assertThat(failedRecord.transaction()).isEqualTo("0xg");

        for (PaymentId id : List.of(confirmed, failed)) {
            SettlementRecord before = s.find(id).orElseThrow();
            String current = before.transaction();
            assertThatThrownBy(() -> s.markReplaced(id, current, new SignedTransaction("0xlate", new byte[] {9}), T0.plusSeconds(9)))
                    .isInstanceOf(InvalidTransitionException.class);
            assertThatThrownBy(() -> s.markSubmitted(id, "tok", new SignedTransaction("0xlate", new byte[] {9}), T0.plusSeconds(9)))
                    .isInstanceOf(InvalidTransitionException.class);
            SettlementRecord after = s.find(id).orElseThrow();
            assertThat(after.state()).isEqualTo(before.state());
            assertThat(after.transaction()).isEqualTo(before.transaction());
            assertThat(after.transactions()).isEqualTo(before.transactions());
            assertThat(after.signedTransaction()).isEqualTo(before.signedTransaction());
            assertThat(after.updatedAt()).isEqualTo(before.updatedAt());
        }
        assertThatThrownBy(() -> s.markConfirmed(failed, "0xg", T0.plusSeconds(9))).isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> s.markFailed(confirmed, ErrorReason.UNEXPECTED_SETTLE_ERROR, "x", T0.plusSeconds(9)))
                .isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void concurrentReplacementsOfOneTransactionHaveExactlyOneWinner() throws Exception {
        SettlementStore s = store();
        PaymentId id = freshId();
        submitted(s, id, "0xa", T0);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 24; i++) {
                String replacement = "0xr" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        s.markReplaced(id, "0xa", new SignedTransaction(replacement, replacement.getBytes()), T0.plusSeconds(1));
                        return replacement;
                    } catch (InvalidTransitionException lost) {
                        return null;
                    }
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (var r : results) {
                if (r.get() != null) {
                    winners.add(r.get());
                }
            }
            assertThat(winners).hasSize(1);
            SettlementRecord read = s.find(id).orElseThrow();
            assertThat(read.transactions()).containsExactly("0xa", winners.get(0));
            assertThat(read.signedTransaction()).isEqualTo(winners.get(0).getBytes());
        }
    }

    @Test
    void aReplacementRacingAConfirmationNeverMovesTheConfirmedRecord() throws Exception {
        for (int round = 0; round < 8; round++) {
            SettlementStore s = store();
            PaymentId id = freshId();
            submitted(s, id, "0xa", T0);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> replacements = new ArrayList<>();
            Future<SettlementRecord> confirmation;
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    String replacement = "0xr" + i;
                    replacements.add(pool.submit(() -> {
                        go.await();
                        try {
                            s.markReplaced(id, "0xa", new SignedTransaction(replacement, new byte[] {1}), T0.plusSeconds(1));
                            return true;
                        } catch (InvalidTransitionException lost) {
                            return false;
                        }
                    }));
                }
                confirmation = pool.submit(() -> {
                    go.await();
                    return s.markConfirmed(id, "0xa", T0.plusSeconds(2));
                });
                go.countDown();
                int won = 0;
                for (var r : replacements) {
                    won += r.get() ? 1 : 0;
                }
                assertThat(confirmation.get().state()).isEqualTo(SettlementState.CONFIRMED);
                SettlementRecord read = s.find(id).orElseThrow();
                assertThat(read.state()).isEqualTo(SettlementState.CONFIRMED);
                assertThat(read.transaction()).isEqualTo("0xa");
                // At most one replacement got in, and only before the confirmation; none after it.
                assertThat(won).isLessThanOrEqualTo(1);
                assertThat(read.transactions()).hasSize(1 + won).startsWith("0xa");
            }
        }
    }

    @Test
    void replacedRecordsAreStillOnTheReconcilersListByTheirLastChange() {
        SettlementStore s = store();
        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(7200);
        PaymentId early = freshId(), replacedLater = freshId();
        submitted(s, replacedLater, "0x1", base);
        submitted(s, early, "0x2", base.plusSeconds(10));
        s.markReplaced(replacedLater, "0x1", new SignedTransaction("0x3", new byte[] {3}), base.plusSeconds(20));

        List<SettlementRecord> found = s.findUnfinished(base.plusSeconds(30), 1000).stream()
                .filter(r -> List.of(early, replacedLater).contains(r.id()))
                .toList();
        assertThat(found).extracting(SettlementRecord::id).containsExactly(early, replacedLater);
        assertThat(found.get(1).transactions()).containsExactly("0x1", "0x3");
        assertThat(s.findUnfinished(base.plusSeconds(15), 1000)).extracting(SettlementRecord::id).doesNotContain(replacedLater);
        s.markConfirmed(replacedLater, "0x3", base.plusSeconds(40));
        s.markFailed(early, ErrorReason.UNEXPECTED_SETTLE_ERROR, "cleanup", base.plusSeconds(40));
    }
}
