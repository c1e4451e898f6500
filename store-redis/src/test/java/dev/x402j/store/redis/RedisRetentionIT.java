package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.UptoSession;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time to live of what the stores write: nothing unfinished may ever expire ({@code PTTL} = -1); final records expire
 * after the retention period.
 */
class RedisRetentionIT {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(7);
    private static RedisStores stores;
    private static RedisStores defaults;
    private static RedisStores forever;

    @BeforeAll
    static void connect() {
        String prefix = RedisTestSupport.prefix(RedisRetentionIT.class);
        stores = RedisStores.builder().url(RedisTestSupport.url()).keyPrefix(prefix).finalRecordRetention(RETENTION).build();
        defaults = RedisTestSupport.open(prefix + "defaults:");
        forever = RedisStores.builder().url(RedisTestSupport.url()).keyPrefix(prefix + "forever:")
                .finalRecordRetention(Duration.ZERO).build();
    }

    @AfterAll
    static void cleanUp() {
        RedisTestSupport.deleteKeys(stores); // covers the other two prefixes, which extend this one
        stores.close();
        defaults.close();
        forever.close();
    }

    private static PaymentId freshId() {
        return new PaymentId("ttl/" + UUID.randomUUID());
    }

    private static SettlementRecord claim(PaymentId id) {
        return SettlementRecord.claimed(id, "tok", "fp", "exact", "eip155:84532", "0xPayer", BigInteger.TEN, T0);
    }

    private static long pttl(RedisStores s, String key) {
        return s.gateway().call("test", c -> c.pttl(key));
    }

    @Test
    void unfinishedSettlementsNeverExpireAndFinalOnesGetTheRetention() {
        RedisSettlementStore s = stores.settlements();
        PaymentId confirmed = freshId(), failed = freshId();
        s.claim(claim(confirmed));
        s.claim(claim(failed));
        assertThat(pttl(stores, s.recordKey(confirmed))).isEqualTo(-1);
        s.markSubmitted(confirmed, "tok", new SignedTransaction("0x1", new byte[] {1}), T0);
        assertThat(pttl(stores, s.recordKey(confirmed))).isEqualTo(-1);
        assertThat(pttl(stores, s.unfinishedKey())).isEqualTo(-1);

        s.markConfirmed(confirmed, T0);
        s.markFailed(failed, ErrorReason.UNEXPECTED_SETTLE_ERROR, "x", T0);
        for (PaymentId id : new PaymentId[] {confirmed, failed}) {
            assertThat(pttl(stores, s.recordKey(id)))
                    .isBetween(RETENTION.toMillis() - 60_000, RETENTION.toMillis());
        }
    }

    @Test
    void theDefaultRetentionIsThirtyDaysAndZeroKeepsForever() {
        PaymentId id = freshId();
        defaults.settlements().claim(claim(id));
        defaults.settlements().markSubmitted(id, "tok", new SignedTransaction("0x2", new byte[] {2}), T0);
        defaults.settlements().markConfirmed(id, T0);
        assertThat(pttl(defaults, defaults.settlements().recordKey(id)))
                .isBetween(Duration.ofDays(30).toMillis() - 60_000, Duration.ofDays(30).toMillis());

        PaymentId kept = freshId();
        forever.settlements().claim(claim(kept));
        forever.settlements().markFailed(kept, ErrorReason.UNEXPECTED_SETTLE_ERROR, null, T0);
        assertThat(pttl(forever, forever.settlements().recordKey(kept))).isEqualTo(-1);
    }

    @Test
    void openSessionsNeverExpireAndClosedOnesGetTheRetention() {
        RedisSessionStore s = stores.sessions();
        UptoSession session = s.openIfAbsent(UptoSession.open("ttl-" + UUID.randomUUID(), "eip155:84532", "0xasset",
                "0xowner", "0xspender", BigInteger.TEN, T0.plusSeconds(60), T0));
        s.reserve(session.id(), BigInteger.ONE, T0);
        s.beginSettling(session.id(), T0);
        assertThat(pttl(stores, s.sessionKey(session.id()))).isEqualTo(-1);
        s.finishSettling(session.id(), BigInteger.ONE, false, T0);
        assertThat(pttl(stores, s.sessionKey(session.id()))).isEqualTo(-1);
        assertThat(pttl(stores, s.activeKey())).isEqualTo(-1);

        s.reserve(session.id(), BigInteger.ONE, T0);
        s.beginSettling(session.id(), T0);
        s.finishSettling(session.id(), BigInteger.ONE, true, T0);
        assertThat(pttl(stores, s.sessionKey(session.id())))
                .isBetween(RETENTION.toMillis() - 60_000, RETENTION.toMillis());
    }
}
