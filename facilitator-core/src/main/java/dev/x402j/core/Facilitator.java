package dev.x402j.core;

import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.core.model.VerifyResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
    /** How long settle waits for the chain by default before answering {@code settlement_pending}. */
    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    // The work is shared out: SchemeRegistry (which scheme serves what), PaymentVerifier, SettlementProtocol (the
    // ledger's claim → submit → confirm, with ResigningSender and DuplicateWaiter), SettlementReconciler, HookChain.
    private final SchemeRegistry schemes;
    private final SessionStore sessions;
    private final TrackingStore tracking;
    private final HookChain hooks;
    private final Clock clock;
    private final NetworkRegistry networks;
    private final PaymentVerifier verifier;
    private final SettlementProtocol settlement;
    private final SettlementReconciler reconciler;

    private Facilitator(Builder b) {
        this.schemes = new SchemeRegistry(b.schemes);
        this.sessions = b.sessions;
        this.tracking = b.tracking;
        this.hooks = new HookChain(b.hooks);
        this.clock = b.clock;
        this.networks = b.networks;
        ResigningSender sender = new ResigningSender(b.settlements, clock);
        this.reconciler = new SettlementReconciler(schemes, b.settlements, sender, clock, b.staleAfter, b.replaceAfter);
        DuplicateWaiter duplicates = new DuplicateWaiter(b.settlements, reconciler, clock, b.duplicateWait);
        this.verifier = new PaymentVerifier(schemes, hooks, b.settlements);
        this.settlement = new SettlementProtocol(
                schemes, verifier, hooks, b.settlements, sender, duplicates, clock, b.confirmTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- verify

    /** Verifies a payment against its requirements. Never throws for a bad payment or a chain fault. */
    public VerifyResponse verify(FacilitatorRequest request) {
        PaymentContext ctx = context(request);
        VerifyResult result = verifier.verify(ctx);
        return switch (result) {
            case VerifyResult.Valid v -> VerifyResponse.valid(v.payer());
            case VerifyResult.Invalid i -> VerifyResponse.invalid(i.reason().wire(), i.message(), i.payer());
        };
    }

    // ---------------------------------------------------------------- settle

    /**
     * Settles a payment: verifies it again, then moves the money once. Never throws for a bad payment or a chain
     * fault; a settlement whose outcome is not known in time is answered {@code settlement_pending}, with the
     * transaction reference, and a later call answers the real outcome.
     */
    public SettleResponse settle(FacilitatorRequest request) {
        PaymentContext ctx = context(request);
        SettleResponse response = settlement.settle(ctx);
        hooks.afterSettle(ctx, response);
        return response;
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
        return reconciler.pass();
    }

    // ---------------------------------------------------------------- supported / accepts

    /** What this facilitator serves: one kind per scheme, network and protocol version, and its signers. */
    public SupportedResponse supported() {
        return schemes.supported();
    }

    /**
     * Keeps the offers of {@code required} this facilitator can settle and completes each (scheme {@code enrich}),
     * so a resource server can build its 402 from it. Offers it cannot serve are dropped.
     */
    public PaymentRequired accepts(PaymentRequired required) {
        return schemes.accepts(required, networks);
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

    private PaymentContext context(FacilitatorRequest request) {
        return new PaymentContext(request.x402Version(), request.paymentPayload(), request.paymentRequirements(), clock.instant());
    }

    // ---------------------------------------------------------------- builder

    /** Builds a {@link Facilitator}; {@link #build()} lists every problem at once. Not thread-safe. */
    public static final class Builder {
        private final Map<SchemeRegistry.Key, Scheme> schemes = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private SettlementStore settlements = new InMemorySettlementStore();
        private SessionStore sessions = new InMemorySessionStore();
        private TrackingStore tracking = new InMemoryTrackingStore();
        private final List<FacilitatorHook> hooks = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private NetworkRegistry networks = NetworkRegistry.defaults();
        private Duration confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
        private Duration duplicateWait;
        private Duration staleAfter = Duration.ofMinutes(2);
        private Duration replaceAfter = Duration.ofMinutes(3);

        private Builder() {}

        /** Registers a scheme; one per (scheme, network). */
        public Builder scheme(Scheme scheme) {
            Objects.requireNonNull(scheme, "scheme");
            SchemeRegistry.Key key = SchemeRegistry.Key.of(scheme);
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
