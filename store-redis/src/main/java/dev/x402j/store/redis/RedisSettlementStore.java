package dev.x402j.store.redis;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidTransitionException;
import dev.x402j.core.PaymentId;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import dev.x402j.core.SettlementStore;
import dev.x402j.core.SignedTransaction;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The settlement ledger on Redis, shared by every facilitator instance that uses the same Redis and key prefix.
 *
 * <p>Each record is one hash, {@code <prefix>settlement:<payment id>}. Every change is one Lua script that checks the
 * current state (and, to submit, the claim token; to replace a transaction, the current one) and refuses an invalid transition before writing anything, so the
 * ledger moves exactly as {@link SettlementStore} says, whatever the number of instances. Records not final (CLAIMED,
 * SUBMITTED) are also members of the sorted set {@code <prefix>settlements:unfinished}, scored by their last change,
 * which the same scripts maintain; that is the reconciler's work list.
 *
 * <p>A record not final never expires: a broadcast transaction is never forgotten. A final record (CONFIRMED, FAILED)
 * expires after the retention period chosen in {@link RedisStores.Builder#finalRecordRetention}; after that, the same
 * payment id could be claimed again, so the period must outlast every way the payment could still be replayed (an
 * EVM authorization's {@code validBefore}, a Solana blockhash's lifetime; the chain rejects a used nonce anyway).
 *
 * <p>Thread-safe. Obtain it from {@link RedisStores#settlements()}.
 */
public final class RedisSettlementStore implements SettlementStore {
    private static final LuaScript CLAIM = LuaScript.load("settlement-claim", false);
    private static final LuaScript SUBMIT = LuaScript.load("settlement-submit", false);
    private static final LuaScript REPLACE = LuaScript.load("settlement-replace", false);
    private static final LuaScript CONFIRM = LuaScript.load("settlement-confirm", false);
    private static final LuaScript FAIL = LuaScript.load("settlement-fail", false);
    private static final LuaScript RELEASE = LuaScript.load("settlement-release", false);

    private final RedisGateway redis;
    private final String recordPrefix;
    private final String unfinishedKey;
    private final Duration finalRetention;

    RedisSettlementStore(RedisGateway redis, String keyPrefix, Duration finalRetention) {
        this.redis = redis;
        this.recordPrefix = keyPrefix + "settlement:";
        this.unfinishedKey = keyPrefix + "settlements:unfinished";
        this.finalRetention = finalRetention;
    }

    /** The key of a payment's record. */
    String recordKey(PaymentId id) {
        return recordPrefix + id.value();
    }

    /** The key of the sorted set of unfinished payment ids. */
    String unfinishedKey() {
        return unfinishedKey;
    }

    /** How long a final record is kept; {@link Duration#ZERO} means forever. */
    public Duration finalRecordRetention() {
        return finalRetention;
    }

    @Override
    public Claim claim(SettlementRecord claim) {
        Objects.requireNonNull(claim, "claim");
        if (claim.state() != SettlementState.CLAIMED) {
            throw new IllegalArgumentException("a claim must be in state CLAIMED, not " + claim.state());
        }
        String op = "claim settlement " + claim.id();
        List<String> args = new ArrayList<>();
        args.add(Replies.score(claim.updatedAt()));
        args.add(claim.id().value());
        args.addAll(SettlementHash.fields(claim));
        List<?> reply = Replies.list(op, redis.script(op, CLAIM, ScriptOutputType.MULTI, keys(claim.id()), args.toArray(String[]::new)));
        if (reply.size() == 1 && Long.valueOf(1).equals(reply.get(0))) {
            return new Claim.Won(claim);
        }
        if (reply.size() == 2 && Long.valueOf(0).equals(reply.get(0))) {
            return new Claim.AlreadyClaimed(SettlementHash.decode(op, Replies.hash(op, reply.get(1))));
        }
        throw Replies.unexpected(op, reply);
    }

    @Override
    public Optional<SettlementRecord> find(PaymentId id) {
        String op = "find settlement " + id;
        Map<String, String> hash = redis.call(op, c -> c.hgetall(recordKey(id)));
        return hash.isEmpty() ? Optional.empty() : Optional.of(SettlementHash.decode(op, hash));
    }

    @Override
    public SettlementRecord markSubmitted(PaymentId id, String claimToken, SignedTransaction transaction, Instant now) {
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(transaction, "transaction");
        return change(id, "mark submitted", SUBMIT,
                claimToken,
                transaction.reference(),
                Base64.getEncoder().encodeToString(transaction.bytes()),
                now.toString(),
                Replies.score(now),
                id.value());
    }

    @Override
    public SettlementRecord markReplaced(PaymentId id, String currentTransaction, SignedTransaction replacement, Instant now) {
        Objects.requireNonNull(currentTransaction, "currentTransaction");
        Objects.requireNonNull(replacement, "replacement");
        return change(id, "mark replaced", REPLACE,
                currentTransaction,
                replacement.reference(),
                Base64.getEncoder().encodeToString(replacement.bytes()),
                now.toString(),
                Replies.score(now),
                id.value());
    }

    @Override
    public SettlementRecord markConfirmed(PaymentId id, String transaction, Instant now) {
        Objects.requireNonNull(transaction, "transaction");
        return change(id, "mark confirmed", CONFIRM, now.toString(), id.value(), Long.toString(finalRetention.toMillis()),
                transaction);
    }

    @Override
    public SettlementRecord markFailed(PaymentId id, ErrorReason reason, String message, Instant now) {
        Objects.requireNonNull(reason, "reason");
        return change(id, "mark failed", FAIL,
                now.toString(),
                id.value(),
                Long.toString(finalRetention.toMillis()),
                reason.wire(),
                message == null ? "0" : "1",
                message == null ? "" : message);
    }

    @Override
    public void release(PaymentId id, String claimToken) {
        String op = "release settlement " + id;
        redis.<Long>script(op, RELEASE, ScriptOutputType.INTEGER, keys(id), claimToken, id.value());
    }

    /**
     * Records not final whose last change is before {@code before}, oldest first (ties by payment id). The index is
     * scored in microseconds; records sharing the last score read are all read, then compared exactly, so the answer
     * is exact to the nanosecond.
     */
    @Override
    public List<SettlementRecord> findUnfinished(Instant before, int limit) {
        Objects.requireNonNull(before, "before");
        if (limit <= 0) {
            return List.of();
        }
        String op = "find unfinished settlements";
        long maxScore = Replies.micros(before);
        List<ScoredValue<String>> page = redis.call(op, c -> c.zrangebyscoreWithScores(
                unfinishedKey, Range.from(Range.Boundary.unbounded(), Range.Boundary.including(maxScore)), Limit.create(0, limit)));
        Set<String> ids = new LinkedHashSet<>();
        page.forEach(v -> ids.add(v.getValue()));
        if (page.size() == limit) {
            // The page may have cut a group of records within the same microsecond: read the whole group.
            double last = page.get(page.size() - 1).getScore();
            ids.addAll(redis.call(op, c -> c.zrangebyscore(unfinishedKey, Range.create(last, last))));
        }
        List<SettlementRecord> out = new ArrayList<>(ids.size());
        for (Map<String, String> hash : redis.hgetallEach(op, ids.stream().map(i -> recordPrefix + i).toList())) {
            if (hash.isEmpty()) {
                continue; // released between the two reads
            }
            SettlementRecord r = SettlementHash.decode(op, hash);
            if (!r.state().isFinal() && r.updatedAt().isBefore(before)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparing(SettlementRecord::updatedAt).thenComparing(r -> r.id().value()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /**
     * Runs a change script; its refusals become the port's exceptions. The arguments the messages quote are where each
     * script takes them: the current transaction is {@code args[0]} and the replacement {@code args[1]} of
     * settlement-replace, the landed transaction {@code args[3]} of settlement-confirm.
     */
    private SettlementRecord change(PaymentId id, String change, LuaScript script, String... args) {
        String op = change + " " + id;
        try {
            Object reply = redis.script(op, script, ScriptOutputType.MULTI, keys(id), args);
            return SettlementHash.decode(op, Replies.hash(op, reply));
        } catch (ScriptRefusal refusal) {
            throw switch (refusal.code()) {
                case "NO_RECORD" -> new InvalidTransitionException(id, change);
                case "NOT_OWNER" -> new InvalidTransitionException("payment " + id + " is claimed by another settle call");
                case "BAD_STATE" -> badState(id, refusal.detail(), change);
                case "NOT_CURRENT" -> InvalidTransitionException.notCurrent(id, refusal.detail(), args[0]);
                case "ALREADY_RECORDED" -> InvalidTransitionException.alreadyRecorded(id, args[1]);
                case "NOT_A_TRANSACTION" -> InvalidTransitionException.notATransactionOf(id, args[3]);
                case "CONFIRMED_BY" -> InvalidTransitionException.confirmedByAnother(id, refusal.detail(), args[3]);
                default -> new RedisStoreException(op, "unexpected refusal " + refusal.getMessage(), refusal);
            };
        }
    }

    private static InvalidTransitionException badState(PaymentId id, String state, String change) {
        try {
            return new InvalidTransitionException(id, SettlementState.valueOf(state), change);
        } catch (IllegalArgumentException unknown) {
            return new InvalidTransitionException("payment " + id + " is in unknown state " + state + "; cannot " + change);
        }
    }

    private String[] keys(PaymentId id) {
        return new String[] {recordKey(id), unfinishedKey};
    }
}
