package dev.x402j.core;

import dev.x402j.core.model.SettleResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A settle call for a payment that another call owns, or owned: waits for that call's outcome in the ledger and never
 * sends anything. Thread-safe.
 */
final class DuplicateWaiter {
    /** How often a call waiting for another call's settlement asks the chain itself. */
    private static final Duration CHAIN_LOOK_INTERVAL = Duration.ofSeconds(2);

    private final SettlementStore settlements;
    private final SettlementReconciler reconciler;
    private final Clock clock;
    private final Duration duplicateWait;

    DuplicateWaiter(SettlementStore settlements, SettlementReconciler reconciler, Clock clock, Duration duplicateWait) {
        this.settlements = settlements;
        this.reconciler = reconciler;
        this.clock = clock;
        this.duplicateWait = duplicateWait;
    }

    /**
     * Waits for the outcome of {@code record}'s settlement. The wait ends {@code duplicateWait} after the record's last
     * change, when the owner's own confirmation has given up, so a retry of a settlement answered
     * {@code settlement_pending} long ago (or left by a crashed instance) looks at the chain at once instead of waiting
     * again. While the record is SUBMITTED the chain is asked every {@link #CHAIN_LOOK_INTERVAL}, so a transaction
     * mined while its owner is gone is answered as soon as it lands.
     */
    SettleResponse awaitOutcome(Scheme scheme, SettlementRecord record) {
        Instant now = clock.instant();
        Instant ownerGivesUp = record.updatedAt().plus(duplicateWait);
        Instant deadline = ownerGivesUp.isAfter(now) ? ownerGivesUp : now;
        Instant nextChainLook = now.plus(CHAIN_LOOK_INTERVAL);
        long sleepMillis = 20;
        SettlementRecord current = record;
        while (!current.state().isFinal() && clock.instant().isBefore(deadline)) {
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleepMillis = Math.min(sleepMillis * 2, 250);
            current = settlements.find(record.id()).orElse(current);
            if (current.state() == SettlementState.SUBMITTED && !clock.instant().isBefore(nextChainLook)) {
                current = reconciler.reconcileOne(scheme, current, Duration.ZERO);
                nextChainLook = clock.instant().plus(CHAIN_LOOK_INTERVAL);
            }
        }
        if (current.state() == SettlementState.SUBMITTED) {
            current = reconciler.reconcileOne(scheme, current, Duration.ZERO);
        }
        return SettleResponses.fromRecord(current);
    }
}
