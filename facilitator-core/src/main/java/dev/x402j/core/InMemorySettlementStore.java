package dev.x402j.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The settlement ledger in this JVM's memory: atomic per payment id, no global lock. Right for a single instance and
 * for tests; it forgets everything on restart, so a facilitator that must survive one uses a durable store.
 * Thread-safe.
 *
 * <p>Memory is bounded: it keeps at most {@link #maxFinishedRecords()} finished (confirmed or failed) records and
 * forgets the oldest finished ones beyond that. A record still in flight (claimed or submitted) is never forgotten — a
 * broadcast must be followed to its end. Forgetting a finished payment does not let it settle twice: its authorization
 * is spent on chain, so the scheme's simulation refuses it again (EVM: nonce used; Solana: already processed or
 * expired blockhash) before anything is paid.
 */
public final class InMemorySettlementStore implements SettlementStore {
    /** The finished records kept by {@link #InMemorySettlementStore()}. */
    public static final int DEFAULT_MAX_FINISHED_RECORDS = 100_000;

    private final ConcurrentHashMap<PaymentId, SettlementRecord> records = new ConcurrentHashMap<>();
    private final int maxFinishedRecords;
    /** Finished payments, oldest first; may hold an id twice (re-marked failed) — eviction re-checks the record. */
    private final ConcurrentLinkedQueue<PaymentId> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger finishedCount = new AtomicInteger();

    /** A ledger keeping up to {@value #DEFAULT_MAX_FINISHED_RECORDS} finished records. */
    public InMemorySettlementStore() {
        this(DEFAULT_MAX_FINISHED_RECORDS);
    }

    /** A ledger keeping up to {@code maxFinishedRecords} finished records (at least 1). */
    public InMemorySettlementStore(int maxFinishedRecords) {
        if (maxFinishedRecords < 1) {
            throw new IllegalArgumentException("maxFinishedRecords must be at least 1, got " + maxFinishedRecords);
        }
        this.maxFinishedRecords = maxFinishedRecords;
    }

    /** How many finished records this ledger keeps at most. */
    public int maxFinishedRecords() {
        return maxFinishedRecords;
    }

    /** How many records it holds now, in flight and finished. */
    public int size() {
        return records.size();
    }

    @Override
    public Claim claim(SettlementRecord claim) {
        if (claim.state() != SettlementState.CLAIMED) {
            throw new IllegalArgumentException("a claim must be in state CLAIMED, not " + claim.state());
        }
        SettlementRecord existing = records.putIfAbsent(claim.id(), claim);
        return existing == null ? new Claim.Won(claim) : new Claim.AlreadyClaimed(existing);
    }

    @Override
    public Optional<SettlementRecord> find(PaymentId id) {
        return Optional.ofNullable(records.get(id));
    }

    @Override
    public SettlementRecord markSubmitted(PaymentId id, String claimToken, SignedTransaction transaction, Instant now) {
        return change(id, "mark submitted", r -> switch (r.state()) {
            case CLAIMED -> {
                if (!r.claimToken().equals(claimToken)) {
                    throw new InvalidTransitionException("payment " + id + " is claimed by another settle call");
                }
                yield r.submitted(transaction, now);
            }
            case SUBMITTED, CONFIRMED, FAILED -> throw new InvalidTransitionException(id, r.state(), "mark submitted");
        });
    }

    @Override
    public SettlementRecord markReplaced(PaymentId id, String currentTransaction, SignedTransaction replacement, Instant now) {
        return change(id, "mark replaced", r -> switch (r.state()) {
            case SUBMITTED -> {
                if (replacement.reference().equals(r.transaction()) && r.hasTransaction(currentTransaction)) {
                    yield r; // this very replacement is already recorded
                }
                if (!currentTransaction.equals(r.transaction())) {
                    throw InvalidTransitionException.notCurrent(id, r.transaction(), currentTransaction);
                }
                if (r.hasTransaction(replacement.reference())) {
                    throw InvalidTransitionException.alreadyRecorded(id, replacement.reference());
                }
                yield r.replaced(replacement, now);
            }
            case CLAIMED, CONFIRMED, FAILED -> throw new InvalidTransitionException(id, r.state(), "mark replaced");
        });
    }

    @Override
    public SettlementRecord markConfirmed(PaymentId id, String transaction, Instant now) {
        return change(id, "mark confirmed", r -> switch (r.state()) {
            case SUBMITTED -> {
                if (!r.hasTransaction(transaction)) {
                    throw InvalidTransitionException.notATransactionOf(id, transaction);
                }
                yield r.confirmed(transaction, now);
            }
            case CONFIRMED -> {
                if (!r.transaction().equals(transaction)) {
                    throw InvalidTransitionException.confirmedByAnother(id, r.transaction(), transaction);
                }
                yield r;
            }
            case CLAIMED, FAILED -> throw new InvalidTransitionException(id, r.state(), "mark confirmed");
        });
    }

    @Override
    public SettlementRecord markFailed(PaymentId id, ErrorReason reason, String message, Instant now) {
        return change(id, "mark failed", r -> switch (r.state()) {
            case CLAIMED, SUBMITTED -> r.failed(reason, message, now);
            case FAILED -> r;
            case CONFIRMED -> throw new InvalidTransitionException(id, r.state(), "mark failed");
        });
    }

    @Override
    public void release(PaymentId id, String claimToken) {
        records.computeIfPresent(
                id, (k, r) -> r.state() == SettlementState.CLAIMED && r.claimToken().equals(claimToken) ? null : r);
    }

    @Override
    public List<SettlementRecord> findUnfinished(Instant before, int limit) {
        return records.values().stream()
                .filter(r -> !r.state().isFinal() && r.updatedAt().isBefore(before))
                .sorted(Comparator.comparing(SettlementRecord::updatedAt))
                .limit(limit)
                .toList();
    }

    private SettlementRecord change(PaymentId id, String what, UnaryOperator<SettlementRecord> f) {
        boolean[] finishedNow = {false};
        SettlementRecord updated = records.computeIfPresent(id, (k, r) -> {
            SettlementRecord next = f.apply(r);
            finishedNow[0] = next.state().isFinal() && !r.state().isFinal();
            return next;
        });
        if (updated == null) {
            throw new InvalidTransitionException(id, what);
        }
        if (finishedNow[0]) {
            finished.add(id);
            if (finishedCount.incrementAndGet() > maxFinishedRecords) {
                forgetOldestFinished();
            }
        }
        return updated;
    }

    private void forgetOldestFinished() {
        PaymentId oldest = finished.poll();
        if (oldest == null) {
            return;
        }
        finishedCount.decrementAndGet();
        // only a finished record goes: an id re-claimed since (never, today) would be in flight and must stay
        records.computeIfPresent(oldest, (k, r) -> r.state().isFinal() ? null : r);
    }
}
