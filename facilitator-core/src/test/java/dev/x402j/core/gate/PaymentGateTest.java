package dev.x402j.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The gate's decisions, against a recording facilitator client (the port's fake; real chains are exercised through
 * the gate in the server module's tests).
 */
class PaymentGateTest {
    static final String USDC = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    static final NetworkRegistry NETS = NetworkRegistry.defaults()
            .with(Network.of("local", ChainId.parse("eip155:31337"), true, Asset.eip712(USDC, "USDC", 6, "USD Coin", "2")));
    static final String PAY_TO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";

    /** Answers verify/settle as scripted and counts calls. */
    static final class ScriptedFacilitator implements FacilitatorClient {
        final AtomicInteger verifies = new AtomicInteger();
        final AtomicInteger settles = new AtomicInteger();
        final AtomicInteger acceptsCalls = new AtomicInteger();
        volatile VerifyResponse verifyAnswer = VerifyResponse.valid("0xPayer");
        volatile SettleResponse settleAnswer = SettleResponse.success("0xPayer", "0xtx1", "eip155:31337", null);
        volatile FacilitatorRequest lastSettle;

        @Override
        public VerifyResponse verify(FacilitatorRequest request) {
            verifies.incrementAndGet();
            return verifyAnswer;
        }

        @Override
        public SettleResponse settle(FacilitatorRequest request) {
            settles.incrementAndGet();
            lastSettle = request;
            return settleAnswer;
        }

        @Override
        public SupportedResponse supported() {
            return new SupportedResponse(List.of(), List.of(), Map.of());
        }

        @Override
        public PaymentRequired accepts(PaymentRequired required) {
            acceptsCalls.incrementAndGet();
            return new PaymentRequired(2, null, required.resource(),
                    required.accepts().stream().map(r -> r.withExtra(r.extra().put("feePayer", "F"))).toList(), null);
        }
    }

    final ScriptedFacilitator facilitator = new ScriptedFacilitator();

    PaymentGate gate(boolean settleFirst) {
        return PaymentGate.builder(facilitator)
                .networks(NETS)
                .settleBeforeHandler(settleFirst)
                .route(PaidRoute.of("GET", "/weather", Offer.usd("$0.01", "local", PAY_TO)).describedAs("Weather", "application/json"))
                .route(PaidRoute.of("*", "/files/*", Offer.atomic(new BigInteger("5"), USDC, "eip155:31337", PAY_TO)))
                .build();
    }

    static GateRequest get(String path, Map<String, String> headers) {
        return new GateRequest("GET", path, "https://api.example" + path,
                name -> headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null));
    }

    static String pay(PaymentRequirements accepted) {
        ObjectNode proof = X402Json.mapper().createObjectNode().put("signature", "0xsig");
        return PaymentHeaders.encode(new PaymentPayload(2, ResourceInfo.of("https://api.example/weather"), accepted, proof, null));
    }

    static PaymentRequirements weatherOffer() {
        return Offer.usd("$0.01", "local", PAY_TO).toRequirements(NETS);
    }

    @Test
    void freeRoutesPassUntouched() {
        assertThat(gate(false).check(get("/health", Map.of()))).isInstanceOf(GateResult.Free.class);
        assertThat(facilitator.verifies).hasValue(0);
    }

    @Test
    void firstContactGetsA402WithHeaderAndJsonBody() throws Exception {
        var r = (GateResult.Respond) gate(false).check(get("/weather", Map.of()));
        assertThat(r.status()).isEqualTo(402);
        PaymentRequired fromHeader = PaymentHeaders.decodePaymentRequired(r.headers().get("PAYMENT-REQUIRED"));
        assertThat(fromHeader.accepts()).hasSize(1);
        PaymentRequirements offer = fromHeader.accepts().getFirst();
        assertThat(offer.amount()).isEqualTo(new BigInteger("10000"));
        assertThat(offer.asset()).isEqualTo(USDC);
        assertThat(offer.network()).isEqualTo("eip155:31337");
        assertThat(offer.extraText("name")).contains("USD Coin");
        assertThat(offer.extraText("version")).contains("2");
        assertThat(fromHeader.resource().url()).isEqualTo("https://api.example/weather");
        assertThat(fromHeader.resource().description()).isEqualTo("Weather");
        JsonNode body = X402Json.mapper().readTree(r.body());
        assertThat(body.path("x402Version").asInt()).isEqualTo(2);
        assertThat(body.path("accepts").get(0).path("amount").asText()).isEqualTo("10000");
        assertThat(r.contentType()).isEqualTo("application/json");
    }

    @Test
    void browsersGetAPaywallPage() {
        var r = (GateResult.Respond) gate(false).check(get("/weather", Map.of("Accept", "text/html,application/xhtml+xml")));
        assertThat(r.status()).isEqualTo(402);
        assertThat(r.contentType()).startsWith("text/html");
        String html = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("Payment required").contains("$0.01 USDC").contains("local").contains(PAY_TO).contains("PAYMENT-SIGNATURE");
        assertThat(r.headers()).containsKey("PAYMENT-REQUIRED");
    }

    @Test
    void aValidPaymentIsAdmittedThenSettledAfterASuccessfulHandler() {
        PaymentGate g = gate(false);
        var admitted = (GateResult.Admitted) g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", pay(weatherOffer()))));
        assertThat(admitted.payer()).isEqualTo("0xPayer");
        assertThat(facilitator.settles).hasValue(0);

        var done = (PaymentGate.Completion.Deliver) g.complete(admitted, 200);
        assertThat(facilitator.settles).hasValue(1);
        SettleResponse header = PaymentHeaders.decodeSettleResponse("PAYMENT-RESPONSE", done.headers().get("PAYMENT-RESPONSE"));
        assertThat(header.transaction()).isEqualTo("0xtx1");
        assertThat(facilitator.lastSettle.paymentRequirements()).isEqualTo(weatherOffer());
    }

    @Test
    void aFailedHandlerIsNeverCharged() {
        PaymentGate g = gate(false);
        var admitted = (GateResult.Admitted) g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", pay(weatherOffer()))));
        var done = (PaymentGate.Completion.Deliver) g.complete(admitted, 500);
        assertThat(done.headers()).isEmpty();
        assertThat(facilitator.settles).hasValue(0);
    }

    @Test
    void settleBeforeHandlerChargesFirstAndRefusesOnFailure() {
        PaymentGate g = gate(true);
        var admitted = (GateResult.Admitted) g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", pay(weatherOffer()))));
        assertThat(facilitator.settles).hasValue(1);
        assertThat(admitted.settled().success()).isTrue();
        assertThat(g.complete(admitted, 200)).isInstanceOf(PaymentGate.Completion.Deliver.class);
        assertThat(facilitator.settles).hasValue(1);

        facilitator.settleAnswer = SettleResponse.failure("invalid_exact_evm_nonce_already_used", "used", "0xPayer", "", "eip155:31337");
        var refused = (GateResult.Respond) g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", pay(weatherOffer()))));
        assertThat(refused.status()).isEqualTo(402);
        assertThat(PaymentHeaders.decodePaymentRequired(refused.headers().get("PAYMENT-REQUIRED")).error())
                .isEqualTo("invalid_exact_evm_nonce_already_used");
    }

    @Test
    void aFailedSettlementAfterTheHandlerBecomesA402() {
        PaymentGate g = gate(false);
        var admitted = (GateResult.Admitted) g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", pay(weatherOffer()))));
        facilitator.settleAnswer = SettleResponse.failure("invalid_exact_evm_transaction_failed", "reverted", "0xPayer", "0xtx", "eip155:31337");
        var refuse = (PaymentGate.Completion.Refuse) g.complete(admitted, 200);
        assertThat(refuse.response().status()).isEqualTo(402);
    }

    @Test
    void aPaymentForOtherTermsThanOfferedIsRefusedWithoutVerifying() {
        PaymentRequirements cheaper = new PaymentRequirements("exact", "eip155:31337", BigInteger.ONE, USDC, PAY_TO, 60, null);
        var r = (GateResult.Respond) gate(false).check(get("/weather", Map.of("PAYMENT-SIGNATURE", pay(cheaper))));
        assertThat(r.status()).isEqualTo(402);
        assertThat(PaymentHeaders.decodePaymentRequired(r.headers().get("PAYMENT-REQUIRED")).error())
                .startsWith("invalid_payment_requirements");
        assertThat(facilitator.verifies).hasValue(0);
    }

    @Test
    void anInvalidPaymentGetsA402WithTheReason() {
        facilitator.verifyAnswer = VerifyResponse.invalid("invalid_exact_evm_signature", "bad", "0xPayer");
        var r = (GateResult.Respond) gate(false).check(get("/weather", Map.of("PAYMENT-SIGNATURE", pay(weatherOffer()))));
        assertThat(r.status()).isEqualTo(402);
        assertThat(PaymentHeaders.decodePaymentRequired(r.headers().get("PAYMENT-REQUIRED")).error()).isEqualTo("invalid_exact_evm_signature");
    }

    @Test
    void aMalformedPaymentHeaderIs400WithAJsonReason() throws Exception {
        var r = (GateResult.Respond) gate(false).check(get("/weather", Map.of("PAYMENT-SIGNATURE", "%%%")));
        assertThat(r.status()).isEqualTo(400);
        JsonNode body = X402Json.mapper().readTree(r.body());
        assertThat(body.path("error").asText()).isEqualTo("invalid_payload");
        assertThat(body.path("message").asText()).isEqualTo("PAYMENT-SIGNATURE is not valid base64");
    }

    @Test
    void v1ClientsPayWithXPaymentAndGetV1Answers() throws Exception {
        PaymentGate g = gate(false);
        ObjectNode v1 = X402Json.mapper().createObjectNode().put("x402Version", 1).put("scheme", "exact").put("network", "local");
        v1.putObject("payload").put("signature", "0xsig");
        var admitted = (GateResult.Admitted) g.check(get("/weather", Map.of("X-PAYMENT", PaymentHeaders.encode(v1))));
        assertThat(admitted.version()).isEqualTo(1);
        var done = (PaymentGate.Completion.Deliver) g.complete(admitted, 200);
        assertThat(done.headers()).containsKey("X-PAYMENT-RESPONSE");
        JsonNode settled = PaymentHeaders.decodeTree("X-PAYMENT-RESPONSE", done.headers().get("X-PAYMENT-RESPONSE"));
        assertThat(settled.path("network").asText()).isEqualTo("local");

        facilitator.verifyAnswer = VerifyResponse.invalid("invalid_exact_evm_signature", "bad", null);
        var refused = (GateResult.Respond) g.check(get("/weather", Map.of("X-PAYMENT", PaymentHeaders.encode(v1))));
        JsonNode body = X402Json.mapper().readTree(refused.body());
        assertThat(body.path("x402Version").asInt()).isEqualTo(1);
        assertThat(body.path("accepts").get(0).path("maxAmountRequired").asText()).isEqualTo("10000");
        assertThat(body.path("accepts").get(0).path("network").asText()).isEqualTo("local");
    }

    @Test
    void wildcardRoutesAndHeaderAliases() {
        PaymentGate g = PaymentGate.builder(facilitator).networks(NETS).paymentHeaderAlias("X-Pay")
                .route(PaidRoute.of("*", "/files/*", Offer.atomic(new BigInteger("5"), USDC, "eip155:31337", PAY_TO)))
                .build();
        assertThat(g.route("POST", "/files/a/b")).isPresent();
        assertThat(g.route("GET", "/files")).isPresent();
        assertThat(g.route("GET", "/filesystem")).isEmpty();
        PaymentRequirements five = Offer.atomic(new BigInteger("5"), USDC, "eip155:31337", PAY_TO).toRequirements(NETS);
        assertThat(g.check(get("/files/x", Map.of("X-PAY", pay(five))))).isInstanceOf(GateResult.Admitted.class);
    }

    @Test
    void acceptsResultsAreCachedUnlessTimeDependent() {
        PaymentGate g = PaymentGate.builder(facilitator).networks(NETS).useAccepts(java.time.Duration.ofMinutes(1))
                .route(PaidRoute.of("GET", "/weather", Offer.usd("$0.01", "local", PAY_TO)))
                .build();
        var first = (GateResult.Respond) g.check(get("/weather", Map.of()));
        g.check(get("/weather", Map.of()));
        assertThat(facilitator.acceptsCalls).hasValue(1);
        assertThat(PaymentHeaders.decodePaymentRequired(first.headers().get("PAYMENT-REQUIRED")).accepts().getFirst().extraText("feePayer"))
                .contains("F");
    }

    @Test
    void badOffersStopTheBuildNamingTheRoute() {
        assertThatThrownBy(() -> PaymentGate.builder(facilitator).networks(NETS)
                        .route(PaidRoute.of("GET", "/a", Offer.usd("$0.0000001", "local", PAY_TO)))
                        .route(PaidRoute.of("GET", "/b", Offer.usd("$1", "atlantis", PAY_TO)))
                        .build())
                .hasMessageContaining("route GET /a: price $0.0000001 has more precision")
                .hasMessageContaining("route GET /b: offer network 'atlantis' is unknown");
    }

    @Test
    void inProcessClientDelegatesToAFacilitator() {
        Facilitator f = Facilitator.builder().scheme(new dev.x402j.core.FakeChainSchemeAccess().scheme()).build();
        assertThat(new InProcessFacilitatorClient(f).supported().kinds()).hasSize(1);
    }

    @Test
    void theSamePaymentCannotBuyTwoResponsesAtOnce() {
        PaymentGate g = gate(false);
        String header = pay(weatherOffer());
        var first = (GateResult.Admitted) g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", header)));
        var second = (GateResult.Respond) g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", header)));
        assertThat(second.status()).isEqualTo(402);
        assertThat(PaymentHeaders.decodePaymentRequired(second.headers().get("PAYMENT-REQUIRED")).error())
                .startsWith("duplicate_settlement");
        assertThat(facilitator.verifies).hasValue(1);

        g.complete(first, 200);
        // Once completed, the payment is no longer held: a later use is the facilitator's to judge (nonce used).
        facilitator.verifyAnswer = VerifyResponse.invalid("invalid_exact_evm_nonce_already_used", "used", "0xPayer");
        var later = (GateResult.Respond) g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", header)));
        assertThat(PaymentHeaders.decodePaymentRequired(later.headers().get("PAYMENT-REQUIRED")).error())
                .isEqualTo("invalid_exact_evm_nonce_already_used");
    }

    @Test
    void aRefusedPaymentIsNotHeldAgainstARetry() {
        PaymentGate g = gate(false);
        String header = pay(weatherOffer());
        facilitator.verifyAnswer = VerifyResponse.invalid("invalid_exact_evm_insufficient_balance", "poor", "0xPayer");
        assertThat(g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", header)))).isInstanceOf(GateResult.Respond.class);
        facilitator.verifyAnswer = VerifyResponse.valid("0xPayer");
        assertThat(g.check(get("/weather", Map.of("PAYMENT-SIGNATURE", header)))).isInstanceOf(GateResult.Admitted.class);
    }
}
