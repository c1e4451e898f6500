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
        assertThatThrownBy(() -> s.markFailed(id, ErrorReason.INVALID_EXACT_EVM_TRANSACTION_FAILED, "x", T0.plusSeconds(4)))
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
        s.markFailed(id, ErrorReason.INVALID_EXACT_EVM_TRANSACTION_FAILED, "reverted in block 7", T0.plusSeconds(5));
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
}
