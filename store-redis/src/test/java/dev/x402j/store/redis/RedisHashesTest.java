package dev.x402j.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.UptoSession;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records and sessions as Redis hashes (no socket is opened here). */
class RedisHashesTest {
    private static final Instant T = Instant.parse("2026-05-06T07:08:09.123456789Z");

    private static Map<String, String> toMap(List<String> flat) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            m.put(flat.get(i), flat.get(i + 1));
        }
        return m;
    }

    @Test
    void aSettlementRecordRoundTripsWithEveryComponent() {
        SettlementRecord r = SettlementRecord.claimed(new PaymentId("eip155:8453/0xa/0xb/0x01"), "tok", "fp", "exact",
                        "eip155:8453", "0xPayer", new BigInteger("340282366920938463463374607431768211456"), T)
                .submitted(new SignedTransaction("0xabc", new byte[] {0, -1, 127}), T.plusNanos(1))
                .failed(ErrorReason.of("invalid_exact_evm_transaction_failed"), "reverted", T.plusSeconds(1));
        Map<String, String> hash = toMap(SettlementHash.fields(r));
        assertThat(hash).containsEntry("amount", "340282366920938463463374607431768211456")
                .containsEntry("signed_tx", "AP9/")
                .containsEntry("created_at", "2026-05-06T07:08:09.123456789Z")
                .containsEntry("state", "FAILED");
        SettlementRecord back = SettlementHash.decode("op", hash);
        assertThat(back).isEqualTo(r);
        assertThat(back.signedTransaction()).containsExactly(0, -1, 127);
        assertThat(back.errorReason()).isEqualTo("invalid_exact_evm_transaction_failed");
        assertThat(back.errorMessage()).isEqualTo("reverted");
        assertThat(back.createdAt()).isEqualTo(T);
        assertThat(back.payer()).isEqualTo("0xPayer");
    }

    @Test
    void theHistoryOfTransactionsRoundTripsInOrder() {
        SettlementRecord r = SettlementRecord.claimed(new PaymentId("p"), "tok", "fp", "exact", "eip155:1", null, BigInteger.ONE, T)
                .submitted(new SignedTransaction("0xa", new byte[] {1}), T)
                .replaced(new SignedTransaction("0xb", new byte[] {2}), T.plusSeconds(1))
                .replaced(new SignedTransaction("0xc", new byte[] {3}), T.plusSeconds(2))
                .confirmed("0xb", T.plusSeconds(3));
        Map<String, String> hash = toMap(SettlementHash.fields(r));
        assertThat(hash).containsEntry("tx_count", "3").containsEntry("tx:1", "0xa").containsEntry("tx:2", "0xb")
                .containsEntry("tx:3", "0xc").containsEntry("transaction", "0xb");
        SettlementRecord back = SettlementHash.decode("op", hash);
        assertThat(back.transactions()).containsExactly("0xa", "0xb", "0xc");
        assertThat(back.transaction()).isEqualTo("0xb");
        assertThat(back.signedTransaction()).containsExactly(3);
    }

    @Test
    void absentComponentsAreAbsentFields() {
        SettlementRecord r = SettlementRecord.claimed(new PaymentId("p"), "tok", "fp", "exact", "eip155:1", null, BigInteger.ZERO, T);
        Map<String, String> hash = toMap(SettlementHash.fields(r));
        assertThat(hash).doesNotContainKeys("payer", "transaction", "signed_tx", "error_reason", "error_message");
        SettlementRecord back = SettlementHash.decode("op", hash);
        assertThat(back.payer()).isNull();
        assertThat(back.signedTransaction()).isNull();
    }

    @Test
    void aSessionRoundTrips() {
        UptoSession s = new UptoSession("s1", "eip155:8453", "0xasset", "0xowner", null, new BigInteger("1000000000000000000000"),
                BigInteger.valueOf(7), BigInteger.valueOf(3), UptoSession.Status.SETTLING, null, T, T.plusSeconds(1));
        UptoSession back = SessionHash.decode("op", toMap(SessionHash.fields(s)));
        assertThat(back).isEqualTo(s);
    }

    @Test
    void anUnreadableHashNamesTheOperation() {
        assertThatThrownBy(() -> SettlementHash.decode("find settlement p", Map.of("state", "CLAIMED")))
                .isInstanceOf(RedisStoreException.class)
                .hasMessageStartingWith("find settlement p: the Redis hash is not a readable settlement record");
    }

    @Test
    void scoresAreEpochMicroseconds() {
        assertThat(Replies.score(Instant.parse("1970-01-01T00:00:01.000002999Z"))).isEqualTo("1000002");
        // Exact in a double far beyond any settlement's lifetime.
        long year2200 = Replies.micros(Instant.parse("2200-01-01T00:00:00Z"));
        assertThat((long) (double) year2200).isEqualTo(year2200);
    }
}
