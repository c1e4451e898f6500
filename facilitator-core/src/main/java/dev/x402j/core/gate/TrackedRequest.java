package dev.x402j.core.gate;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.TrackedPayment;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SettleResponse;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * One request to a paid route as the {@link PaymentGate} follows it, from {@link PaymentGate#check} to the end of its
 * response: carried by {@link GateResult.Admitted#tracking()}. When the gate tracks ({@link
 * PaymentGate.Builder#tracking(dev.x402j.core.TrackingStore)}), it builds the request's {@link TrackedPayment} here
 * and hands each stage's snapshot to the store; otherwise it only keeps the request's place in the gate's lifecycle.
 *
 * <p>Only {@link #trackingId()} is public. Thread-safe.
 */
public final class TrackedRequest {
    private final PaymentTracker tracker; // null: tracking is off
    private final String id;
    private final Instant startedAt;
    private final String method;
    private final String resource;

    // The record being built; guarded by this.
    private String scheme;
    private String network;
    private String asset;
    private BigInteger amount;
    private String payer;
    private TrackedPayment.Status status = TrackedPayment.Status.PAYMENT_REQUIRED;
    private String errorReason;
    private String transaction;
    private Instant finishedAt;

    // Asynchronous writing; guarded by this. The request is in the tracker's queue (or being written) while queued.
    private long version;
    private long writtenVersion;
    private boolean queued;

    // The gate's lifecycle; guarded by this.
    private boolean completing;
    private boolean abandoned;
    private PaymentGate.Completion completion;

    private TrackedRequest(PaymentTracker tracker, String id, Instant startedAt, String method, String resource) {
        this.tracker = tracker;
        this.id = id;
        this.startedAt = startedAt;
        this.method = method;
        this.resource = resource;
    }

    static TrackedRequest tracked(PaymentTracker tracker, String id, Instant startedAt, String method, String resource) {
        return new TrackedRequest(tracker, id, startedAt, method, resource);
    }

    /** A request the gate does not track (no store), or whose tracking could not start. */
    static TrackedRequest untracked() {
        return new TrackedRequest(null, null, null, null, null);
    }

    /** The id of this request's {@link TrackedPayment}, when the gate tracks; e.g. to correlate logs with records. */
    public Optional<String> trackingId() {
        return Optional.ofNullable(id);
    }

    boolean isTracked() {
        return tracker != null;
    }

    // ------------------------------------------------------------------------------------------- what happened
    // Each stage changes the record in memory; write() and end() hand it to the store.

    /** The offer the request is priced in: the route's preferred one, then the one the payment matched. */
    synchronized void offered(PaymentRequirements offer) {
        if (tracker == null || offer == null) {
            return;
        }
        scheme = offer.scheme();
        network = offer.network();
        asset = offer.asset();
        amount = offer.amount();
    }

    /** Answered 402 before any payment was verified (none was sent, or it was not for this route's terms). */
    synchronized void paymentRequired(String reason) {
        record(TrackedPayment.Status.PAYMENT_REQUIRED, reason, null);
    }

    /** The payment was refused before the handler: malformed, invalid, a duplicate, or not checkable. */
    synchronized void verifyFailed(String reason, String payerIfKnown) {
        record(TrackedPayment.Status.VERIFY_FAILED, reason, payerIfKnown);
    }

    /** Something threw before the request was verified: a verify failure, unless it already got further. */
    synchronized void failedUnexpectedly(String reason) {
        if (status == TrackedPayment.Status.PAYMENT_REQUIRED) {
            record(TrackedPayment.Status.VERIFY_FAILED, reason, null);
        }
    }

    /** The facilitator found the payment valid. */
    synchronized void verified(String verifiedPayer) {
        if (tracker == null) {
            return;
        }
        status = TrackedPayment.Status.VERIFIED;
        if (verifiedPayer != null) {
            payer = verifiedPayer;
        }
    }

    /** The facilitator's answer to the settlement, success, pending or failure. */
    synchronized void settled(SettleResponse settlement) {
        if (tracker == null) {
            return;
        }
        boolean pending = ErrorReason.SETTLEMENT_PENDING.wire().equals(settlement.errorReason());
        status = settlement.success()
                ? TrackedPayment.Status.SETTLED
                : pending ? TrackedPayment.Status.SETTLEMENT_PENDING : TrackedPayment.Status.SETTLE_FAILED;
        errorReason = settlement.success() ? null : settlement.errorReason();
        if (settlement.transaction() != null && !settlement.transaction().isBlank()) {
            transaction = settlement.transaction();
        }
        if (settlement.network() != null && !settlement.network().isBlank()) {
            network = settlement.network();
        }
        if (settlement.amount() != null) {
            amount = settlement.amount(); // what actually moved, when the facilitator says
        }
        if (settlement.payer() != null && !settlement.payer().isBlank()) {
            payer = settlement.payer();
        }
    }

    /** No settlement outcome could be had (facilitator unreachable, or its client threw). */
    synchronized void settleFailed(String reason) {
        record(TrackedPayment.Status.SETTLE_FAILED, reason, null);
    }

    /** Something threw while completing: a settle failure, unless the settlement's outcome is already known. */
    synchronized void completionFailedUnexpectedly(String reason) {
        if (status == TrackedPayment.Status.VERIFIED) {
            record(TrackedPayment.Status.SETTLE_FAILED, reason, null);
        }
    }

    /** A verified payment that will not be charged: the handler failed, or the response ended without completion. */
    synchronized void notCharged(String reason) {
        if (tracker == null || status != TrackedPayment.Status.VERIFIED) {
            return;
        }
        errorReason = reason;
    }

    /** The response is over: stamps {@code finishedAt} and writes the final record. Later calls change nothing. */
    synchronized void end() {
        if (tracker == null || finishedAt != null) {
            return;
        }
        finishedAt = tracker.now();
        publish();
    }

    private void record(TrackedPayment.Status newStatus, String reason, String payerIfKnown) {
        if (tracker == null) {
            return;
        }
        status = newStatus;
        errorReason = reason;
        if (payerIfKnown != null && !payerIfKnown.isBlank()) {
            payer = payerIfKnown;
        }
    }

    /**
     * Writes the record as it stands, for a stage that a long wait may follow (the handler runs next). Stages that end
     * the request are written once, by {@link #end()}.
     */
    synchronized void write() {
        if (tracker != null && finishedAt == null) {
            publish();
        }
    }

    // ----------------------------------------------------------------------------------------------- writing

    private void publish() {
        if (tracker.synchronous()) {
            tracker.saveNow(snapshot()); // under this lock: one request's writes never overtake each other
            return;
        }
        version++;
        if (!queued) {
            queued = tracker.enqueue(this);
        }
    }

    /** The record as it stands. */
    synchronized TrackedPayment snapshot() {
        return new TrackedPayment(id, startedAt, finishedAt, method, resource, scheme, network, asset, amount, payer, status,
                errorReason, transaction);
    }

    /** For a writer: the next snapshot to save, or null (and off the queue) when the latest one was written. */
    synchronized Write nextWrite() {
        if (version == writtenVersion) {
            queued = false;
            return null;
        }
        return new Write(snapshot(), version);
    }

    /** For a writer: this version was saved (or failed, and was reported); only a newer one needs writing. */
    synchronized void written(long writtenUpTo) {
        writtenVersion = Math.max(writtenVersion, writtenUpTo);
    }

    record Write(TrackedPayment snapshot, long version) {}

    // ------------------------------------------------------------------------------------- the gate's lifecycle

    /** True the first time, when the request was not abandoned: the caller completes it. */
    synchronized boolean claimCompletion() {
        if (completing || abandoned) {
            return false;
        }
        completing = true;
        return true;
    }

    synchronized void completedWith(PaymentGate.Completion done) {
        completion = done;
    }

    /** The completion already made, if any. */
    synchronized Optional<PaymentGate.Completion> completion() {
        return Optional.ofNullable(completion);
    }

    /** True when the response ended before completion started: the caller releases the payment unsettled. */
    synchronized boolean abandon() {
        if (completing || abandoned) {
            return false;
        }
        abandoned = true;
        return true;
    }

    String id() {
        return id;
    }

    @Override
    public String toString() {
        return id == null ? "TrackedRequest[untracked]" : "TrackedRequest[" + id + "]";
    }
}
