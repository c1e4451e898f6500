package dev.x402j.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.FakeChainSchemeAccess;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.TrackedPayment;
import dev.x402j.core.TrackedPayment.Status;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.gate.FacilitatorClient;
import dev.x402j.core.gate.GateRequest;
import dev.x402j.core.gate.GateResult;
import dev.x402j.core.gate.InProcessFacilitatorClient;
import dev.x402j.core.gate.Offer;
import dev.x402j.core.gate.PaidRoute;
import dev.x402j.core.gate.PaymentGate;
import dev.x402j.core.gate.TrackingFailure;
import dev.x402j.core.gate.TrackingOptions;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.wire.PaymentHeaders;
import dev.x402j.core.wire.X402Json;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@link PaymentGate} tracking into {@link PostgresTrackingStore} on a real PostgreSQL, in front of a real
 * {@link Facilitator} (its ledger on the same database) over the core's fake chain: every request's lifecycle lands as
 * one row, and {@code stats} — count, volume by {@code network|asset}, success rate, p50/p95 latency — agree with what
 * was paid. The gate writes asynchronously, as by default; its clock is pinned, so every latency is known.
 */
class GateTrackingOnPostgresIT {
    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");
    private static final String NETWORK = "eip155:31337";
    private static final String USDC = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final String OTHER_TOKEN = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    private static final String PAY_TO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    private static final NetworkRegistry NETS = NetworkRegistry.defaults()
            .with(Network.of("local", ChainId.parse(NETWORK), true, Asset.eip712(USDC, "USDC", 6, "USD Coin", "2")));

    private static TestDatabase db;
    private static DataSource ds;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = db.pool(4);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** A clock the test moves: the handler "runs" for as long as the test advances it. */
    private static final class PinnedClock extends Clock {
        private volatile Instant now = T0;

        void advance(long millis) {
            now = now.plusMillis(millis);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /**
     * The facilitator client port in front of the in-process facilitator, except that the settlement of a payment whose
     * id starts with {@code fail-} answers as a reverted transfer would.
     */
    private record RevertingFor(FacilitatorClient real) implements FacilitatorClient {
        @Override
        public VerifyResponse verify(FacilitatorRequest request) {
            return real.verify(request);
        }

        @Override
        public SettleResponse settle(FacilitatorRequest request) {
            String id = request.paymentPayload().payload().path("id").asText();
            if (id.startsWith("fail-")) {
                return SettleResponse.failure("invalid_exact_evm_transaction_failed", "reverted",
                        request.paymentPayload().payload().path("payer").asText(), "0xtx-" + id, NETWORK);
            }
            return real.settle(request);
        }

        @Override
        public SupportedResponse supported() {
            return real.supported();
        }

        @Override
        public PaymentRequired accepts(PaymentRequired required) {
            return real.accepts(required);
        }
    }

    @Test
    void everyRequestLandsAsOneRowAndStatsAgreeWithWhatWasPaid() {
        var options = PostgresStores.Options.defaults().withSchema("gate_tracking");
        PostgresStores.migrate(ds, options);
        PostgresStores stores = PostgresStores.create(ds, options);
        Facilitator facilitator = Facilitator.builder()
                .networks(NETS)
                .scheme(new FakeChainSchemeAccess().scheme())
                .settlementStore(stores.settlements())
                .build();
        PinnedClock clock = new PinnedClock();
        List<TrackingFailure> failures = new CopyOnWriteArrayList<>();
        TrackingStore tracking = stores.tracking();
        PaymentGate gate = PaymentGate.builder(new RevertingFor(new InProcessFacilitatorClient(facilitator)))
                .networks(NETS)
                .clock(clock)
                .tracking(tracking, TrackingOptions.custom().onFailure(failures::add).closeTimeout(Duration.ofSeconds(30)).build())
                .route(PaidRoute.of("GET", "/weather", Offer.usd("$0.01", "local", PAY_TO)))
                .route(PaidRoute.of("GET", "/report", Offer.atomic(BigInteger.valueOf(2500), OTHER_TOKEN, "local", PAY_TO)))
                .build();

        String w1 = paid(gate, clock, "/weather", "w1", "0xPayerA", 100, 200);
        paid(gate, clock, "/weather", "w2", "0xPayerA", 200, 200);
        paid(gate, clock, "/weather", "w3", "0xPayerB", 300, 200);
        paid(gate, clock, "/report", "r1", "0xPayerB", 400, 200);
        paid(gate, clock, "/report", "r2", "0xPayerA", 500, 200);
        String failed = paid(gate, clock, "/weather", "fail-1", "0xPayerC", 600, 200);
        String notCharged = paid(gate, clock, "/report", "r3", "0xPayerC", 50, 503);
        assertThat(gate.check(request("/weather", null))).isInstanceOf(GateResult.Respond.class); // a 402
        clock.advance(1000);
        assertThat(gate.check(request("/weather", payment("/weather", "bad", "0xPayerD", false))))
                .isInstanceOf(GateResult.Respond.class); // an invalid signature
        clock.advance(1000);
        gate.close(); // flushes the queued writes

        assertThat(failures).isEmpty();
        TrackingStore.Page all = tracking.list(TrackingStore.Query.all(100));
        assertThat(all.total()).isEqualTo(9);
        assertThat(all.items()).allSatisfy(p -> assertThat(p.finishedAt()).isNotNull());
        assertThat(tracking.find(w1).orElseThrow()).isEqualTo(new TrackedPayment(w1, T0, T0.plusMillis(100), "GET",
                "https://api.example/weather", "exact", NETWORK, USDC, BigInteger.valueOf(10_000), "0xPayerA",
                Status.SETTLED, null, "0xtx-w1"));
        assertThat(tracking.find(failed).orElseThrow()).extracting(TrackedPayment::status, TrackedPayment::errorReason,
                TrackedPayment::transaction).containsExactly(Status.SETTLE_FAILED, "invalid_exact_evm_transaction_failed", "0xtx-fail-1");
        assertThat(tracking.find(notCharged).orElseThrow()).extracting(TrackedPayment::status, TrackedPayment::errorReason)
                .containsExactly(Status.VERIFIED, PaymentGate.HANDLER_FAILED);
        assertThat(tracking.list(new TrackingStore.Query(NETWORK, null, Status.PAYMENT_REQUIRED, null, null, 10, 0)).items())
                .singleElement().satisfies(p -> assertThat(p.payer()).isNull());
        assertThat(tracking.list(new TrackingStore.Query(null, "0xpayerd", Status.VERIFY_FAILED, null, null, 10, 0)).items())
                .singleElement().satisfies(p -> assertThat(p.errorReason()).isEqualTo("invalid_exact_evm_signature"));
        assertThat(tracking.list(new TrackingStore.Query(null, "0XPAYERA", Status.SETTLED, null, null, 2, 0)))
                .satisfies(page -> {
                    assertThat(page.total()).isEqualTo(3);
                    assertThat(page.items()).extracting(TrackedPayment::transaction).containsExactly("0xtx-r2", "0xtx-w2");
                });

        TrackingStore.Stats stats = tracking.stats(T0, T0.plus(Duration.ofHours(1)));

        // Paid: 3 × 10000 of the USDC, 2 × 2500 of the other token; one settlement failed; nine requests in all,
        // lasting 100, 200, 300, 400, 500, 600, 50, 0 and 0 ms.
        assertThat(stats).isEqualTo(new TrackingStore.Stats(9, 5, 1, 5.0 / 6,
                Map.of(NETWORK + "|" + USDC, BigInteger.valueOf(30_000), NETWORK + "|" + OTHER_TOKEN, BigInteger.valueOf(5000)),
                Duration.ofMillis(200), Duration.ofMillis(600)));
        assertThat(tracking.stats(T0.plusMillis(100), T0.plus(Duration.ofHours(1))).count()).isEqualTo(8);
    }

    /** Pays {@code path} with a fresh payment, lets the handler run {@code millis} and answer {@code status}. */
    private static String paid(PaymentGate gate, PinnedClock clock, String path, String id, String payer, long millis, int status) {
        var admitted = (GateResult.Admitted) gate.check(request(path, payment(path, id, payer, true)));
        clock.advance(millis);
        gate.complete(admitted, status);
        clock.advance(1000);
        return admitted.tracking().trackingId().orElseThrow();
    }

    private static GateRequest request(String path, String paymentHeader) {
        return new GateRequest("GET", path, "https://api.example" + path,
                name -> name.equalsIgnoreCase(PaymentHeaders.PAYMENT_SIGNATURE) ? paymentHeader : null);
    }

    /** A payment the core's fake chain understands, for the route's offer. */
    private static String payment(String path, String id, String payer, boolean valid) {
        PaymentRequirements offer = path.equals("/weather")
                ? Offer.usd("$0.01", "local", PAY_TO).toRequirements(NETS)
                : Offer.atomic(BigInteger.valueOf(2500), OTHER_TOKEN, "local", PAY_TO).toRequirements(NETS);
        ObjectNode proof = X402Json.mapper().createObjectNode().put("id", id).put("payer", payer).put("valid", valid);
        return PaymentHeaders.encode(new PaymentPayload(2, ResourceInfo.of("https://api.example" + path), offer, proof, null));
    }
}
