package dev.x402j.core;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a settlement's transaction and replaces it when it can never land: every replacement is recorded in the
 * ledger before it is sent, so a transaction that may be on its way is never forgotten. Thread-safe.
 */
final class ResigningSender {
    // The facade's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(Facilitator.class);
    /** How often one pass signs a payment anew because its transaction's nonce was taken. */
    static final int MAX_RESIGNS = 3;

    private final SettlementStore settlements;
    private final Clock clock;

    ResigningSender(SettlementStore settlements, Clock clock) {
        this.settlements = settlements;
        this.clock = clock;
    }

    /** The transaction a settlement is sending: the one last recorded in the ledger. */
    static final class InFlight {
        SignedTransaction tx;

        InFlight(SignedTransaction tx) {
            this.tx = tx;
        }
    }

    /**
     * Sends {@code sending.tx}, the current transaction of payment {@code id}. When the node refuses it because its
     * nonce is taken by another transaction (the key was used outside this facilitator), gets the payment signed anew
     * from {@code resign}, records the new transaction before sending it, and sends that: at most
     * {@value #MAX_RESIGNS} times. {@code sending.tx} is always the transaction last recorded.
     *
     * @throws BroadcastRejectedException the last refusal, if it was for good or the attempts ran out
     */
    void send(Scheme scheme, PaymentId id, InFlight sending, Supplier<Optional<SignedTransaction>> resign) {
        for (int resigns = 0; ; resigns++) {
            try {
                scheme.broadcast(sending.tx);
                return;
            } catch (BroadcastRejectedException e) {
                if (!e.nonceConsumed() || resigns >= MAX_RESIGNS) {
                    throw e;
                }
                Optional<SignedTransaction> fresh = resign.get();
                if (fresh.isEmpty()) {
                    throw e;
                }
                log.info("settlement {}: transaction {} can never land ({}); signed anew as {}", id,
                        sending.tx.reference(), e.getMessage(), fresh.get().reference());
                recordReplacement(scheme, id, sending.tx, fresh.get());
                sending.tx = fresh.get();
            }
        }
    }

    /** Records {@code replacement} as the payment's current transaction, or gives it back to the scheme unsent. */
    SettlementRecord recordReplacement(
            Scheme scheme, PaymentId id, SignedTransaction current, SignedTransaction replacement) {
        try {
            return settlements.markReplaced(id, current.reference(), replacement, clock.instant());
        } catch (RuntimeException e) {
            scheme.abandon(replacement);
            throw e;
        }
    }
}
