package dev.x402j.store.redis;

import dev.x402j.core.InvalidTransitionException;
import dev.x402j.core.SessionStore;
import dev.x402j.core.UptoSession;
import io.lettuce.core.ScriptOutputType;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Batched {@code upto} sessions on Redis, shared by every facilitator instance that uses the same Redis and key prefix.
 *
 * <p>Each session is one hash, {@code <prefix>session:<id>}. {@link #reserve} checks the status and the cap and adds to
 * {@code pending} in one Lua script, so concurrent requests on any number of instances never exceed the cap. Amounts are
 * decimal strings that the scripts add and compare digit by digit: a uint256 cap is exact (Lua's numbers are doubles).
 * Sessions not closed are members of the sorted set {@code <prefix>sessions:active}, scored by their last activity
 * (the sweeper's work list). A session not closed never expires; a closed one expires after the retention period of
 * {@link RedisStores.Builder#finalRecordRetention}.
 *
 * <p>Thread-safe. Obtain it from {@link RedisStores#sessions()}.
 */
public final class RedisSessionStore implements SessionStore {
    private static final LuaScript OPEN = LuaScript.load("session-open", false);
    private static final LuaScript RESERVE = LuaScript.load("session-reserve", true);
    private static final LuaScript BEGIN = LuaScript.load("session-begin", true);
    private static final LuaScript FINISH = LuaScript.load("session-finish", true);

    private final RedisGateway redis;
    private final String sessionPrefix;
    private final String activeKey;
    private final Duration closedRetention;

    RedisSessionStore(RedisGateway redis, String keyPrefix, Duration closedRetention) {
        this.redis = redis;
        this.sessionPrefix = keyPrefix + "session:";
        this.activeKey = keyPrefix + "sessions:active";
        this.closedRetention = closedRetention;
    }

    String sessionKey(String id) {
        return sessionPrefix + id;
    }

    String activeKey() {
        return activeKey;
    }

    @Override
    public UptoSession openIfAbsent(UptoSession session) {
        Objects.requireNonNull(session, "session");
        String op = "open upto session " + session.id();
        List<String> args = new ArrayList<>();
        args.add(score(session.lastActivityAt()));
        args.add(session.id());
        args.add(session.status() == UptoSession.Status.CLOSED ? "0" : "1");
        args.add(Long.toString(closedRetention.toMillis()));
        args.addAll(SessionHash.fields(session));
        List<?> reply = Replies.list(op, redis.script(op, OPEN, ScriptOutputType.MULTI, keys(session.id()), args.toArray(String[]::new)));
        if (reply.size() == 1 && Long.valueOf(1).equals(reply.get(0))) {
            return session;
        }
        if (reply.size() == 2 && Long.valueOf(0).equals(reply.get(0))) {
            return SessionHash.decode(op, Replies.hash(op, reply.get(1)));
        }
        throw Replies.unexpected(op, reply);
    }

    @Override
    public Optional<UptoSession> find(String id) {
        String op = "find upto session " + id;
        Map<String, String> hash = redis.call(op, c -> c.hgetall(sessionKey(id)));
        return hash.isEmpty() ? Optional.empty() : Optional.of(SessionHash.decode(op, hash));
    }

    @Override
    public Reservation reserve(String id, BigInteger amount, Instant now) {
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cannot reserve a negative amount");
        }
        String op = "reserve on upto session " + id;
        List<?> reply;
        try {
            reply = Replies.list(op, redis.script(op, RESERVE, ScriptOutputType.MULTI, keys(id),
                    amount.toString(), now.toString(), Replies.score(now), id));
        } catch (ScriptRefusal refusal) {
            throw switch (refusal.code()) {
                case "NO_SESSION" -> new IllegalArgumentException("no upto session " + id);
                default -> new RedisStoreException(op, "unexpected refusal " + refusal.getMessage(), refusal);
            };
        }
        if (reply.size() != 2 || !(reply.get(0) instanceof String outcome)) {
            throw Replies.unexpected(op, reply);
        }
        UptoSession session = SessionHash.decode(op, Replies.hash(op, reply.get(1)));
        return switch (outcome) {
            case "RESERVED" -> new Reservation.Reserved(session);
            case "CAP_EXHAUSTED" -> new Reservation.CapExhausted(session);
            case "NOT_OPEN" -> new Reservation.NotOpen(session);
            default -> throw Replies.unexpected(op, outcome);
        };
    }

    @Override
    public Optional<UptoSession> beginSettling(String id, Instant now) {
        String op = "begin settling upto session " + id;
        Object reply = redis.script(op, BEGIN, ScriptOutputType.MULTI, keys(id), now.toString(), Replies.score(now), id);
        Map<String, String> hash = Replies.hash(op, reply);
        return hash.isEmpty() ? Optional.empty() : Optional.of(SessionHash.decode(op, hash));
    }

    @Override
    public UptoSession finishSettling(String id, BigInteger amountSettled, boolean close, Instant now) {
        Objects.requireNonNull(amountSettled, "amountSettled");
        String op = "finish settling upto session " + id;
        try {
            Object reply = redis.script(op, FINISH, ScriptOutputType.MULTI, keys(id),
                    amountSettled.toString(),
                    close ? "1" : "0",
                    now.toString(),
                    Replies.score(now),
                    id,
                    Long.toString(closedRetention.toMillis()));
            return SessionHash.decode(op, Replies.hash(op, reply));
        } catch (ScriptRefusal refusal) {
            throw switch (refusal.code()) {
                case "NO_SESSION" -> new IllegalArgumentException("no upto session " + id);
                case "BAD_STATE" -> new InvalidTransitionException(
                        "session " + id + " is " + refusal.detail() + "; cannot finish settling it");
                case "BAD_AMOUNT" -> new IllegalArgumentException(
                        "settled amount " + amountSettled + " is outside 0.." + refusal.detail());
                default -> new RedisStoreException(op, "unexpected refusal " + refusal.getMessage(), refusal);
            };
        }
    }

    @Override
    public List<UptoSession> findActive(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String op = "find active upto sessions";
        List<String> ids = redis.call(op, c -> c.zrange(activeKey, 0, limit - 1L));
        List<UptoSession> out = new ArrayList<>(ids.size());
        for (Map<String, String> hash : redis.hgetallEach(op, ids.stream().map(this::sessionKey).toList())) {
            if (hash.isEmpty()) {
                continue;
            }
            UptoSession s = SessionHash.decode(op, hash);
            if (s.status() != UptoSession.Status.CLOSED) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(UptoSession::lastActivityAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }

    private static String score(Instant t) {
        return t == null ? "0" : Replies.score(t);
    }

    private String[] keys(String id) {
        return new String[] {sessionKey(id), activeKey};
    }
}
