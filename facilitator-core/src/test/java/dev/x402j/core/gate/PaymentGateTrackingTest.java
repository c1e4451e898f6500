package dev.x402j.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.InMemoryTrackingStore;
import dev.x402j.core.TrackedPayment;
import dev.x402j.core.TrackedPayment.Status;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.wire.PaymentHeaders;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the payment gate records of each request to a paid route, into a real {@link InMemoryTrackingStore} (wrapped to
 * see every write), and that tracking never changes a payment: a store that throws, hangs or falls behind leaves the
 * outcomes as they are. The facilitator is a scripted fake of the {@link FacilitatorClient} port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against a hang, not a timing assertion
class PaymentGateTrackingTest {
    static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
    static final String USDC = PaymentGateTest.USDC;

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** The facilitator port, answering as each test scripts it. */
    static final class ScriptedClient implements FacilitatorClient {
        final AtomicInteger settles = new AtomicInteger();
        volatile Function<FacilitatorRequest, VerifyResponse> verify = r -> VerifyResponse.valid("0xPayer");
        volatile Function<FacilitatorRequest, SettleResponse> settle =
                r -> SettleResponse.success("0xPayer", "0xtx1", "eip155:31337", null);

        @Override
        public VerifyResponse verify(FacilitatorRequest request) {
            return verify.apply(request);
        }

        @Override
        public SettleResponse settle(FacilitatorRequest request) {
            settles.incrementAndGet();
            return settle.apply(request);
        }

        @Override
        public SupportedResponse supported() {
            return new SupportedResponse(List.of(), List.of(), Map.of());
        }

        @Override
        public PaymentRequired accepts(PaymentRequired required) {
            return required;
        }
    }

    /** The real in-memory store, remembering every snapshot saved and the thread that saved it. */
    static class RecordingStore implements TrackingStore {
        final InMemoryTrackingStore inner = new InMemoryTrackingStore();
        final List<TrackedPayment> saves = new CopyOnWriteArrayList<>();
        final List<Thread> savers = new CopyOnWriteArrayList<>();

        @Override
        public void save(TrackedPayment payment) {
            savers.add(Thread.currentThread());
            saves.add(payment);
            inner.save(payment);
        }

        @Override
        public Optional<TrackedPayment> find(String id) {
            return inner.find(id);
        }

        @Override
        public Page list(Query query) {
            return inner.list(query);
        }

        @Override
        public Stats stats(Instant from, Instant to) {
            return inner.stats(from, to);
        }

        List<Status> statusesOf(String id) {
            return saves.stream().filter(p -> p.id().equals(id)).map(TrackedPayment::status).toList();
        }
    }

    /** Blocks every save until {@link #release()}; {@link #entered} counts saves begun. */
    static final class BlockingStore extends RecordingStore {
        final CountDownLatch released = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public void save(TrackedPayment payment) {
            entered.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while blocked", e);
            }
            super.save(payment);
        }

        void release() {
            released.countDown();
        }
    }

    final MutableClock clock = new MutableClock();
    final ScriptedClient facilitator = new ScriptedClient();
    final List<TrackingFailure> failures = new CopyOnWriteArrayList<>();
    final List<PaymentGate> gates = new CopyOnWriteArrayList<>();
    final AtomicInteger ids = new AtomicInteger();

    @AfterEach
    void closeGates() {
        gates.forEach(PaymentGate::close);
    }

    TrackingOptions.Builder options() {
        return TrackingOptions.custom().onFailure(failures::add).ids(() -> "t" + ids.incrementAndGet())
                .closeTimeout(Duration.ofSeconds(30));
    }

    PaymentGate gate(TrackingStore store, TrackingOptions options, boolean settleFirst) {
        PaymentGate gate = PaymentGate.builder(facilitator)
                .networks(PaymentGateTest.NETS)
                .clock(clock)
                .settleBeforeHandler(settleFirst)
                .tracking(store, options)
                .route(PaidRoute.of("GET", "/weather", Offer.usd("$0.01", "local", PaymentGateTest.PAY_TO)))
                .build();
        gates.add(gate);
        return gate;
    }

    PaymentGate gate(TrackingStore store, TrackingOptions options) {
        return gate(store, options, false);
    }

    static GateRequest unpaid() {
        return PaymentGateTest.get("/weather", Map.of());
    }

    static GateRequest paid() {
        return PaymentGateTest.get("/weather", Map.of("PAYMENT-SIGNATURE", PaymentGateTest.pay(PaymentGateTest.weatherOffer())));
    }

    static String idOf(GateResult.Admitted admitted) {
        return admitted.tracking().trackingId().orElseThrow();
    }

    // ------------------------------------------------------------------------------------------ the lifecycle

    @Test
    void aPaidRequestIsRecordedAtVerificationAtSettlementAndWhenItEnds() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        GateRequest request = new GateRequest("GET", "/weather", "https://api.example/weather?api_key=secret#x",
                name -> name.equalsIgnoreCase("PAYMENT-SIGNATURE") ? PaymentGateTest.pay(PaymentGateTest.weatherOffer()) : null);

        var admitted = (GateResult.Admitted) g.check(request);
        String id = idOf(admitted);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(Status.VERIFIED);
        assertThat(store.find(id).orElseThrow().finishedAt()).isNull();
        clock.advance(Duration.ofMillis(250)); // the handler runs

        var done = (PaymentGate.Completion.Deliver) g.complete(admitted, 200);

        assertThat(done.settlement().transaction()).isEqualTo("0xtx1");
        assertThat(store.statusesOf(id)).containsExactly(Status.VERIFIED, Status.SETTLED);
        TrackedPayment record = store.find(id).orElseThrow();
        assertThat(record).isEqualTo(new TrackedPayment(id, T0, T0.plusMillis(250), "GET", "https://api.example/weather",
                "exact", "eip155:31337", USDC, BigInteger.valueOf(10_000), "0xPayer", Status.SETTLED, null, "0xtx1"));
        assertThat(record.latency()).isEqualTo(Duration.ofMillis(250));
        // Never the payment itself: neither its signature nor the query that may carry a client's key.
        assertThat(record.toString()).doesNotContain("0xsig").doesNotContain("secret");
        assertThat(failures).isEmpty();
    }

    @Test
    void aRequestWithoutPaymentIsRecordedOnceAsPaymentRequiredWithTheRoutesOffer() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());

        var r = (GateResult.Respond) g.check(unpaid());

        assertThat(r.status()).isEqualTo(402);
        assertThat(store.saves).hasSize(1);
        assertThat(store.saves.getFirst()).isEqualTo(new TrackedPayment("t1", T0, T0, "GET", "https://api.example/weather",
                "exact", "eip155:31337", USDC, BigInteger.valueOf(10_000), null, Status.PAYMENT_REQUIRED, null, null));
    }

    @Test
    void anInvalidPaymentIsRecordedAsAVerifyFailureWithTheReasonAndPayer() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        facilitator.verify = r -> VerifyResponse.invalid("invalid_exact_evm_signature", "bad", "0xPayer");

        var r = (GateResult.Respond) g.check(paid());

        assertThat(r.status()).isEqualTo(402);
        TrackedPayment record = store.find("t1").orElseThrow();
        assertThat(record.status()).isEqualTo(Status.VERIFY_FAILED);
        assertThat(record.errorReason()).isEqualTo("invalid_exact_evm_signature");
        assertThat(record.payer()).isEqualTo("0xPayer");
        assertThat(record.finishedAt()).isEqualTo(T0);
        assertThat(record.transaction()).isNull();
        assertThat(facilitator.settles).hasValue(0);
    }

    @Test
    void malformedMismatchedAndDuplicatePaymentsAreVerifyFailuresWithTheirReasons() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());

        assertThat(((GateResult.Respond) g.check(PaymentGateTest.get("/weather", Map.of("PAYMENT-SIGNATURE", "%%%")))).status())
                .isEqualTo(400);
        var cheaper = new dev.x402j.core.model.PaymentRequirements("exact", "eip155:31337", BigInteger.ONE, USDC,
                PaymentGateTest.PAY_TO, 60, null);
        g.check(PaymentGateTest.get("/weather", Map.of("PAYMENT-SIGNATURE", PaymentGateTest.pay(cheaper))));
        var first = (GateResult.Admitted) g.check(paid());
        g.check(paid()); // the same payment while the first request holds it

        assertThat(store.find("t1").orElseThrow()).extracting(TrackedPayment::status, TrackedPayment::errorReason)
                .containsExactly(Status.VERIFY_FAILED, "invalid_payload");
        assertThat(store.find("t2").orElseThrow()).extracting(TrackedPayment::status, TrackedPayment::errorReason)
                .containsExactly(Status.VERIFY_FAILED, "invalid_payment_requirements");
        assertThat(store.find("t4").orElseThrow()).extracting(TrackedPayment::status, TrackedPayment::errorReason)
                .containsExactly(Status.VERIFY_FAILED, "duplicate_settlement");
        assertThat(idOf(first)).isEqualTo("t3");
        g.complete(first, 200);
        assertThat(store.find("t3").orElseThrow().status()).isEqualTo(Status.SETTLED);
    }

    @Test
    void aFailedHandlerIsRecordedAsVerifiedAndNotCharged() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        var admitted = (GateResult.Admitted) g.check(paid());
        clock.advance(Duration.ofMillis(40));

        var done = (PaymentGate.Completion.Deliver) g.complete(admitted, 500);

        assertThat(done.settlement()).isNull();
        assertThat(facilitator.settles).hasValue(0);
        TrackedPayment record = store.find(idOf(admitted)).orElseThrow();
        assertThat(record.status()).isEqualTo(Status.VERIFIED);
        assertThat(record.errorReason()).isEqualTo(PaymentGate.HANDLER_FAILED);
        assertThat(record.finishedAt()).isEqualTo(T0.plusMillis(40));
        assertThat(record.transaction()).isNull();
    }

    @Test
    void aFailedSettlementIsRecordedWithItsReasonAndTransaction() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        facilitator.settle = r -> SettleResponse.failure("invalid_exact_evm_transaction_failed", "reverted", "0xPayer", "0xtxR",
                "eip155:31337");
        var admitted = (GateResult.Admitted) g.check(paid());

        var refused = (PaymentGate.Completion.Refuse) g.complete(admitted, 200);

        assertThat(refused.response().status()).isEqualTo(402);
        TrackedPayment record = store.find(idOf(admitted)).orElseThrow();
        assertThat(record.status()).isEqualTo(Status.SETTLE_FAILED);
        assertThat(record.errorReason()).isEqualTo("invalid_exact_evm_transaction_failed");
        assertThat(record.transaction()).isEqualTo("0xtxR");
        assertThat(record.finishedAt()).isNotNull();
    }

    @Test
    void aPendingSettlementIsRecordedAsPendingWithItsTransaction() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        facilitator.settle = r -> SettleResponse.failure("settlement_pending", "not mined yet", "0xPayer", "0xtxP", "eip155:31337");
        var admitted = (GateResult.Admitted) g.check(paid());

        assertThat(g.complete(admitted, 200)).isInstanceOf(PaymentGate.Completion.Deliver.class);

        TrackedPayment record = store.find(idOf(admitted)).orElseThrow();
        assertThat(record.status()).isEqualTo(Status.SETTLEMENT_PENDING);
        assertThat(record.errorReason()).isEqualTo("settlement_pending");
        assertThat(record.transaction()).isEqualTo("0xtxP");
    }

    @Test
    void aFacilitatorThatCannotBeReachedIsRecordedAtVerificationAndAtSettlement() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        FacilitatorUnavailableException down = new FacilitatorUnavailableException("connection refused", 0, null);
        facilitator.verify = r -> {
            throw down;
        };
        assertThat(((GateResult.Respond) g.check(paid())).status()).isEqualTo(502);
        assertThat(store.find("t1").orElseThrow()).extracting(TrackedPayment::status, TrackedPayment::errorReason)
                .containsExactly(Status.VERIFY_FAILED, "facilitator_unavailable");

        facilitator.verify = r -> VerifyResponse.valid("0xPayer");
        facilitator.settle = r -> {
            throw down;
        };
        var admitted = (GateResult.Admitted) g.check(paid());
        var refused = (PaymentGate.Completion.Refuse) g.complete(admitted, 200);
        assertThat(refused.response().status()).isEqualTo(502);
        assertThat(store.find(idOf(admitted)).orElseThrow()).extracting(TrackedPayment::status, TrackedPayment::errorReason,
                TrackedPayment::payer).containsExactly(Status.SETTLE_FAILED, "facilitator_unavailable", "0xPayer");
    }

    @Test
    void aFacilitatorClientThatThrowsIsRecordedReleasedAndRethrown() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        facilitator.verify = r -> {
            throw new IllegalStateException("bug in a client");
        };

        assertThatThrownBy(() -> g.check(paid())).hasMessage("bug in a client");

        TrackedPayment record = store.find("t1").orElseThrow();
        assertThat(record.status()).isEqualTo(Status.VERIFY_FAILED);
        assertThat(record.errorReason()).isEqualTo("unexpected_verify_error");
        assertThat(record.finishedAt()).isNotNull();
        // The payment is not left held: once the client works again, it is admitted.
        facilitator.verify = r -> VerifyResponse.valid("0xPayer");
        assertThat(g.check(paid())).isInstanceOf(GateResult.Admitted.class);
    }

    @Test
    void aSettlementThatThrowsIsRecordedAsAnUnexpectedSettleErrorAndRethrown() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        facilitator.settle = r -> {
            throw new IllegalStateException("bug in a client");
        };
        var admitted = (GateResult.Admitted) g.check(paid());

        assertThatThrownBy(() -> g.complete(admitted, 200)).hasMessage("bug in a client");

        TrackedPayment record = store.find(idOf(admitted)).orElseThrow();
        assertThat(record.status()).isEqualTo(Status.SETTLE_FAILED);
        assertThat(record.errorReason()).isEqualTo("unexpected_settle_error");
        assertThat(record.finishedAt()).isNotNull();
    }

    @Test
    void aResponseThatEndsWithoutCompletionIsRecordedAsAbandonedAndReleasesThePayment() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        var admitted = (GateResult.Admitted) g.check(paid());
        clock.advance(Duration.ofMillis(70));

        g.finish(admitted); // the client went away: the binding never completed the request
        g.finish(admitted); // idempotent

        TrackedPayment record = store.find(idOf(admitted)).orElseThrow();
        assertThat(record.status()).isEqualTo(Status.VERIFIED);
        assertThat(record.errorReason()).isEqualTo(PaymentGate.ABANDONED);
        assertThat(record.finishedAt()).isEqualTo(T0.plusMillis(70));
        // A late completion settles nothing, and the payment may be used again.
        assertThat(((PaymentGate.Completion.Deliver) g.complete(admitted, 200)).settlement()).isNull();
        assertThat(facilitator.settles).hasValue(0);
        assertThat(g.check(paid())).isInstanceOf(GateResult.Admitted.class);
    }

    @Test
    void finishAfterCompleteChangesNothingAndCompleteIsIdempotent() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        var admitted = (GateResult.Admitted) g.check(paid());
        var first = g.complete(admitted, 200);
        int writes = store.saves.size();

        assertThat(g.complete(admitted, 200)).isSameAs(first);
        g.finish(admitted);

        assertThat(facilitator.settles).hasValue(1);
        assertThat(store.saves).hasSize(writes);
        assertThat(store.find(idOf(admitted)).orElseThrow().status()).isEqualTo(Status.SETTLED);
    }

    @Test
    void settlingBeforeTheHandlerRecordsTheSettlementAtCheckAndKeepsItWhenTheHandlerFails() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build(), true);
        var admitted = (GateResult.Admitted) g.check(paid());
        assertThat(store.find(idOf(admitted)).orElseThrow().status()).isEqualTo(Status.SETTLED);

        g.complete(admitted, 500);

        TrackedPayment record = store.find(idOf(admitted)).orElseThrow();
        assertThat(record.status()).isEqualTo(Status.SETTLED);
        assertThat(record.transaction()).isEqualTo("0xtx1");
        assertThat(record.errorReason()).isNull();
        assertThat(record.finishedAt()).isNotNull();
    }

    @Test
    void freeRoutesAndGatesWithoutAStoreRecordNothing() {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().synchronous(true).build());
        assertThat(g.check(PaymentGateTest.get("/health", Map.of()))).isInstanceOf(GateResult.Free.class);
        assertThat(store.saves).isEmpty();

        PaymentGate untracked = PaymentGate.builder(facilitator).networks(PaymentGateTest.NETS)
                .route(PaidRoute.of("GET", "/weather", Offer.usd("$0.01", "local", PaymentGateTest.PAY_TO))).build();
        var admitted = (GateResult.Admitted) untracked.check(paid());
        assertThat(admitted.tracking().trackingId()).isEmpty();
        assertThat(untracked.complete(admitted, 200)).isInstanceOf(PaymentGate.Completion.Deliver.class);
        untracked.close();
    }

    // ------------------------------------------------------------------- asynchronous, best effort, never in the way

    @Test
    void writesAreAsynchronousByDefaultAndCloseFlushesThem() {
        BlockingStore store = new BlockingStore();
        PaymentGate g = gate(store, options().build());
        Thread caller = Thread.currentThread();
        var admitted = (GateResult.Admitted) g.check(paid());
        g.complete(admitted, 200);
        for (int i = 0; i < 5; i++) {
            g.check(unpaid());
        }
        // Every request above was answered although no write has gone through yet.
        assertThat(store.saves).isEmpty();

        store.release();
        g.close(); // waits for the queue to drain

        assertThat(store.inner.list(TrackingStore.Query.all(100)).items()).hasSize(6)
                .allSatisfy(p -> assertThat(p.finishedAt()).isNotNull());
        assertThat(store.find(idOf(admitted)).orElseThrow().status()).isEqualTo(Status.SETTLED);
        assertThat(store.savers).isNotEmpty().doesNotContain(caller)
                .allSatisfy(t -> assertThat(t.getName()).startsWith("x402j-tracking-writer-"));
        assertThat(failures).isEmpty();
    }

    @Test
    void aStoreThatThrowsNeverChangesThePaymentAndEveryFailureIsReported() {
        for (boolean synchronous : new boolean[] {true, false}) {
            failures.clear();
            RecordingStore store = new RecordingStore() {
                @Override
                public void save(TrackedPayment payment) {
                    throw new IllegalStateException("database is down\nwith a second line");
                }
            };
            PaymentGate g = gate(store, options().synchronous(synchronous).build());
            int settlesBefore = facilitator.settles.get();

            var admitted = (GateResult.Admitted) g.check(paid());
            var done = (PaymentGate.Completion.Deliver) g.complete(admitted, 200);
            var unpaid = (GateResult.Respond) g.check(unpaid());
            g.close();

            assertThat(done.settlement().transaction()).isEqualTo("0xtx1");
            assertThat(PaymentHeaders.decodeSettleResponse("PAYMENT-RESPONSE", done.headers().get("PAYMENT-RESPONSE")).success())
                    .isTrue();
            assertThat(unpaid.status()).isEqualTo(402);
            assertThat(facilitator.settles.get()).isEqualTo(settlesBefore + 1);
            assertThat(failures).as("synchronous=%s", synchronous).isNotEmpty().allSatisfy(f -> {
                assertThat(f.kind()).isEqualTo(TrackingFailure.Kind.WRITE_FAILED);
                assertThat(f.cause()).hasMessageStartingWith("database is down");
            });
            assertThat(failures).extracting(TrackingFailure::trackingId).contains(idOf(admitted));
        }
    }

    @Test
    void aStoreThatHangsNeverHoldsARequest() throws Exception {
        BlockingStore store = new BlockingStore();
        PaymentGate g = gate(store, options().build());

        var admitted = (GateResult.Admitted) g.check(paid());
        assertThat(store.entered.await(30, TimeUnit.SECONDS)).isTrue(); // the writer is now stuck in save()

        var done = (PaymentGate.Completion.Deliver) g.complete(admitted, 200);
        var again = (GateResult.Respond) g.check(unpaid());

        assertThat(done.settlement().transaction()).isEqualTo("0xtx1");
        assertThat(again.status()).isEqualTo(402);
        assertThat(store.released.getCount()).as("answered while the store still hangs").isEqualTo(1);
        store.release();
        g.close();
        assertThat(store.find(idOf(admitted)).orElseThrow().status()).isEqualTo(Status.SETTLED);
        assertThat(failures).isEmpty();
    }

    @Test
    void aFullQueueDropsTheUpdateReportsItAndAnswersTheRequestAnyway() throws Exception {
        BlockingStore store = new BlockingStore();
        PaymentGate g = gate(store, options().queueCapacity(1).writers(1).build());
        var held = (GateResult.Admitted) g.check(paid()); // t1: taken by the writer, which hangs in save()
        assertThat(store.entered.await(30, TimeUnit.SECONDS)).isTrue();

        var queued = (GateResult.Respond) g.check(unpaid()); // t2: waits in the queue (capacity 1)
        var dropped = (GateResult.Respond) g.check(unpaid()); // t3: no room

        assertThat(queued.status()).isEqualTo(402);
        assertThat(dropped.status()).isEqualTo(402);
        assertThat(failures).containsExactly(new TrackingFailure(TrackingFailure.Kind.QUEUE_FULL, "t3", null));
        g.complete(held, 200); // t1 is being written: its new state joins that write, it needs no room in the queue
        store.release();
        g.close();
        assertThat(store.find("t1").orElseThrow().status()).isEqualTo(Status.SETTLED);
        assertThat(store.find("t2").orElseThrow().status()).isEqualTo(Status.PAYMENT_REQUIRED);
        assertThat(store.find("t3")).isEmpty();
    }

    @Test
    void closeWaitsOnlyAsLongAsItsTimeoutAndReportsWhatWasLeft() throws Exception {
        BlockingStore store = new BlockingStore();
        PaymentGate g = gate(store, options().writers(1).closeTimeout(Duration.ofMillis(50)).build());
        g.check(unpaid()); // t1: the writer hangs on it
        assertThat(store.entered.await(30, TimeUnit.SECONDS)).isTrue();
        g.check(unpaid()); // t2 and t3 wait behind it
        g.check(unpaid());

        g.close(); // returns although the store never does

        assertThat(failures).extracting(TrackingFailure::kind, TrackingFailure::trackingId).contains(
                org.assertj.core.groups.Tuple.tuple(TrackingFailure.Kind.CLOSED, "t2"),
                org.assertj.core.groups.Tuple.tuple(TrackingFailure.Kind.CLOSED, "t3"));
        // Payments still work after close; their records are reported instead of written.
        assertThat(((GateResult.Respond) g.check(unpaid())).status()).isEqualTo(402);
        assertThat(failures).contains(new TrackingFailure(TrackingFailure.Kind.CLOSED, "t4", null));
        store.release();
    }

    @Test
    void aFailureHandlerThatThrowsChangesNothing() {
        RecordingStore store = new RecordingStore() {
            @Override
            public void save(TrackedPayment payment) {
                throw new IllegalStateException("down");
            }
        };
        PaymentGate g = gate(store, options().synchronous(true).onFailure(f -> {
            throw new IllegalStateException("handler bug");
        }).build());

        var admitted = (GateResult.Admitted) g.check(paid());
        assertThat(g.complete(admitted, 200)).isInstanceOf(PaymentGate.Completion.Deliver.class);
    }

    @Test
    void manyConcurrentRequestsAreAllRecordedWithTheirFinalState() throws Exception {
        RecordingStore store = new RecordingStore();
        PaymentGate g = gate(store, options().writers(3).build());
        int n = 200;
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                pool.submit(() -> g.check(unpaid()));
            }
        }
        g.close();
        assertThat(store.inner.list(TrackingStore.Query.all(1000)).total()).isEqualTo(n);
        assertThat(failures).isEmpty();
    }

    // ---------------------------------------------------------------------------------------- options and logs

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> TrackingOptions.custom().queueCapacity(0).build()).hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> TrackingOptions.custom().writers(0).build()).hasMessageContaining("writers");
        assertThatThrownBy(() -> TrackingOptions.custom().closeTimeout(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("closeTimeout");
        TrackingOptions d = TrackingOptions.defaults();
        assertThat(d.synchronous()).isFalse();
        assertThat(d.queueCapacity()).isEqualTo(TrackingOptions.DEFAULT_QUEUE_CAPACITY);
        assertThat(d.ids().get()).isNotEqualTo(d.ids().get());
    }

    @Test
    void theDefaultWarningIsRateLimitedCountsWhatItHeldBackAndShowsNoData() {
        RateLimitedWarning warning = new RateLimitedWarning(Duration.ofSeconds(10), clock);
        var cause = new IllegalStateException("connection refused\nDETAIL: Key (id)=(secret-value)");

        String first = warning.line(new TrackingFailure(TrackingFailure.Kind.WRITE_FAILED, "t1", cause));
        String second = warning.line(new TrackingFailure(TrackingFailure.Kind.WRITE_FAILED, "t2", cause));
        String third = warning.line(new TrackingFailure(TrackingFailure.Kind.QUEUE_FULL, "t3", null));
        clock.advance(Duration.ofSeconds(10));
        String later = warning.line(new TrackingFailure(TrackingFailure.Kind.QUEUE_FULL, "t4", null));

        assertThat(first).contains("t1").contains("java.lang.IllegalStateException: connection refused")
                .contains("the payment itself was not affected").doesNotContain("secret-value");
        assertThat(second).isNull();
        assertThat(third).isNull();
        assertThat(later).contains("t4").contains("queue is full").contains("2 more tracking failure(s)");
    }
}
