package dev.x402j.store.redis;

import dev.x402j.core.UptoSession;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@link UptoSession} as a Redis hash: amounts as decimal strings (the scripts add and compare them digit by digit,
 * never as Lua doubles), instants ISO-8601, a {@code null} component an absent field.
 */
final class SessionHash {
    static final String ID = "id";
    static final String NETWORK = "network";
    static final String ASSET = "asset";
    static final String OWNER = "owner";
    static final String SPENDER = "spender";
    static final String CAP = "cap";
    static final String PENDING = "pending";
    static final String SETTLED = "settled";
    static final String STATUS = "status";
    static final String DEADLINE = "deadline";
    static final String CREATED_AT = "created_at";
    static final String LAST_ACTIVITY_AT = "last_activity_at";

    private SessionHash() {}

    static List<String> fields(UptoSession s) {
        List<String> out = new ArrayList<>(24);
        put(out, ID, s.id());
        put(out, NETWORK, s.network());
        put(out, ASSET, s.asset());
        put(out, OWNER, s.owner());
        put(out, SPENDER, s.spender());
        put(out, CAP, s.cap().toString());
        put(out, PENDING, s.pending().toString());
        put(out, SETTLED, s.settled().toString());
        put(out, STATUS, s.status().name());
        put(out, DEADLINE, s.deadline() == null ? null : s.deadline().toString());
        put(out, CREATED_AT, s.createdAt() == null ? null : s.createdAt().toString());
        put(out, LAST_ACTIVITY_AT, s.lastActivityAt() == null ? null : s.lastActivityAt().toString());
        return out;
    }

    /**
     * @throws RedisStoreException if the hash is not a session
     */
    static UptoSession decode(String operation, Map<String, String> h) {
        try {
            return new UptoSession(
                    h.get(ID),
                    h.get(NETWORK),
                    h.get(ASSET),
                    h.get(OWNER),
                    h.get(SPENDER),
                    new BigInteger(h.get(CAP)),
                    new BigInteger(h.get(PENDING)),
                    new BigInteger(h.get(SETTLED)),
                    UptoSession.Status.valueOf(h.get(STATUS)),
                    instant(h.get(DEADLINE)),
                    instant(h.get(CREATED_AT)),
                    instant(h.get(LAST_ACTIVITY_AT)));
        } catch (RuntimeException e) {
            throw new RedisStoreException(operation, "the Redis hash is not a readable upto session (fields "
                    + h.keySet() + "): " + e.getMessage(), e);
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static void put(List<String> out, String field, String value) {
        if (value != null) {
            out.add(field);
            out.add(value);
        }
    }
}
