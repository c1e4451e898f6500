package dev.x402j.core;

import static dev.x402j.core.SettleResponses.pending;

import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SettleResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One settle call through the {@link SettlementStore} ledger: claim the payment → record its signed transaction
 * (SUBMITTED) → send it → confirm it → record the outcome. A payment the ledger already holds is never sent again: the
 * call waits for the recorded outcome ({@link DuplicateWaiter}). Every answer about a ledger entry says whether this
 * call owns it ({@link SettleResponse#settlementOwner()}: it won the claim) or joined another's. Thread-safe; holds no
 * lock.
 */
final class SettlementProtocol {
    // The facade's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(Facilitator.class);

    private final SchemeRegistry schemes;
    private final PaymentVerifier verifier;
    private final HookChain hooks;
    private final SettlementStore settlements;
    private final ResigningSender sender;
    private final DuplicateWaiter duplicates;
    private final Clock clock;
    private final Duration confirmTimeout;

    SettlementProtocol(SchemeRegistry schemes, PaymentVerifier verifier, HookChain hooks, SettlementStore settlements,
            ResigningSender sender, DuplicateWaiter duplicates, Clock clock, Duration confirmTimeout) {
        this.schemes = schemes;
        this.verifier = verifier;
        this.hooks = hooks;
        this.settlements = settlements;
        this.sender = sender;
        this.duplicates = duplicates;
        this.clock = clock;
        this.confirmTimeout = confirmTimeout;
    }

    /** Settles the payment of {@code ctx}, or answers what the ledger knows of it; hooks after settle not included. */
    SettleResponse settle(PaymentContext ctx) {
        PaymentRequirements req = ctx.requirements();
        String network = req.network();
        Scheme scheme;
        PaymentId id;
        try {
            scheme = schemes.forPayment(req);
            id = scheme.paymentId(ctx.payload(), req);
        } catch (InvalidPaymentException e) {
            return SettleResponse.failure(e.reason().wire(), e.detail(), null, "", network);
        } catch (RuntimeException e) {
            log.warn("settle on {} could not derive the payment id: {}", network, e.toString());
            return SettleResponse.failure(ErrorReason.UNEXPECTED_SETTLE_ERROR.wire(), FaultMessage.of(e), null, "", network);
        }
        String fingerprint = PaymentFingerprint.of(ctx.payload(), req);

        // A payment already in the ledger is answered from it: nothing is sent again.
        Optional<SettlementRecord> known = settlements.find(id);
        if (known.isPresent() && known.get().fingerprint().equals(fingerprint)) {
            return joined(scheme, known.get());
        }

        VerifyResult verified = verifier.verify(ctx);
        if (verified instanceof VerifyResult.Invalid invalid) {
            // A concurrent call may have claimed and settled this very payment while we verified (the chain then
            // says its nonce is used): answer that settlement's outcome, not a consequence of its success.
            Optional<SettlementRecord> meanwhile = settlements.find(id);
            if (meanwhile.isPresent() && meanwhile.get().fingerprint().equals(fingerprint)) {
                return joined(scheme, meanwhile.get());
            }
            return SettleResponse.failure(invalid.reason().wire(), invalid.message(), invalid.payer(), "", network);
        }
        String payer = verified.payer();
        Optional<HookDecision.Abort> abort = hooks.beforeSettle(ctx);
        if (abort.isPresent()) {
            return SettleResponse.failure(abort.get().reason().wire(), abort.get().message(), payer, "", network);
        }

        String token = UUID.randomUUID().toString();
        SettlementRecord claim =
                SettlementRecord.claimed(id, token, fingerprint, req.scheme(), network, payer, req.amount(), clock.instant());
        switch (settlements.claim(claim)) {
            case SettlementStore.Claim.AlreadyClaimed(SettlementRecord existing) -> {
                if (!existing.fingerprint().equals(fingerprint)) {
                    return SettleResponse.failure(
                            ErrorReason.DUPLICATE_SETTLEMENT.wire(),
                            "this payment is already being settled with different details",
                            payer, "", network);
                }
                return joined(scheme, existing);
            }
            case SettlementStore.Claim.Won won -> {
                SettleResponse owned = settleClaimed(scheme, ctx, id, token, payer);
                return owned.settlementOwner().isPresent() ? owned : owned.withSettlementOwner(true);
            }
        }
    }

    /**
     * Another call owns the payment's settlement: its outcome, marked as not this call's, so that a resource server
     * does not serve the same payment a second time (the owner's server serves it).
     */
    private SettleResponse joined(Scheme scheme, SettlementRecord record) {
        return duplicates.awaitOutcome(scheme, record).withSettlementOwner(false);
    }

    /**
     * This call owns the payment: sign, record, send, confirm, record. Its answer is marked as the owner's (by the
     * caller), unless the claim was lost to another call on the way.
     */
    private SettleResponse settleClaimed(Scheme scheme, PaymentContext ctx, PaymentId id, String token, String payer) {
        String network = ctx.requirements().network();
        SignedTransaction tx;
        try {
            tx = scheme.prepareSettlement(ctx.payload(), ctx.requirements());
        } catch (InvalidPaymentException e) {
            settlements.release(id, token);
            return SettleResponse.failure(e.reason().wire(), e.detail(), payer, "", network);
        } catch (RuntimeException e) {
            settlements.release(id, token);
            log.warn("settle {} on {}: preparing the transaction failed: {}", id, network, e.toString());
            return SettleResponse.failure(ErrorReason.UNEXPECTED_SETTLE_ERROR.wire(), FaultMessage.of(e), payer, "", network);
        }

        try {
            settlements.markSubmitted(id, token, tx, clock.instant());
        } catch (InvalidTransitionException lostClaim) {
            // The claim was released as stale while we were signing; someone else owns the payment now.
            scheme.abandon(tx);
            return settlements.find(id)
                    .map(r -> joined(scheme, r))
                    .orElseGet(() -> SettleResponse.failure(
                            ErrorReason.SETTLEMENT_PENDING.wire(), "settlement was interrupted; retry", payer, "", network));
        } catch (RuntimeException storeFault) {
            // Not recorded (as far as we know), so never sent: give back what the transaction reserved (its nonce).
            scheme.abandon(tx);
            throw storeFault;
        }

        ResigningSender.InFlight sending = new ResigningSender.InFlight(tx);
        try {
            sender.send(scheme, id, sending,
                    () -> Optional.of(scheme.prepareSettlement(ctx.payload(), ctx.requirements())));
        } catch (BroadcastRejectedException e) {
            String reference = sending.tx.reference();
            if (e.nonceConsumed()) {
                // Signed anew as often as allowed and its nonce still taken: the reconciler keeps at it.
                log.warn("settle {} on {}: transaction {} refused, its nonce taken again: {}", id, network, reference,
                        e.getMessage());
                return pending(payer, reference, network);
            }
            // Refused outright by the node: it will never be mined, so the payment is still unsettled.
            settlements.markFailed(id, e.reason(), e.getMessage(), clock.instant());
            log.warn("settle {} on {}: broadcast refused: {}", id, network, e.getMessage());
            return SettleResponse.failure(e.reason().wire(), e.getMessage(), payer, reference, network);
        } catch (InvalidPaymentException e) {
            // Signing the payment anew (its first transaction's nonce was taken) found that it can no longer settle;
            // none of its transactions was accepted by the node.
            settlements.markFailed(id, e.reason(), e.detail(), clock.instant());
            log.warn("settle {} on {}: signing anew failed: {}", id, network, e.detail());
            return SettleResponse.failure(e.reason().wire(), e.detail(), payer, sending.tx.reference(), network);
        } catch (InvalidTransitionException e) {
            // A reconciler moved the record while we were sending: its outcome is the answer.
            return settlements.find(id)
                    .map(r -> duplicates.awaitOutcome(scheme, r))
                    .orElseGet(() -> pending(payer, sending.tx.reference(), network));
        } catch (RuntimeException e) {
            // Unknown whether the node has it: the ledger keeps it SUBMITTED and the reconciler finishes it.
            log.warn("settle {} on {}: broadcast of {} not acknowledged: {}", id, network, sending.tx.reference(),
                    e.toString());
            return pending(payer, sending.tx.reference(), network);
        }

        Confirmation confirmation;
        try {
            confirmation = scheme.confirm(sending.tx.reference(), confirmTimeout);
        } catch (RuntimeException e) {
            log.warn("settle {} on {}: confirming {} failed: {}", id, network, sending.tx.reference(), e.toString());
            return pending(payer, sending.tx.reference(), network);
        }
        if (confirmation instanceof Confirmation.Pending p && !p.seen()) {
            resendUnseen(scheme, id, sending.tx);
        }
        return record(id, confirmation, payer, network);
    }

    /**
     * The node acknowledged the transaction but no longer has it (dropped from its pool, or lost behind a failover):
     * send the very same bytes again now rather than at the reconciler's next pass, since a later transaction of the
     * same key may wait behind its nonce. Harmless if it arrives twice; a refusal is left to the reconciler.
     */
    private void resendUnseen(Scheme scheme, PaymentId id, SignedTransaction tx) {
        try {
            scheme.broadcast(tx);
            log.info("settle {}: transaction {} was not known to the node after its confirm timeout; sent it again",
                    id, tx.reference());
        } catch (RuntimeException e) {
            log.warn("settle {}: re-sending {}, unknown to the node, failed: {}", id, tx.reference(), e.toString());
        }
    }

    private SettleResponse record(PaymentId id, Confirmation confirmation, String payer, String network) {
        return switch (confirmation) {
            case Confirmation.Confirmed c -> {
                settlements.markConfirmed(id, c.transaction(), clock.instant());
                yield SettleResponse.success(payer, c.transaction(), network, null);
            }
            case Confirmation.Failed f -> {
                settlements.markFailed(id, f.reason(), f.message(), clock.instant());
                yield SettleResponse.failure(f.reason().wire(), f.message(), payer, f.transaction(), network);
            }
            case Confirmation.Pending p -> pending(payer, p.transaction(), network);
        };
    }
}
