package dev.x402j.core.gate;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.model.SettleResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resource-server side of x402, free of any web framework: for each request, {@link #check} answers a 402 with
 * the route's offers, or admits a verified payment; after the handler ran, {@link #complete} settles it (never when
 * the handler failed) and gives the {@code PAYMENT-RESPONSE} header. A framework binding calls these two methods.
 *
 * <p>The client's payment is verified against the gate's own offer, never against what the client claims it
 * accepted. A payment admitted and not yet completed is refused to any other request ({@code duplicate_settlement})
 * within this gate; across several server instances the facilitator still moves the money only once. Every admitted
 * request must be completed, or {@linkplain #finish finished} when its response ends without completion.
 *
 * <p><b>Tracking.</b> Given a {@link TrackingStore} ({@link Builder#tracking(TrackingStore)}), the gate records every
 * request to a paid route as a {@link dev.x402j.core.TrackedPayment}: it starts when {@link #check} sees the request
 * (method, resource URL without its query, the route's preferred offer, {@code startedAt} from the gate's clock),
 * records the 402 or refusal, the verification (payer, or the reason it failed), the settlement (transaction, network,
 * amount, {@code SETTLED}, {@code SETTLEMENT_PENDING} or {@code SETTLE_FAILED}) and ends ({@code finishedAt}) when the
 * request is answered: at once for a 402/400/502, in {@link #complete} for an admitted one, in {@link #finish} for one
 * whose response ended without completion. A verified payment that is not charged (the handler failed, or the
 * response was abandoned) ends as {@code VERIFIED} with {@code errorReason} {@value #HANDLER_FAILED} or
 * {@value #ABANDONED}. The gate has no {@code upto} sessions, so records carry none. Writing is best effort and, by
 * default, asynchronous ({@link TrackingOptions}): a failing or hanging store never changes a payment's outcome nor
 * makes a request wait. No payment signature or payload is ever recorded. {@link #close()} flushes pending writes.
 * Without a store nothing is recorded.
 */
public final class PaymentGate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PaymentGate.class);

    /** {@code errorReason} of a verified payment not charged because its handler failed (status 400 or more, or threw). */
    public static final String HANDLER_FAILED = "handler_failed";
    /** {@code errorReason} of a verified payment not charged because its response ended before it was completed. */
    public static final String ABANDONED = "abandoned";
    /** {@code errorReason} when the facilitator could not be reached. */
    static final String FACILITATOR_UNAVAILABLE = "facilitator_unavailable";

    private final List<PaidRoute> routes;
    private final RouteOffers offers;
    private final InFlightPayments inFlight = new InFlightPayments();
    private final PaymentAdmission admission;
    private final PaymentSettler settler;
    /** Writes the tracking records; null when the gate does not track. */
    private final PaymentTracker tracker;

    private PaymentGate(Builder b) {
        this.routes = List.copyOf(b.routes);
        this.offers = new RouteOffers(routes, b.networks, b.facilitator, b.useAccepts, b.acceptsTtl, b.clock);
        GateResponses responses = new GateResponses(offers, b.networks);
        PaymentHeaderReader headers = new PaymentHeaderReader(b.headerAliases, b.networks);
        this.admission = new PaymentAdmission(b.facilitator, offers, headers, inFlight, responses, b.settleBeforeHandler);
        this.settler = new PaymentSettler(b.facilitator, responses);
        this.tracker = b.trackingStore == null ? null : new PaymentTracker(b.trackingStore, b.trackingOptions, b.clock);
    }

    public static Builder builder(FacilitatorClient facilitator) {
        return new Builder(facilitator);
    }

    /**
     * The route this request falls under, if it is paid. Paths are compared in a normal form (trailing and doubled
     * slashes, dot segments and escaped unreserved characters folded; see {@code RequestPaths}) and HEAD is charged as
     * GET, so that no spelling a router serves with a paid handler is free.
     */
    public Optional<PaidRoute> route(String method, String path) {
        return routes.stream().filter(r -> r.matches(method, path)).findFirst();
    }

    /**
     * Decides what to do with a request before its handler runs. A request to a paid route starts being tracked here;
     * when the answer is a {@link GateResult.Respond} its record is complete when this returns.
     */
    public GateResult check(GateRequest request) {
        Optional<PaidRoute> match = route(request.method(), request.path());
        if (match.isEmpty()) {
            return new GateResult.Free();
        }
        PaidRoute route = match.get();
        TrackedRequest tracked = tracker == null
                ? TrackedRequest.untracked()
                : tracker.start(request.method(), PaymentTracker.withoutQuery(request.url()));
        tracked.offered(offers.own(route).getFirst());
        try {
            GateResult result = admission.decide(request, route, tracked);
            if (!(result instanceof GateResult.Admitted)) {
                tracked.end();
            }
            return result;
        } catch (RuntimeException | Error e) {
            tracked.failedUnexpectedly(ErrorReason.UNEXPECTED_VERIFY_ERROR.wire());
            tracked.end();
            throw e;
        }
    }

    /** What to do once the handler has run with {@code handlerStatus}. */
    public sealed interface Completion {
        /** Send the handler's response, adding these headers (empty when nothing was settled). */
        record Deliver(Map<String, String> headers, SettleResponse settlement) implements Completion {
            public Deliver {
                headers = Map.copyOf(headers);
            }
        }

        /** Settlement failed: discard the handler's response and send this 402 instead. */
        record Refuse(GateResult.Respond response) implements Completion {}
    }

    /**
     * Settles an admitted payment after a successful handler (status below 400); a failed handler is not charged. A
     * settlement still pending on-chain delivers the content: the payer may well have paid. Ends the request's tracking
     * record. Calling it again returns the first answer and settles nothing; after {@link #finish} it settles nothing.
     */
    public Completion complete(GateResult.Admitted admitted, int handlerStatus) {
        TrackedRequest tracked = admitted.tracking();
        if (!tracked.claimCompletion()) {
            return tracked.completion().orElseGet(() -> {
                log.debug("x402j: complete() after the response of {} was abandoned: nothing settled", tracked);
                return new Completion.Deliver(Map.of(), null);
            });
        }
        try {
            Completion done = settler.settle(admitted, handlerStatus, tracked);
            tracked.completedWith(done);
            return done;
        } catch (RuntimeException | Error e) {
            tracked.completionFailedUnexpectedly(ErrorReason.UNEXPECTED_SETTLE_ERROR.wire());
            throw e;
        } finally {
            inFlight.release(admitted.payment(), tracked);
            tracked.end();
        }
    }

    /**
     * Ends an admitted request whose response is over, however it ended; call it when the response is done (sent,
     * failed, or the client went away), in a {@code finally}. After {@link #complete} it does nothing. Without it — the
     * handler threw past the binding, the client disconnected before completion — the payment is released unsettled
     * (its client may use it again) and its tracking record ends as {@code VERIFIED} with {@code errorReason}
     * {@value #ABANDONED} (a payment settled before the handler keeps its settlement). Idempotent; never settles.
     */
    public void finish(GateResult.Admitted admitted) {
        TrackedRequest tracked = admitted.tracking();
        if (!tracked.abandon()) {
            return;
        }
        inFlight.release(admitted.payment(), tracked);
        tracked.notCharged(ABANDONED);
        tracked.end();
    }

    /**
     * Stops tracking: waits at most {@link TrackingOptions#closeTimeout()} for pending tracking writes (what is left is
     * reported to {@link TrackingOptions#onFailure()}). Payments keep working; their later records are reported as
     * {@link TrackingFailure.Kind#CLOSED} instead of written. Idempotent; does nothing when the gate does not track.
     */
    @Override
    public void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    /** Configures a {@link PaymentGate}; {@link #build()} fails fast on a bad offer. Not thread-safe. */
    public static final class Builder {
        private final FacilitatorClient facilitator;
        private final List<PaidRoute> routes = new ArrayList<>();
        private final List<String> headerAliases = new ArrayList<>();
        private NetworkRegistry networks = NetworkRegistry.defaults();
        private boolean settleBeforeHandler;
        private boolean useAccepts;
        private Duration acceptsTtl = Duration.ofMinutes(5);
        private Clock clock = Clock.systemUTC();
        private TrackingStore trackingStore;
        private TrackingOptions trackingOptions = TrackingOptions.defaults();

        private Builder(FacilitatorClient facilitator) {
            this.facilitator = Objects.requireNonNull(facilitator, "facilitator");
        }

        public Builder route(PaidRoute route) {
            routes.add(Objects.requireNonNull(route, "route"));
            return this;
        }

        public Builder networks(NetworkRegistry networks) {
            this.networks = Objects.requireNonNull(networks, "networks");
            return this;
        }

        /** Settle before running the handler (default: after a successful handler). */
        public Builder settleBeforeHandler(boolean before) {
            this.settleBeforeHandler = before;
            return this;
        }

        /** Complete offers through the facilitator's {@code POST /accepts}, cached for {@code ttl}. */
        public Builder useAccepts(Duration ttl) {
            this.useAccepts = true;
            this.acceptsTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** Another request header that may carry the payment, for clients that use a custom name. */
        public Builder paymentHeaderAlias(String header) {
            headerAliases.add(header.toUpperCase(Locale.ROOT));
            return this;
        }

        /** The clock of offers' caches and of tracking records' {@code startedAt}/{@code finishedAt}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Track every request to a paid route into {@code store}, with {@link TrackingOptions#defaults()}. */
        public Builder tracking(TrackingStore store) {
            return tracking(store, TrackingOptions.defaults());
        }

        /** Track every request to a paid route into {@code store}, written as {@code options} say. */
        public Builder tracking(TrackingStore store, TrackingOptions options) {
            this.trackingStore = Objects.requireNonNull(store, "store");
            this.trackingOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        public PaymentGate build() {
            if (routes.isEmpty()) {
                throw new IllegalStateException("a payment gate needs at least one paid route");
            }
            List<String> problems = new ArrayList<>();
            Map<String, PaidRoute> seen = new LinkedHashMap<>();
            for (PaidRoute r : routes) {
                if (seen.putIfAbsent(r.method() + " " + r.pathPattern(), r) != null) {
                    problems.add("route " + r.method() + " " + r.pathPattern() + " is declared twice");
                }
                for (Offer o : r.offers()) {
                    try {
                        o.toRequirements(networks);
                    } catch (IllegalArgumentException e) {
                        problems.add("route " + r.method() + " " + r.pathPattern() + ": " + e.getMessage());
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("cannot build the payment gate: " + String.join("; ", problems));
            }
            return new PaymentGate(this);
        }
    }
}
