package dev.x402j.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedKind;
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.wire.X402Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An x402 facilitator: verifies payments and settles them on-chain through the registered {@link Scheme}s.
 *
 * <p>Settlement goes through the {@link SettlementStore} ledger, so it is idempotent: the first call for a payment
 * claims it, records the signed transaction before sending it, and records the outcome; any other call for the same
 * payment never sends anything — it waits for and returns the recorded outcome, or {@code settlement_pending} while
 * it is still unknown. {@link #reconcile()} finishes what a crash or a timeout left unfinished.
 *
 * <p>Built once with {@link #builder()}; thread-safe; holds no global lock.
 */
public final class Facilitator {
    private static final Logger log = LoggerFactory.getLogger(Facilitator.class);
    /** How often one pass signs a payment anew because its transaction's nonce was taken. */
    private static final int MAX_RESIGNS = 3;

    private final Map<SchemeKey, Scheme> schemes;
    private final SettlementStore settlements;
    private final SessionStore sessions;
    private final TrackingStore tracking;
    private final List<FacilitatorHook> hooks;
    private final Clock clock;
    private final NetworkRegistry networks;
    private final Duration confirmTimeout;
    private final Duration duplicateWait;
    /** How often a call waiting for another call's settlement asks the chain itself. */
    private static final Duration CHAIN_LOOK_INTERVAL = Duration.ofSeconds(2);
    private final Duration staleAfter;
    private final Duration replaceAfter;

    private record SchemeKey(String scheme, String network) {}

    private Facilitator(Builder b) {
        this.schemes = Map.copyOf(b.schemes);
        this.settlements = b.settlements;
        this.sessions = b.sessions;
        this.tracking = b.tracking;
        this.hooks = List.copyOf(b.hooks);
        this.clock = b.clock;
        this.networks = b.networks;
        this.confirmTimeout = b.confirmTimeout;
        this.duplicateWait = b.duplicateWait;
        this.staleAfter = b.staleAfter;
        this.replaceAfter = b.replaceAfter;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- verify

    /** Verifies a payment against its requirements. Never throws for a bad payment or a chain fault. */
    public VerifyResponse verify(FacilitatorRequest request) {
        PaymentContext ctx = context(request);
        VerifyResult result = verifyInternal(ctx);
        return switch (result) {
            case VerifyResult.Valid v -> VerifyResponse.valid(v.payer());
            case VerifyResult.Invalid i -> VerifyResponse.invalid(i.reason().wire(), i.message(), i.payer());
        };
    }

    private VerifyResult verifyInternal(PaymentContext ctx) {
        VerifyResult result = checkedVerify(ctx);
        switch (result) {
            case VerifyResult.Valid v -> each(h -> h.afterVerify(ctx, v), "afterVerify");
            case VerifyResult.Invalid i -> each(h -> h.onVerifyFailure(ctx, i), "onVerifyFailure");
        }
        return result;
    }

    private VerifyResult checkedVerify(PaymentContext ctx) {
        PaymentRequirements req = ctx.requirements();
        Scheme scheme;
        try {
            scheme = schemeFor(req);
        } catch (InvalidPaymentException e) {
            return VerifyResult.invalid(e.reason(), e.detail());
        }
        for (FacilitatorHook hook : hooks) {
            if (hook.beforeVerify(ctx) instanceof HookDecision.Abort abort) {
                return VerifyResult.invalid(abort.reason(), abort.message());
            }
        }
        try {
            return scheme.verify(ctx.payload(), req);
        } catch (InvalidPaymentException e) {
            return VerifyResult.invalid(e.reason(), e.detail());
        } catch (RuntimeException e) {
            log.warn("verify on {} failed: {}", req.network(), e.toString());
            return VerifyResult.invalid(ErrorReason.UNEXPECTED_VERIFY_ERROR, faultMessage(e));
        }
    }

    // ---------------------------------------------------------------- settle

    /**
     * Settles a payment: verifies it again, then moves the money once. Never throws for a bad payment or a chain
     * fault; a settlement whose outcome is not known in time is answered {@code settlement_pending}, with the
     * transaction reference, and a later call answers the real outcome.
     */
    public SettleResponse settle(FacilitatorRequest request) {
        PaymentContext ctx = context(request);
        SettleResponse response = settleInternal(ctx);
        if (response.success()) {
            each(h -> h.afterSettle(ctx, response), "afterSettle");
        } else {
            each(h -> h.onSettleFailure(ctx, response), "onSettleFailure");
        }
        return response;
    }

    private SettleResponse settleInternal(PaymentContext ctx) {
        PaymentRequirements req = ctx.requirements();
        String network = req.network();
        Scheme scheme;
        PaymentId id;
        try {
            scheme = schemeFor(req);
            id = scheme.paymentId(ctx.payload(), req);
        } catch (InvalidPaymentException e) {
            return SettleResponse.failure(e.reason().wire(), e.detail(), null, "", network);
        } catch (RuntimeException e) {
            log.warn("settle on {} could not derive the payment id: {}", network, e.toString());
            return SettleResponse.failure(ErrorReason.UNEXPECTED_SETTLE_ERROR.wire(), faultMessage(e), null, "", network);
        }
        String fingerprint = fingerprint(ctx.payload(), req);

        // A payment already in the ledger is answered from it: nothing is sent again.
        Optional<SettlementRecord> known = settlements.find(id);
        if (known.isPresent() && known.get().fingerprint().equals(fingerprint)) {
            return awaitOutcome(scheme, known.get());
        }

        VerifyResult verified = verifyInternal(ctx);
        if (verified instanceof VerifyResult.Invalid invalid) {
            // A concurrent call may have claimed and settled this very payment while we verified (the chain then
            // says its nonce is used): answer that settlement's outcome, not a consequence of its success.
            Optional<SettlementRecord> meanwhile = settlements.find(id);
            if (meanwhile.isPresent() && meanwhile.get().fingerprint().equals(fingerprint)) {
                return awaitOutcome(scheme, meanwhile.get());
            }
            return SettleResponse.failure(invalid.reason().wire(), invalid.message(), invalid.payer(), "", network);
        }
        String payer = verified.payer();
        for (FacilitatorHook hook : hooks) {
            if (hook.beforeSettle(ctx) instanceof HookDecision.Abort abort) {
                return SettleResponse.failure(abort.reason().wire(), abort.message(), payer, "", network);
            }
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
                return awaitOutcome(scheme, existing);
            }
            case SettlementStore.Claim.Won won -> {
                return settleClaimed(scheme, ctx, id, token, payer);
            }
        }
    }

    /** This call owns the payment: sign, record, send, confirm, record. */
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
            return SettleResponse.failure(ErrorReason.UNEXPECTED_SETTLE_ERROR.wire(), faultMessage(e), payer, "", network);
        }

        try {
            settlements.markSubmitted(id, token, tx, clock.instant());
        } catch (InvalidTransitionException lostClaim) {
            // The claim was released as stale while we were signing; someone else owns the payment now.
            scheme.abandon(tx);
            return settlements.find(id)
                    .map(r -> awaitOutcome(scheme, r))
                    .orElseGet(() -> SettleResponse.failure(
                            ErrorReason.SETTLEMENT_PENDING.wire(), "settlement was interrupted; retry", payer, "", network));
        } catch (RuntimeException storeFault) {
            // Not recorded (as far as we know), so never sent: give back what the transaction reserved (its nonce).
            scheme.abandon(tx);
            throw storeFault;
        }

        InFlight sending = new InFlight(tx);
        try {
            send(scheme, id, sending, () -> Optional.of(scheme.prepareSettlement(ctx.payload(), ctx.requirements())));
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
                    .map(r -> awaitOutcome(scheme, r))
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

    /** The transaction a settlement is sending: the one last recorded in the ledger. */
    private static final class InFlight {
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
    private void send(Scheme scheme, PaymentId id, InFlight sending, Supplier<Optional<SignedTransaction>> resign) {
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
    private SettlementRecord recordReplacement(
            Scheme scheme, PaymentId id, SignedTransaction current, SignedTransaction replacement) {
        try {
            return settlements.markReplaced(id, current.reference(), replacement, clock.instant());
        } catch (RuntimeException e) {
            scheme.abandon(replacement);
            throw e;
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

    /**
     * Another call owns this payment, or owned it: wait for its outcome without sending anything. The wait ends
     * {@code duplicateWait} after the record's last change, when the owner's own confirmation has given up, so a
     * retry of a settlement answered {@code settlement_pending} long ago (or left by a crashed instance) looks at the
     * chain at once instead of waiting again. While the record is SUBMITTED the chain is asked every
     * {@link #CHAIN_LOOK_INTERVAL}, so a transaction mined while its owner is gone is answered as soon as it lands.
     */
    private SettleResponse awaitOutcome(Scheme scheme, SettlementRecord record) {
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
                current = reconcileOne(scheme, current, Duration.ZERO);
                nextChainLook = clock.instant().plus(CHAIN_LOOK_INTERVAL);
            }
        }
        if (current.state() == SettlementState.SUBMITTED) {
            current = reconcileOne(scheme, current, Duration.ZERO);
        }
        return fromRecord(current);
    }

    private static SettleResponse fromRecord(SettlementRecord r) {
        return switch (r.state()) {
            case CONFIRMED -> SettleResponse.success(r.payer(), r.transaction(), r.network(), null);
            case FAILED -> SettleResponse.failure(r.errorReason(), r.errorMessage(), r.payer(), r.transaction(), r.network());
            case CLAIMED, SUBMITTED -> pending(r.payer(), r.transaction(), r.network());
        };
    }

    private static SettleResponse pending(String payer, String transaction, String network) {
        return SettleResponse.failure(
                ErrorReason.SETTLEMENT_PENDING.wire(),
                "the settlement transaction was sent but its outcome is not known yet; retry to get it",
                payer, transaction, network);
    }

    // ---------------------------------------------------------------- reconcile

    /**
     * Counts of what one {@link #reconcile()} pass did.
     *
     * @param replaced settlements whose transaction got a replacement recorded and sent (a fee bump, or the payment
     *     signed anew because its nonce was taken); they are also counted as confirmed, failed or still pending
     */
    public record ReconcileReport(int confirmed, int failed, int stillPending, int released, int replaced) {}

    /**
     * Finishes settlements left unfinished by a crash or a timeout. A SUBMITTED settlement's transactions are all
     * looked up on-chain, and whichever landed decides. If none did: the current one is sent again (the very same
     * bytes) only if the node does not have it; if the node says its nonce is taken by another sender, the payment is
     * signed anew; and if it has been pending longer than {@link Builder#replaceAfter}, the scheme may replace it with
     * a higher fee. Every replacement is recorded before it is sent. A CLAIMED entry that never got a transaction is
     * released. Safe to run from several instances at once.
     */
    public ReconcileReport reconcile() {
        int confirmed = 0, failed = 0, pending = 0, released = 0, replaced = 0;
        for (SettlementRecord r : settlements.findUnfinished(clock.instant().minus(staleAfter), 500)) {
            Scheme scheme = schemes.get(new SchemeKey(r.scheme(), r.network()));
            if (scheme == null) {
                pending++; // configured away; leave it for an instance that serves this network
                continue;
            }
            if (r.state() == SettlementState.CLAIMED) {
                settlements.release(r.id(), r.claimToken());
                released++;
                continue;
            }
            SettlementRecord after = reconcileOne(scheme, r, Duration.ZERO);
            if (after.transactions().size() > r.transactions().size()) {
                replaced++;
            }
            switch (after.state()) {
                case CONFIRMED -> confirmed++;
                case FAILED -> failed++;
                case CLAIMED, SUBMITTED -> pending++;
            }
        }
        return new ReconcileReport(confirmed, failed, pending, released, replaced);
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

    private SettlementRecord reconcileOne(Scheme scheme, SettlementRecord record, Duration wait) {
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
                    if (look.anySeen() || resigns >= MAX_RESIGNS) {
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
                    r = recordReplacement(scheme, r.id(), current.get(), fresh.get());
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
        SettlementRecord replaced = recordReplacement(scheme, r.id(), stuck.get(), bumped.get());
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

    // ---------------------------------------------------------------- supported / accepts

    /** What this facilitator serves: one kind per scheme, network and protocol version, and its signers. */
    public SupportedResponse supported() {
        List<SupportedKind> kinds = new ArrayList<>();
        Map<String, List<String>> signers = new TreeMap<>();
        schemes.values().stream()
                .sorted(java.util.Comparator.comparing((Scheme s) -> s.network().toString()).thenComparing(Scheme::scheme))
                .forEach(s -> {
                    kinds.addAll(s.supported());
                    List<String> family = signers.computeIfAbsent(s.network().namespace() + ":*", k -> new ArrayList<>());
                    s.signerAddresses().stream().filter(a -> !family.contains(a)).forEach(family::add);
                });
        return new SupportedResponse(kinds, List.of(), signers);
    }

    /**
     * Keeps the offers of {@code required} this facilitator can settle and completes each (scheme {@code enrich}),
     * so a resource server can build its 402 from it. Offers it cannot serve are dropped.
     */
    public PaymentRequired accepts(PaymentRequired required) {
        List<PaymentRequirements> served = new ArrayList<>();
        for (PaymentRequirements r : required.accepts()) {
            Scheme s = schemes.get(new SchemeKey(r.scheme(), networks.resolve(r.network()).map(n -> n.chainId().toString()).orElse(r.network())));
            if (s != null) {
                served.add(s.enrich(r.withNetwork(s.network().toString())));
            }
        }
        return new PaymentRequired(2, required.error(), required.resource(), served, required.extensions());
    }

    /** The networks this facilitator knows by name (the catalogue plus any added when building it). */
    public NetworkRegistry networks() {
        return networks;
    }

    public SessionStore sessions() {
        return sessions;
    }

    public TrackingStore tracking() {
        return tracking;
    }

    public Clock clock() {
        return clock;
    }

    // ---------------------------------------------------------------- helpers

    private Scheme schemeFor(PaymentRequirements req) {
        Scheme s = schemes.get(new SchemeKey(req.scheme(), req.network()));
        if (s != null) {
            return s;
        }
        boolean networkServed = schemes.keySet().stream().anyMatch(k -> k.network().equals(req.network()));
        if (networkServed) {
            throw new InvalidPaymentException(
                    ErrorReason.UNSUPPORTED_SCHEME, "scheme '" + req.scheme() + "' is not supported on " + req.network());
        }
        throw new InvalidPaymentException(ErrorReason.INVALID_NETWORK, "network '" + req.network() + "' is not supported");
    }

    private PaymentContext context(FacilitatorRequest request) {
        return new PaymentContext(request.x402Version(), request.paymentPayload(), request.paymentRequirements(), clock.instant());
    }

    private void each(Consumer<FacilitatorHook> call, String what) {
        for (FacilitatorHook hook : hooks) {
            try {
                call.accept(hook);
            } catch (RuntimeException e) {
                log.warn("hook {}.{} threw {}; ignored", hook.getClass().getName(), what, e.toString());
            }
        }
    }

    /** A fault's description for the wire: its kind and message, never a stack trace. */
    private static String faultMessage(RuntimeException e) {
        return e instanceof X402Exception ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** SHA-256 of the canonical JSON (keys sorted) of the payment proof and the requirements. */
    static String fingerprint(PaymentPayload payload, PaymentRequirements requirements) {
        ObjectNode both = X402Json.mapper().createObjectNode();
        both.set("payload", payload.payload());
        both.set("requirements", X402Json.mapper().valueToTree(requirements));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(X402Json.write(sorted(both))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode o) {
            ObjectNode out = X402Json.mapper().createObjectNode();
            new TreeMap<String, JsonNode>(toMap(o)).forEach((k, v) -> out.set(k, sorted(v)));
            return out;
        }
        if (node.isArray()) {
            var out = X402Json.mapper().createArrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }

    private static Map<String, JsonNode> toMap(ObjectNode o) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        o.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    // ---------------------------------------------------------------- builder

    /** Builds a {@link Facilitator}; {@link #build()} lists every problem at once. Not thread-safe. */
    public static final class Builder {
        private final Map<SchemeKey, Scheme> schemes = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private SettlementStore settlements = new InMemorySettlementStore();
        private SessionStore sessions = new InMemorySessionStore();
        private TrackingStore tracking = new InMemoryTrackingStore();
        private final List<FacilitatorHook> hooks = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private NetworkRegistry networks = NetworkRegistry.defaults();
        private Duration confirmTimeout = Duration.ofSeconds(30);
        private Duration duplicateWait;
        private Duration staleAfter = Duration.ofMinutes(2);
        private Duration replaceAfter = Duration.ofMinutes(3);

        private Builder() {}

        /** Registers a scheme; one per (scheme, network). */
        public Builder scheme(Scheme scheme) {
            Objects.requireNonNull(scheme, "scheme");
            SchemeKey key = new SchemeKey(scheme.scheme(), scheme.network().toString());
            if (schemes.putIfAbsent(key, scheme) != null) {
                problems.add("scheme '" + key.scheme() + "' on " + key.network() + " is registered twice");
            }
            return this;
        }

        public Builder schemes(Iterable<? extends Scheme> all) {
            all.forEach(this::scheme);
            return this;
        }

        public Builder settlementStore(SettlementStore store) {
            this.settlements = Objects.requireNonNull(store, "settlementStore");
            return this;
        }

        public Builder sessionStore(SessionStore store) {
            this.sessions = Objects.requireNonNull(store, "sessionStore");
            return this;
        }

        public Builder trackingStore(TrackingStore store) {
            this.tracking = Objects.requireNonNull(store, "trackingStore");
            return this;
        }

        public Builder hook(FacilitatorHook hook) {
            hooks.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The network names understood (v1 names, /accepts); defaults to the built-in catalogue. */
        public Builder networks(NetworkRegistry networks) {
            this.networks = Objects.requireNonNull(networks, "networks");
            return this;
        }

        /** How long a settle call waits for its transaction's outcome before answering {@code settlement_pending}. */
        public Builder confirmTimeout(Duration timeout) {
            this.confirmTimeout = positive(timeout, "confirmTimeout");
            return this;
        }

        /** How long a duplicate settle call waits for the first one's outcome; defaults to confirmTimeout + 5 s. */
        public Builder duplicateWait(Duration wait) {
            this.duplicateWait = positive(wait, "duplicateWait");
            return this;
        }

        /** Age after which {@link #reconcile()} takes an unfinished settlement over. */
        public Builder staleAfter(Duration age) {
            this.staleAfter = positive(age, "staleAfter");
            return this;
        }

        /**
         * How long a settlement transaction may stay pending before {@link #reconcile()} asks the scheme for a
         * replacement at a higher fee ({@link Scheme#replaceStuck}); counted from when the transaction was recorded.
         * Reconcile only looks at settlements unchanged for {@link #staleAfter}, so the wait is at least that long.
         * Default 3 minutes.
         */
        public Builder replaceAfter(Duration age) {
            this.replaceAfter = positive(age, "replaceAfter");
            return this;
        }

        private Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                problems.add(name + " must be a positive duration");
                return Duration.ofSeconds(1);
            }
            return d;
        }

        public Facilitator build() {
            List<String> all = new ArrayList<>(problems);
            if (schemes.isEmpty()) {
                all.add("no scheme is registered");
            }
            if (!all.isEmpty()) {
                throw new IllegalStateException("cannot build the facilitator: " + String.join("; ", all));
            }
            if (duplicateWait == null) {
                duplicateWait = confirmTimeout.plusSeconds(5);
            }
            return new Facilitator(this);
        }
    }
}
