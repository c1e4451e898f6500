package dev.x402j.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes settlements against the chain: a SUBMITTED entry's transactions are looked up, the one that landed decides,
 * and one that can never land is sent again, signed anew or replaced at a higher fee (each replacement recorded before
 * it is sent). Runs the passes of {@link Facilitator#reconcile()} and the chain looks of a {@link DuplicateWaiter}.
 * Safe to run from several instances at once: a record another one moved meanwhile keeps that change.
 */
final class SettlementReconciler {
    // The facade's logger, as before the split: log configurations name it.
    private static final Logger log = LoggerFactory.getLogger(Facilitator.class);
    /** How many unfinished entries one pass takes on. */
    private static final int PASS_SIZE = 500;

    private final SchemeRegistry schemes;
    private final SettlementStore settlements;
    private final ResigningSender sender;
    private final Clock clock;
    private final Duration staleAfter;
    private final Duration replaceAfter;

    SettlementReconciler(SchemeRegistry schemes, SettlementStore settlements, ResigningSender sender, Clock clock,
            Duration staleAfter, Duration replaceAfter) {
        this.schemes = schemes;
        this.settlements = settlements;
        this.sender = sender;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.replaceAfter = replaceAfter;
    }

    /** One pass over the entries unchanged for {@code staleAfter}; see {@link Facilitator#reconcile()}. */
    Facilitator.ReconcileReport pass() {
        int confirmed = 0, failed = 0, pending = 0, released = 0, replaced = 0;
        for (SettlementRecord r : settlements.findUnfinished(clock.instant().minus(staleAfter), PASS_SIZE)) {
            Optional<Scheme> scheme = schemes.forRecord(r);
            if (scheme.isEmpty()) {
                pending++; // configured away; leave it for an instance that serves this network
                continue;
            }
            if (r.state() == SettlementState.CLAIMED) {
                settlements.release(r.id(), r.claimToken());
                released++;
                continue;
            }
            SettlementRecord after = reconcileOne(scheme.get(), r, Duration.ZERO);
            if (after.transactions().size() > r.transactions().size()) {
                replaced++;
            }
            switch (after.state()) {
                case CONFIRMED -> confirmed++;
                case FAILED -> failed++;
                case CLAIMED, SUBMITTED -> pending++;
            }
        }
        return new Facilitator.ReconcileReport(confirmed, failed, pending, released, replaced);
    }

    /** What the chain says about all of a record's transactions. */
    private record Lookup(Confirmation.Confirmed confirmed, Confirmation.Failed currentFailed, boolean currentSeen,
            boolean anySeen) {
        static final Lookup NOT_SENT = new Lookup(null, null, false, false);
    }

    /**
     * Looks up every transaction of {@code r}, the current one first (and only it waited for up to {@code wait}).
     * Any that landed decides; else the current one failing decides (the earlier ones share its nonce, or had theirs
     * taken by another sender, so none can land any more).
     */
    private static Lookup lookUp(Scheme scheme, SettlementRecord r, Duration wait) {
        List<String> references = new ArrayList<>(r.transactions());
        references.remove(r.transaction());
        references.addFirst(r.transaction());
        Confirmation.Failed currentFailed = null;
        boolean currentSeen = false, anySeen = false;
        for (int i = 0; i < references.size(); i++) {
            Confirmation c = scheme.confirm(references.get(i), i == 0 ? wait : Duration.ZERO);
            switch (c) {
                case Confirmation.Confirmed ok -> {
                    return new Lookup(ok, null, false, false);
                }
                case Confirmation.Failed f -> {
                    if (i == 0) {
                        currentFailed = f;
                    }
                }
                case Confirmation.Pending p -> {
                    anySeen |= p.seen();
                    currentSeen |= i == 0 && p.seen();
                }
            }
        }
        return new Lookup(null, currentFailed, currentSeen, anySeen);
    }

    /** Brings one SUBMITTED entry as far as the chain allows; returns it as it is then (unchanged after a fault). */
    SettlementRecord reconcileOne(Scheme scheme, SettlementRecord record, Duration wait) {
        SettlementRecord r = record;
        try {
            Lookup look = lookUp(scheme, r, wait);
            for (int resigns = 0; ; ) {
                if (look.confirmed() != null) {
                    return settlements.markConfirmed(r.id(), look.confirmed().transaction(), clock.instant());
                }
                if (look.currentFailed() != null) {
                    Confirmation.Failed f = look.currentFailed();
                    return settlements.markFailed(r.id(), f.reason(), f.message(), clock.instant());
                }
                Optional<SignedTransaction> current = r.currentTransaction();
                if (current.isEmpty()) {
                    return r;
                }
                if (look.currentSeen()) {
                    return replaceIfStuck(scheme, r);
                }
                try {
                    scheme.broadcast(current.get()); // the node does not have it: the very same bytes again
                    return replaceIfStuck(scheme, r);
                } catch (BroadcastRejectedException e) {
                    if (!e.nonceConsumed()) {
                        log.info("reconcile {}: re-sent transaction {} refused: {}", r.id(), r.transaction(), e.getMessage());
                        return replaceIfStuck(scheme, r); // e.g. now below the base fee: a higher fee may help
                    }
                    // Its nonce is taken. By one of this payment's own transactions (mined meanwhile, or pending)?
                    look = lookUp(scheme, r, Duration.ZERO);
                    if (look.confirmed() != null || look.currentFailed() != null) {
                        continue;
                    }
                    if (look.anySeen() || resigns >= ResigningSender.MAX_RESIGNS) {
                        log.info("reconcile {}: transaction {} refused ({}); left for the next pass", r.id(),
                                r.transaction(), e.getMessage());
                        return r;
                    }
                    // By another sender: this payment's transactions can never land. Sign it anew.
                    Optional<SignedTransaction> fresh = scheme.resign(current.get());
                    if (fresh.isEmpty()) {
                        log.warn("reconcile {}: transaction {} can never land ({}) and the scheme cannot sign it anew",
                                r.id(), r.transaction(), e.getMessage());
                        return r;
                    }
                    resigns++;
                    log.info("reconcile {}: transaction {} can never land ({}); signed anew as {}", r.id(),
                            r.transaction(), e.getMessage(), fresh.get().reference());
                    r = sender.recordReplacement(scheme, r.id(), current.get(), fresh.get());
                    look = Lookup.NOT_SENT;
                }
            }
        } catch (InvalidPaymentException e) {
            // Signing anew found that the payment can no longer settle, unless one of its transactions landed meanwhile.
            return finishUnsettleable(scheme, r, e);
        } catch (InvalidTransitionException e) {
            // Another settle call or instance moved the record meanwhile: its change stands.
            return settlements.find(r.id()).orElse(r);
        } catch (RuntimeException e) {
            log.warn("reconcile {}: {}", r.id(), e.toString());
            return r;
        }
    }

    private SettlementRecord finishUnsettleable(Scheme scheme, SettlementRecord r, InvalidPaymentException e) {
        try {
            Lookup look = lookUp(scheme, r, Duration.ZERO);
            if (look.confirmed() != null) {
                return settlements.markConfirmed(r.id(), look.confirmed().transaction(), clock.instant());
            }
            log.warn("reconcile {}: the payment can no longer settle: {}", r.id(), e.detail());
            return settlements.markFailed(r.id(), e.reason(), e.detail(), clock.instant());
        } catch (InvalidTransitionException moved) {
            return settlements.find(r.id()).orElse(r);
        } catch (RuntimeException fault) {
            log.warn("reconcile {}: {}", r.id(), fault.toString());
            return r;
        }
    }

    /**
     * If the current transaction of {@code r} has been pending longer than {@code replaceAfter} and the scheme offers a
     * replacement at a higher fee: records it, then sends it.
     */
    private SettlementRecord replaceIfStuck(Scheme scheme, SettlementRecord r) {
        Optional<SignedTransaction> stuck = r.currentTransaction();
        if (stuck.isEmpty() || Duration.between(r.updatedAt(), clock.instant()).compareTo(replaceAfter) < 0) {
            return r;
        }
        Optional<SignedTransaction> bumped = scheme.replaceStuck(stuck.get());
        if (bumped.isEmpty()) {
            return r;
        }
        SettlementRecord replaced = sender.recordReplacement(scheme, r.id(), stuck.get(), bumped.get());
        log.info("reconcile {}: transaction {} pending since {}; replaced by {} at a higher fee", r.id(),
                stuck.get().reference(), r.updatedAt(), bumped.get().reference());
        try {
            scheme.broadcast(bumped.get());
        } catch (RuntimeException e) {
            // Recorded: the next pass looks it up, and sends it again if the node does not have it.
            log.info("reconcile {}: sending replacement {} failed: {}", r.id(), bumped.get().reference(), e.toString());
        }
        return replaced;
    }
}
