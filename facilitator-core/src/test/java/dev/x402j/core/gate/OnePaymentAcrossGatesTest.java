package dev.x402j.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Facilitator;
import dev.x402j.core.FakeChainSchemeAccess;
import dev.x402j.core.InMemorySettlementStore;
import dev.x402j.core.SettlementStore;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.wire.PaymentHeaders;
import dev.x402j.core.wire.X402Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * One payment buys one response even when the same header reaches two gate instances at once: their in-flight guards
 * are separate, but their facilitator's shared ledger knows which settle call owns the payment, and only that call's
 * gate serves. Real facilitator over the core's fake chain and in-memory ledger (shared, as PostgreSQL or Redis is).
 */
class OnePaymentAcrossGatesTest {
    private final SettlementStore ledger = new InMemorySettlementStore();
    private final Facilitator facilitator = Facilitator.builder()
            .scheme(new FakeChainSchemeAccess().scheme())
            .settlementStore(ledger)
            .confirmTimeout(Duration.ofSeconds(2))
            .duplicateWait(Duration.ofSeconds(3))
            .build();

    private PaymentGate instance() {
        return PaymentGate.builder(new InProcessFacilitatorClient(facilitator))
                .networks(PaymentGateTest.NETS)
                .route(PaidRoute.of("GET", "/weather", Offer.usd("$0.01", "local", PaymentGateTest.PAY_TO)))
                .build();
    }

    private static PaymentPayload payment(String id) {
        ObjectNode proof = X402Json.mapper().createObjectNode().put("id", id).put("payer", "0xpayer").put("valid", true);
        return new PaymentPayload(2, ResourceInfo.of("https://api.example/weather"), PaymentGateTest.weatherOffer(), proof, null);
    }

    private static String header(String id) {
        return PaymentHeaders.encode(payment(id));
    }

    private static GateRequest request(String header) {
        return PaymentGateTest.get("/weather", Map.of("PAYMENT-SIGNATURE", header));
    }

    private static String refusal(PaymentGate.Completion c) {
        GateResult.Respond r = ((PaymentGate.Completion.Refuse) c).response();
        assertThat(r.status()).isEqualTo(402);
        return PaymentHeaders.decodePaymentRequired(r.headers().get("PAYMENT-REQUIRED")).error();
    }

    @Test
    void bothInstancesAdmitButOnlyTheSettlementOwnerServes() {
        PaymentGate a = instance();
        PaymentGate b = instance();
        String header = header("p1");
        var atA = (GateResult.Admitted) a.check(request(header));
        var atB = (GateResult.Admitted) b.check(request(header)); // B's guard does not know A's request

        PaymentGate.Completion first = a.complete(atA, 200);
        PaymentGate.Completion second = b.complete(atB, 200);

        var delivered = (PaymentGate.Completion.Deliver) first;
        assertThat(delivered.settlement().success()).isTrue();
        // What the client sees of the settlement carries no facilitator-to-gate bookkeeping.
        SettleResponse shown = PaymentHeaders.decodeSettleResponse("PAYMENT-RESPONSE", delivered.headers().get("PAYMENT-RESPONSE"));
        assertThat(shown.extensions()).isNull();
        assertThat(shown.transaction()).isEqualTo("0xtx-p1");
        assertThat(refusal(second)).startsWith("duplicate_settlement");

        // A third try with the same header, anywhere, is refused at verify: the ledger holds the payment.
        var third = (GateResult.Respond) instance().check(request(header));
        assertThat(PaymentHeaders.decodePaymentRequired(third.headers().get("PAYMENT-REQUIRED")).error())
                .isEqualTo("duplicate_settlement");
    }

    @RepeatedTest(5)
    void theSameHeaderSentToTwoInstancesAtOnceIsServedOnce() throws Exception {
        List<PaymentGate> gates = List.of(instance(), instance());
        String header = header("race");
        CountDownLatch admitted = new CountDownLatch(2);
        List<Future<PaymentGate.Completion>> outcomes = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PaymentGate gate : gates) {
                outcomes.add(pool.submit(() -> {
                    GateResult result = gate.check(request(header));
                    admitted.countDown();
                    admitted.await(); // both verified before either settles: the window the ledger must close
                    return gate.complete((GateResult.Admitted) result, 200);
                }));
            }
            List<PaymentGate.Completion> all = new ArrayList<>();
            for (var o : outcomes) {
                all.add(o.get());
            }
            assertThat(all).filteredOn(c -> c instanceof PaymentGate.Completion.Deliver).hasSize(1);
            assertThat(all).filteredOn(c -> c instanceof PaymentGate.Completion.Refuse)
                    .singleElement().satisfies(c -> assertThat(refusal(c)).startsWith("duplicate_settlement"));
        }
    }

    @Test
    void theFacilitatorSaysWhichSettleCallOwnsThePayment() {
        var req = new dev.x402j.core.model.FacilitatorRequest(2,
                payment("own"), PaymentGateTest.weatherOffer());
        SettleResponse owner = facilitator.settle(req);
        SettleResponse joiner = facilitator.settle(req);
        assertThat(owner.success()).isTrue();
        assertThat(owner.settlementOwner()).contains(true);
        assertThat(joiner.success()).isTrue();
        assertThat(joiner.settlementOwner()).contains(false);
        assertThat(joiner.withoutSettlementOwner()).isEqualTo(owner.withoutSettlementOwner());
        // On the wire: an extension the official SDK's parser ignores; read back by x402j's.
        String json = X402Json.writeString(joiner);
        assertThat(json).contains("\"extensions\":{\"x402jSettlement\":{\"owner\":false}}");
        assertThat(X402Json.mapper().convertValue(X402Json.mapper().valueToTree(joiner), SettleResponse.class)).isEqualTo(joiner);
    }
}
