package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidTransitionException;
import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import dev.x402j.core.SettlementStore;
import dev.x402j.core.SettlementStoreContract;
import dev.x402j.core.SignedTransaction;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The settlement ledger contract against a real Redis, plus what is specific to Redis. */
class RedisSettlementStoreIT extends SettlementStoreContract {
    private static RedisStores stores;

    @BeforeAll
    static void connect() {
        stores = RedisTestSupport.open(RedisTestSupport.prefix(RedisSettlementStoreIT.class));
    }

    @AfterAll
    static void cleanUp() {
        RedisTestSupport.deleteKeys(stores);
        stores.close();
    }

    @Override
    protected SettlementStore store() {
        return stores.settlements();
    }

    @Test
    void everyComponentSurvivesTheRoundTripExactly() {
        PaymentId id = freshId();
        Instant claimedAt = Instant.parse("2026-03-04T05:06:07.123456789Z");
        BigInteger uint256Max = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
        SettlementRecord claim = SettlementRecord.claimed(id, "tok", "fp", "exact", "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp",
                null, uint256Max, claimedAt);
        store().claim(claim);
        SettlementRecord read = store().find(id).orElseThrow();
        assertThat(read.amount()).isEqualTo(uint256Max);
        assertThat(read.payer()).isNull();
        assertThat(read.createdAt()).isEqualTo(claimedAt);
        assertThat(read.updatedAt()).isEqualTo(claimedAt);
        assertThat(read.fingerprint()).isEqualTo("fp");
        assertThat(read.transaction()).isNull();
        assertThat(read.signedTransaction()).isNull();

        store().markSubmitted(id, "tok", new SignedTransaction("sig", new byte[0]), claimedAt.plusNanos(1));
        SettlementRecord failed = store().markFailed(id, ErrorReason.of("transaction_failed"), null, claimedAt.plusNanos(2));
        assertThat(failed.signedTransaction()).isEmpty();
        assertThat(failed.errorReason()).isEqualTo("transaction_failed");
        assertThat(failed.errorMessage()).isNull();
        assertThat(failed.updatedAt()).isEqualTo(claimedAt.plusNanos(2));
        // Repeating a failure keeps the first one.
        assertThat(store().markFailed(id, ErrorReason.INSUFFICIENT_FUNDS, "again", claimedAt.plusSeconds(9)).errorReason())
                .isEqualTo("transaction_failed");
    }

    @Test
    void refusalsNameTheStateTheRecordIsIn() {
        PaymentId id = freshId();
        store().claim(claim(id, "tok", T0));
        assertThatThrownBy(() -> store().markConfirmed(id, T0))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessage("payment " + id + " is CLAIMED; cannot mark confirmed");
        store().markSubmitted(id, "tok", new SignedTransaction("0x5", new byte[] {5}), T0);
        assertThatThrownBy(() -> store().markSubmitted(id, "tok", new SignedTransaction("0x6", new byte[] {6}), T0))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessage("payment " + id + " is SUBMITTED; cannot mark submitted");
        assertThat(store().find(id).orElseThrow().transaction()).isEqualTo("0x5");
    }

    @Test
    void theUnfinishedIndexFollowsEveryTransition() {
        RedisSettlementStore s = stores.settlements();
        PaymentId a = freshId(), b = freshId(), c = freshId();
        s.claim(claim(a, "a", T0));
        s.claim(claim(b, "b", T0));
        s.claim(claim(c, "c", T0));
        assertThat(indexed(s, a, b, c)).containsExactly(true, true, true);
        s.markSubmitted(a, "a", new SignedTransaction("0xa", new byte[] {1}), T0);
        s.markConfirmed(a, T0);
        s.markFailed(b, ErrorReason.UNEXPECTED_SETTLE_ERROR, "boom", T0);
        s.release(c, "c");
        assertThat(indexed(s, a, b, c)).containsExactly(false, false, false);
        assertThat(s.find(b).orElseThrow().state()).isEqualTo(SettlementState.FAILED);
    }

    @Test
    void findUnfinishedRespectsTheLimitAndExactBoundary() {
        Instant base = Instant.parse("2001-01-01T00:00:00Z"); // older than anything other tests write
        PaymentId first = freshId(), second = freshId(), atBoundary = freshId();
        store().claim(claim(first, "1", base));
        store().claim(claim(second, "2", base.plusNanos(500)));
        store().claim(claim(atBoundary, "3", base.plusSeconds(1)));
        assertThat(store().findUnfinished(base.plusSeconds(1), 10)).extracting(SettlementRecord::id).containsExactly(first, second);
        assertThat(store().findUnfinished(base.plusSeconds(1), 1)).extracting(SettlementRecord::id).containsExactly(first);
        assertThat(store().findUnfinished(base.plusSeconds(1), 0)).isEmpty();
        // Same microsecond, 500 ns apart: the index cannot tell them apart, the exact comparison can.
        assertThat(store().findUnfinished(base.plusNanos(500), 10)).extracting(SettlementRecord::id).containsExactly(first);
        for (PaymentId id : new PaymentId[] {first, second, atBoundary}) {
            store().markFailed(id, ErrorReason.UNEXPECTED_SETTLE_ERROR, "cleanup", base);
        }
    }

    @Test
    void aRecordWrittenBeforeHistoriesExistedIsReadReplacedAndConfirmed() {
        RedisSettlementStore s = stores.settlements();
        PaymentId id = freshId();
        String key = s.recordKey(id);
        // The hash exactly as the previous version wrote a SUBMITTED record: no tx_count, no tx:<n>.
        Map<String, String> legacy = new LinkedHashMap<>();
        legacy.put("id", id.value());
        legacy.put("claim_token", "tok");
        legacy.put("fingerprint", "fp");
        legacy.put("state", "SUBMITTED");
        legacy.put("scheme", "exact");
        legacy.put("network", "eip155:84532");
        legacy.put("amount", "10");
        legacy.put("transaction", "0xold");
        legacy.put("signed_tx", "AQI=");
        legacy.put("created_at", T0.toString());
        legacy.put("updated_at", T0.toString());
        stores.gateway().call("test", c -> c.hset(key, legacy));
        stores.gateway().call("test", c -> c.zadd(s.unfinishedKey(), (double) Replies.micros(T0), id.value()));

        SettlementRecord read = s.find(id).orElseThrow();
        assertThat(read.transactions()).containsExactly("0xold");
        assertThat(read.signedTransaction()).containsExactly(1, 2);
        assertThatThrownBy(() -> s.markConfirmed(id, "0xother", T0)).isInstanceOf(InvalidTransitionException.class);
        assertThatThrownBy(() -> s.markReplaced(id, "0xother", new SignedTransaction("0xnew", new byte[] {3}), T0))
                .isInstanceOf(InvalidTransitionException.class)
                .hasMessageContaining("current transaction is 0xold");

        SettlementRecord replaced = s.markReplaced(id, "0xold", new SignedTransaction("0xnew", new byte[] {3}), T0.plusSeconds(1));
        assertThat(replaced.transactions()).containsExactly("0xold", "0xnew");
        String first = stores.gateway().call("test", c -> c.hget(key, "tx:1"));
        assertThat(first).isEqualTo("0xold");
        Double score = stores.gateway().call("test", c -> c.zscore(s.unfinishedKey(), id.value()));
        assertThat(score).isEqualTo((double) Replies.micros(T0.plusSeconds(1)));
        assertThat(s.markConfirmed(id, "0xold", T0.plusSeconds(2)).transaction()).isEqualTo("0xold");
        assertThat(indexed(s, id)).containsExactly(false);
    }

    @Test
    void aLegacyRecordConfirmedByItsOneTransaction() {
        RedisSettlementStore s = stores.settlements();
        PaymentId id = freshId();
        Map<String, String> legacy = Map.of("id", id.value(), "claim_token", "tok", "fingerprint", "fp", "state", "SUBMITTED",
                "scheme", "exact", "network", "eip155:84532", "amount", "10", "transaction", "0xonly",
                "created_at", T0.toString(), "updated_at", T0.toString());
        stores.gateway().call("test", c -> c.hset(s.recordKey(id), legacy));
        assertThat(s.markConfirmed(id, T0.plusSeconds(1)).transactions()).containsExactly("0xonly");
        assertThat(s.find(id).orElseThrow().state()).isEqualTo(SettlementState.CONFIRMED);
    }

    private static Boolean[] indexed(RedisSettlementStore s, PaymentId... ids) {
        Boolean[] out = new Boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            String member = ids[i].value();
            out[i] = stores.gateway().call("test", c -> c.zscore(s.unfinishedKey(), member)) != null;
        }
        return out;
    }
}
