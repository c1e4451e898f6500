package dev.x402j.core.gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.wire.MalformedPaymentException;
import dev.x402j.core.wire.PaymentHeaders;
import dev.x402j.core.wire.V1;
import dev.x402j.core.wire.X402Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
    private final FacilitatorClient facilitator;
    private final NetworkRegistry networks;
    private final boolean settleBeforeHandler;
    private final boolean useAccepts;
    private final Duration acceptsTtl;
    private final List<String> paymentHeaders;
    private final Clock clock;
    private final Map<PaidRoute, List<PaymentRequirements>> staticOffers = new ConcurrentHashMap<>();
    private final Map<PaidRoute, Cached> acceptsCache = new ConcurrentHashMap<>();
    /** Payments admitted and not yet completed, and their requests: the same payment cannot buy two responses at once. */
    private final Map<String, TrackedRequest> inFlight = new ConcurrentHashMap<>();
    /** Writes the tracking records; null when the gate does not track. */
    private final PaymentTracker tracker;

    private record Cached(List<PaymentRequirements> offers, Instant until) {}

    private PaymentGate(Builder b) {
        this.routes = List.copyOf(b.routes);
        this.facilitator = b.facilitator;
        this.networks = b.networks;
        this.settleBeforeHandler = b.settleBeforeHandler;
        this.useAccepts = b.useAccepts;
        this.acceptsTtl = b.acceptsTtl;
        this.clock = b.clock;
        List<String> headers = new ArrayList<>(List.of(PaymentHeaders.PAYMENT_SIGNATURE, PaymentHeaders.X_PAYMENT));
        headers.addAll(b.headerAliases);
        this.paymentHeaders = List.copyOf(headers);
        // Resolve every price once, now: a bad offer stops start-up instead of failing a customer's request.
        for (PaidRoute r : routes) {
            staticOffers.put(r, r.offers().stream().map(o -> o.toRequirements(networks)).toList());
        }
        this.tracker = b.trackingStore == null ? null : new PaymentTracker(b.trackingStore, b.trackingOptions, b.clock);
    }

    public static Builder builder(FacilitatorClient facilitator) {
        return new Builder(facilitator);
    }

    /** The route this request falls under, if it is paid. */
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
                : tracker.start(request.method(), withoutQuery(request.url()));
        tracked.offered(staticOffers.get(route).getFirst());
        try {
            GateResult result = checkPaid(request, route, tracked);
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

    private GateResult checkPaid(GateRequest request, PaidRoute route, TrackedRequest tracked) {
        ResourceInfo resource = new ResourceInfo(request.url(), route.description(), route.mimeType());

        Optional<Map.Entry<String, String>> header = paymentHeader(request);
        if (header.isEmpty()) {
            // First contact: a browser gets the paywall page, a program the 402 JSON.
            tracked.paymentRequired(null);
            return paymentRequiredFor(route, resource, "Payment required", 2, request.wantsHtml());
        }
        String headerName = header.get().getKey();
        int clientVersion = headerName.equalsIgnoreCase(PaymentHeaders.X_PAYMENT) ? 1 : 2;
        List<PaymentRequirements> offers;
        try {
            offers = offers(route, resource);
        } catch (FacilitatorUnavailableException e) {
            tracked.verifyFailed(FACILITATOR_UNAVAILABLE, null);
            return facilitatorDown(e);
        }

        PaymentPayload payment;
        try {
            payment = PaymentHeaders.decodePayment(headerName, header.get().getValue(), offers, networks);
        } catch (MalformedPaymentException e) {
            tracked.verifyFailed(e.reason().wire(), null);
            return json(400, Map.of(), error(e.reason().wire(), e.getMessage()));
        }
        Optional<PaymentRequirements> offer = offers.stream().filter(o -> sameTerms(o, payment.accepted())).findFirst();
        if (offer.isEmpty()) {
            tracked.verifyFailed(ErrorReason.INVALID_PAYMENT_REQUIREMENTS.wire(), null);
            return paymentRequiredFor(route, resource, ErrorReason.INVALID_PAYMENT_REQUIREMENTS.wire()
                    + ": the payment does not match any offer of this route", clientVersion, false);
        }
        tracked.offered(offer.get());
        // The facilitator settles a payment once, but answers every settle of it alike: without this guard two
        // concurrent requests carrying the same payment would both be served.
        String key = paymentKey(payment);
        if (inFlight.putIfAbsent(key, tracked) != null) {
            tracked.verifyFailed(ErrorReason.DUPLICATE_SETTLEMENT.wire(), null);
            return paymentRequiredFor(route, resource, ErrorReason.DUPLICATE_SETTLEMENT.wire()
                    + ": this payment is already in use by another request", clientVersion, false);
        }
        GateResult result = null;
        try {
            result = verifyAndAdmit(route, resource, payment, offer.get(), clientVersion, tracked);
            return result;
        } finally {
            if (!(result instanceof GateResult.Admitted)) {
                inFlight.remove(key, tracked);
            }
        }
    }

    private GateResult verifyAndAdmit(PaidRoute route, ResourceInfo resource, PaymentPayload payment,
            PaymentRequirements offer, int clientVersion, TrackedRequest tracked) {
        FacilitatorRequest verifyRequest = new FacilitatorRequest(2, payment, offer);
        VerifyResponse verified;
        try {
            verified = facilitator.verify(verifyRequest);
        } catch (FacilitatorUnavailableException e) {
            tracked.verifyFailed(FACILITATOR_UNAVAILABLE, null);
            return facilitatorDown(e);
        }
        if (!verified.isValid()) {
            tracked.verifyFailed(verified.invalidReason(), verified.payer());
            return paymentRequiredFor(route, resource, verified.invalidReason(), clientVersion, false);
        }
        tracked.verified(verified.payer());
        SettleResponse settled = null;
        if (settleBeforeHandler) {
            tracked.write(); // settling may wait for the chain: the verification is on record meanwhile
            try {
                settled = facilitator.settle(verifyRequest);
            } catch (FacilitatorUnavailableException e) {
                tracked.settleFailed(FACILITATOR_UNAVAILABLE);
                return facilitatorDown(e);
            } catch (RuntimeException | Error e) {
                tracked.settleFailed(ErrorReason.UNEXPECTED_SETTLE_ERROR.wire());
                throw e;
            }
            tracked.settled(settled);
            if (!settled.success() && !ErrorReason.SETTLEMENT_PENDING.wire().equals(settled.errorReason())) {
                return paymentRequiredFor(route, resource, settled.errorReason(), clientVersion, false);
            }
        }
        tracked.write(); // verified (and settled, when before the handler): recorded before the handler runs
        return new GateResult.Admitted(route, offer, payment, clientVersion, verified.payer(), settled, tracked);
    }

    private static String paymentKey(PaymentPayload payment) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(X402Json.write(payment.payload()));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The resource a record names: the URL without its query or fragment (which may carry a client's tokens). */
    static String withoutQuery(String url) {
        int cut = url.length();
        int q = url.indexOf('?');
        if (q >= 0) {
            cut = q;
        }
        int f = url.indexOf('#');
        if (f >= 0 && f < cut) {
            cut = f;
        }
        return url.substring(0, cut);
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
            Completion done = settleAdmitted(admitted, handlerStatus, tracked);
            tracked.completedWith(done);
            return done;
        } catch (RuntimeException | Error e) {
            tracked.completionFailedUnexpectedly(ErrorReason.UNEXPECTED_SETTLE_ERROR.wire());
            throw e;
        } finally {
            inFlight.remove(paymentKey(admitted.payment()), tracked);
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
        inFlight.remove(paymentKey(admitted.payment()), tracked);
        tracked.notCharged(ABANDONED);
        tracked.end();
    }

    private Completion settleAdmitted(GateResult.Admitted admitted, int handlerStatus, TrackedRequest tracked) {
        SettleResponse settlement = admitted.settled();
        if (settlement == null) {
            if (handlerStatus >= 400) {
                tracked.notCharged(HANDLER_FAILED);
                return new Completion.Deliver(Map.of(), null);
            }
            try {
                settlement = facilitator.settle(new FacilitatorRequest(2, admitted.payment(), admitted.requirements()));
            } catch (FacilitatorUnavailableException e) {
                log.warn("settlement of a {} payment failed: {}", admitted.requirements().network(), e.getMessage());
                tracked.settleFailed(FACILITATOR_UNAVAILABLE);
                return new Completion.Refuse(facilitatorDown(e));
            }
            tracked.settled(settlement);
        }
        boolean pending = ErrorReason.SETTLEMENT_PENDING.wire().equals(settlement.errorReason());
        if (!settlement.success() && !pending) {
            ResourceInfo resource = admitted.payment().resource();
            return new Completion.Refuse(paymentRequiredFor(
                    admitted.route(), resource, settlement.errorReason(), admitted.version(), false));
        }
        return new Completion.Deliver(responseHeader(settlement, admitted.version()), settlement);
    }

    private Map<String, String> responseHeader(SettleResponse settlement, int version) {
        if (version == 1) {
            return Map.of(PaymentHeaders.X_PAYMENT_RESPONSE, PaymentHeaders.encode(V1.settleResponseToV1(settlement, networks)));
        }
        return Map.of(PaymentHeaders.PAYMENT_RESPONSE, PaymentHeaders.encode(settlement));
    }

    private Optional<Map.Entry<String, String>> paymentHeader(GateRequest request) {
        for (String name : paymentHeaders) {
            Optional<String> v = request.header(name);
            if (v.isPresent()) {
                return Optional.of(Map.entry(name, v.get()));
            }
        }
        return Optional.empty();
    }

    /** The route's requirements: its own offers, or as completed by the facilitator's /accepts (cached). */
    List<PaymentRequirements> offers(PaidRoute route, ResourceInfo resource) {
        List<PaymentRequirements> own = staticOffers.get(route);
        if (!useAccepts) {
            return own;
        }
        Cached cached = acceptsCache.get(route);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.until())) {
            return cached.offers();
        }
        List<PaymentRequirements> completed = facilitator.accepts(PaymentRequired.of(resource, own, null)).accepts();
        // Offers carrying a recent blockhash go stale within a minute: never cache those.
        boolean timeDependent = completed.stream().anyMatch(r -> r.extra().has("recentBlockhash"));
        if (!timeDependent) {
            acceptsCache.put(route, new Cached(completed, now.plus(acceptsTtl)));
        }
        return completed;
    }

    private GateResult.Respond paymentRequiredFor(PaidRoute route, ResourceInfo resource, String error, int version, boolean html) {
        List<PaymentRequirements> offers;
        try {
            offers = offers(route, resource);
        } catch (FacilitatorUnavailableException e) {
            offers = staticOffers.get(route);
        }
        PaymentRequired required = PaymentRequired.of(resource, offers, error);
        Map<String, String> headers = Map.of(PaymentHeaders.PAYMENT_REQUIRED, PaymentHeaders.encode(required));
        if (html) {
            return new GateResult.Respond(402, headers, "text/html; charset=utf-8",
                    Paywall.html(required, networks).getBytes(StandardCharsets.UTF_8));
        }
        if (version == 1) {
            ObjectNode v1 = X402Json.mapper().createObjectNode();
            v1.put("x402Version", 1);
            v1.put("error", error);
            ArrayNode accepts = v1.putArray("accepts");
            offers.forEach(o -> accepts.add(V1.requirementsToV1(o, resource, networks)));
            return json(402, headers, v1);
        }
        return json(402, headers, X402Json.mapper().valueToTree(required));
    }

    private static GateResult.Respond facilitatorDown(FacilitatorUnavailableException e) {
        log.warn("facilitator unavailable: {}", e.getMessage());
        return json(502, Map.of(), error("facilitator_unavailable", "the payment facilitator could not be reached; retry later"));
    }

    private static ObjectNode error(String code, String message) {
        return X402Json.mapper().createObjectNode().put("error", code).put("message", message);
    }

    private static GateResult.Respond json(int status, Map<String, String> headers, Object body) {
        return new GateResult.Respond(status, headers, "application/json", X402Json.write(body));
    }

    /** Same money, same place: scheme, network, exact amount, asset and recipient. */
    static boolean sameTerms(PaymentRequirements offer, PaymentRequirements accepted) {
        return offer.scheme().equals(accepted.scheme())
                && offer.network().equals(accepted.network())
                && offer.amount().equals(accepted.amount())
                && offer.asset().equalsIgnoreCase(accepted.asset())
                && offer.payTo().equalsIgnoreCase(accepted.payTo());
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
