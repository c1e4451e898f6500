package dev.x402j.store.redis;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading script replies and writing index scores. */
final class Replies {
    private Replies() {}

    /** A hash as a script returns it ({@code HGETALL}: field, value, field, value…). */
    static Map<String, String> hash(String operation, Object reply) {
        if (!(reply instanceof List<?> flat) || flat.size() % 2 != 0) {
            throw unexpected(operation, reply);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            if (!(flat.get(i) instanceof String field) || !(flat.get(i + 1) instanceof String value)) {
                throw unexpected(operation, reply);
            }
            map.put(field, value);
        }
        return map;
    }

    static List<?> list(String operation, Object reply) {
        if (reply instanceof List<?> list) {
            return list;
        }
        throw unexpected(operation, reply);
    }

    static RedisStoreException unexpected(String operation, Object reply) {
        String kind = reply == null ? "nil" : reply.getClass().getSimpleName();
        return new RedisStoreException(operation, "unexpected reply from Redis (" + kind + ")", null);
    }

    /**
     * The index score of an instant: epoch microseconds, exact in a Redis score (a double) until the year 2255. The
     * records themselves keep the instant exactly (ISO-8601).
     */
    static String score(Instant t) {
        return Long.toString(micros(t));
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
