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

    private final Map<SchemeKey, Scheme> schemes;
    private final SettlementStore settlements;
    private final SessionStore sessions;
    private final TrackingStore tracking;
    private final List<FacilitatorHook> hooks;
    private final Clock clock;
    private final NetworkRegistry networks;
    private final Duration confirmTimeout;
    private final Duration duplicateWait;
    private final Duration staleAfter;

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
            return settlements.find(id)
                    .map(r -> awaitOutcome(scheme, r))
                    .orElseGet(() -> SettleResponse.failure(
                            ErrorReason.SETTLEMENT_PENDING.wire(), "settlement was interrupted; retry", payer, "", network));
        }

        try {
            scheme.broadcast(tx);
        } catch (BroadcastRejectedException e) {
            // Refused outright by the node: it will never be mined, so the payment is still unsettled.
            settlements.markFailed(id, e.reason(), e.getMessage(), clock.instant());
            log.warn("settle {} on {}: broadcast refused: {}", id, network, e.getMessage());
            return SettleResponse.failure(e.reason().wire(), e.getMessage(), payer, tx.reference(), network);
        } catch (RuntimeException e) {
            // Unknown whether the node has it: the ledger keeps it SUBMITTED and the reconciler finishes it.
            log.warn("settle {} on {}: broadcast of {} not acknowledged: {}", id, network, tx.reference(), e.toString());
            return pending(payer, tx.reference(), network);
        }

        Confirmation confirmation;
        try {
            confirmation = scheme.confirm(tx.reference(), confirmTimeout);
        } catch (RuntimeException e) {
            log.warn("settle {} on {}: confirming {} failed: {}", id, network, tx.reference(), e.toString());
            return pending(payer, tx.reference(), network);
        }
        return record(id, confirmation, payer, network);
    }

    private SettleResponse record(PaymentId id, Confirmation confirmation, String payer, String network) {
        return switch (confirmation) {
            case Confirmation.Confirmed c -> {
                settlements.markConfirmed(id, clock.instant());
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
     * Another call owns this payment: wait for its outcome without sending anything. If the owner seems gone (the
     * record is SUBMITTED and does not move), ask the chain once.
     */
    private SettleResponse awaitOutcome(Scheme scheme, SettlementRecord record) {
        Instant deadline = clock.instant().plus(duplicateWait);
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

    /** Counts of what one {@link #reconcile()} pass did. */
    public record ReconcileReport(int confirmed, int failed, int stillPending, int released) {}

    /**
     * Finishes settlements left unfinished by a crash or a timeout: a SUBMITTED transaction is looked up on-chain
     * (and re-sent, as the very same bytes, if the chain has not seen it); a CLAIMED entry that never got a
     * transaction is released. Safe to run from several instances at once.
     */
    public ReconcileReport reconcile() {
        int confirmed = 0, failed = 0, pending = 0, released = 0;
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
            switch (reconcileOne(scheme, r, Duration.ZERO).state()) {
                case CONFIRMED -> confirmed++;
                case FAILED -> failed++;
                case CLAIMED, SUBMITTED -> pending++;
            }
        }
        return new ReconcileReport(confirmed, failed, pending, released);
    }

    private SettlementRecord reconcileOne(Scheme scheme, SettlementRecord r, Duration wait) {
        try {
            Confirmation c = scheme.confirm(r.transaction(), wait);
            if (c instanceof Confirmation.Pending && r.signedTransaction() != null) {
                scheme.broadcast(new SignedTransaction(r.transaction(), r.signedTransaction()));
            }
            return switch (c) {
                case Confirmation.Confirmed ok -> settlements.markConfirmed(r.id(), clock.instant());
                case Confirmation.Failed f -> settlements.markFailed(r.id(), f.reason(), f.message(), clock.instant());
                case Confirmation.Pending p -> r;
            };
        } catch (BroadcastRejectedException e) {
            log.info("reconcile {}: re-sent transaction {} refused: {}", r.id(), r.transaction(), e.getMessage());
            return r; // e.g. "nonce too low" because it was mined meanwhile: the next look-up decides
        } catch (RuntimeException e) {
            log.warn("reconcile {}: {}", r.id(), e.toString());
            return r;
        }
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
