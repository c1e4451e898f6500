package dev.x402j.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The settlement ledger in this JVM's memory: atomic per payment id, no global lock. Right for a single instance and
 * for tests; it forgets everything on restart, so a facilitator that must survive one uses a durable store.
 * Thread-safe.
 */
public final class InMemorySettlementStore implements SettlementStore {
    private final ConcurrentHashMap<PaymentId, SettlementRecord> records = new ConcurrentHashMap<>();

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
        SettlementRecord updated = records.computeIfPresent(id, (k, r) -> f.apply(r));
        if (updated == null) {
            throw new InvalidTransitionException(id, what);
        }
        return updated;
    }
}
