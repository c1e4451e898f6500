package dev.x402j.store.redis;

import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A {@link SettlementRecord} as a Redis hash. Amounts are decimal strings, the signed transaction is base64, instants
 * are ISO-8601 (exact to the nanosecond); a {@code null} component is an absent field. The history of transactions is
 * {@code tx_count} and {@code tx:1} … {@code tx:<n>}, oldest first (absent on records written before it existed, whose
 * one transaction is then their history).
 */
final class SettlementHash {
    static final String ID = "id";
    static final String CLAIM_TOKEN = "claim_token";
    static final String FINGERPRINT = "fingerprint";
    static final String STATE = "state";
    static final String SCHEME = "scheme";
    static final String NETWORK = "network";
    static final String PAYER = "payer";
    static final String AMOUNT = "amount";
    static final String TRANSACTION = "transaction";
    static final String SIGNED_TX = "signed_tx";
    static final String ERROR_REASON = "error_reason";
    static final String ERROR_MESSAGE = "error_message";
    static final String CREATED_AT = "created_at";
    static final String UPDATED_AT = "updated_at";
    /** How many transactions the record's history holds; they are {@code tx:1} … {@code tx:<n>}, oldest first. */
    static final String TX_COUNT = "tx_count";

    static final String TX_PREFIX = "tx:";

    private SettlementHash() {}

    /** Field, value, field, value… of every non-null component. */
    static List<String> fields(SettlementRecord r) {
        List<String> out = new ArrayList<>(28);
        put(out, ID, r.id().value());
        put(out, CLAIM_TOKEN, r.claimToken());
        put(out, FINGERPRINT, r.fingerprint());
        put(out, STATE, r.state().name());
        put(out, SCHEME, r.scheme());
        put(out, NETWORK, r.network());
        put(out, PAYER, r.payer());
        put(out, AMOUNT, r.amount().toString());
        put(out, TRANSACTION, r.transaction());
        byte[] signed = r.signedTransaction();
        put(out, SIGNED_TX, signed == null ? null : Base64.getEncoder().encodeToString(signed));
        put(out, ERROR_REASON, r.errorReason());
        put(out, ERROR_MESSAGE, r.errorMessage());
        put(out, CREATED_AT, r.createdAt().toString());
        put(out, UPDATED_AT, r.updatedAt().toString());
        List<String> history = r.transactions();
        if (!history.isEmpty()) {
            put(out, TX_COUNT, Integer.toString(history.size()));
            for (int i = 0; i < history.size(); i++) {
                put(out, TX_PREFIX + (i + 1), history.get(i));
            }
        }
        return out;
    }

    /**
     * @throws RedisStoreException if the hash is not a settlement record
     */
    static SettlementRecord decode(String operation, Map<String, String> h) {
        try {
            String signed = h.get(SIGNED_TX);
            return new SettlementRecord(
                    new PaymentId(h.get(ID)),
                    h.get(CLAIM_TOKEN),
                    h.get(FINGERPRINT),
                    SettlementState.valueOf(h.get(STATE)),
                    h.get(SCHEME),
                    h.get(NETWORK),
                    h.get(PAYER),
                    new BigInteger(h.get(AMOUNT)),
                    h.get(TRANSACTION),
                    signed == null ? null : Base64.getDecoder().decode(signed),
                    h.get(ERROR_REASON),
                    h.get(ERROR_MESSAGE),
                    Instant.parse(h.get(CREATED_AT)),
                    Instant.parse(h.get(UPDATED_AT)),
                    history(h));
        } catch (RuntimeException e) {
            throw new RedisStoreException(operation, "the Redis hash is not a readable settlement record (fields "
                    + h.keySet() + "): " + e.getMessage(), e);
        }
    }

    /** {@code tx:1} … {@code tx:<tx_count>}; none for a record written before histories existed. */
    private static List<String> history(Map<String, String> h) {
        String count = h.get(TX_COUNT);
        if (count == null) {
            return List.of();
        }
        int n = Integer.parseInt(count);
        List<String> history = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            history.add(java.util.Objects.requireNonNull(h.get(TX_PREFIX + i), TX_PREFIX + i));
        }
        return history;
    }

    private static void put(List<String> out, String field, String value) {
        if (value != null) {
            out.add(field);
            out.add(value);
        }
    }
}
