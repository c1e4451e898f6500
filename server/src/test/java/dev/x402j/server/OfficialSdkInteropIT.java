package dev.x402j.server;

import dev.x402j.evm.EvmDevChain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Facilitator;
import dev.x402j.core.client.PaidResponse;
import dev.x402j.core.client.SpendingPolicy;
import dev.x402j.core.client.X402Client;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.wire.PaymentHeaders;
import dev.x402j.core.wire.X402Json;
import dev.x402j.evm.EvmPaymentSigner;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * x402j against the official x402 TypeScript SDK ({@code @x402/fetch} and {@code @x402/express} 2.27.0, run from
 * {@code interop/}), on the dev-mode server's real anvil chain with its test USDC:
 * <ol>
 *   <li>the official client pays the demo route that x402j's Micronaut gate guards, settled by x402j's facilitator;</li>
 *   <li>the official resource server uses x402j's facilitator over HTTP ({@code /supported}, {@code /verify},
 *       {@code /settle}) and the official client pays it;</li>
 *   <li>x402j's {@link X402Client} pays the official resource server.</li>
 * </ol>
 * In each, the payee gains and the payer loses exactly the price, once; {@code PAYMENT-RESPONSE} names a mined
 * transaction; a replayed payment and a payment altered after signing are refused without a transfer. Needs Node.js
 * and {@code npm ci --prefix interop}; without them the tests fail and say so.
 */
class OfficialSdkInteropIT {
    private static final BigInteger PRICE = BigInteger.valueOf(10_000);
    private static final String NETWORK = "eip155:31337";

    private static OfficialSdk sdk;
    private static TestServer server;
    private static EvmDevChain chain;
    private static String facilitatorUrl;
    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void start() {
        sdk = OfficialSdk.locate();
        server = TestServer.start(Map.of(), Map.of());
        chain = server.context.getBean(DevChains.class).get(EvmDevChain.class);
        facilitatorUrl = "http://127.0.0.1:" + server.server.getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private record Balances(BigInteger payer, BigInteger payee) {
        Balances paid(BigInteger amount) {
            return new Balances(payer.subtract(amount), payee.add(amount));
        }
    }

    private static Balances balances() {
        return new Balances(chain.usdc().balanceOf(chain.payer().address()), chain.usdc().balanceOf(chain.payeeAccount().address()));
    }

    private static String payerKey() {
        return chain.payer().privateKeyHex();
    }

    private static HttpResponse<String> get(URI url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(90));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> withPayment(URI url, String paymentHeader) throws IOException, InterruptedException {
        return get(url, Map.of(PaymentHeaders.PAYMENT_SIGNATURE, paymentHeader));
    }

    private static String paymentRequiredHeader(URI url) throws IOException, InterruptedException {
        HttpResponse<String> r = get(url, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(402);
        return r.headers().firstValue(PaymentHeaders.PAYMENT_REQUIRED).orElseThrow();
    }

    /** The settlement a paid response carries: a success, with a mined transfer of the token. */
    private static void assertSettled(JsonNode settlement) {
        assertThat(settlement.path("success").asBoolean()).as(settlement.toString()).isTrue();
        assertThat(settlement.path("network").asText()).isEqualTo(NETWORK);
        assertThat(settlement.path("payer").asText()).isEqualToIgnoringCase(chain.payer().address());
        String tx = settlement.path("transaction").asText();
        assertThat(tx).matches("0x[0-9a-f]{64}");
        JsonNode receipt = chain.usdc().chain().waitForReceipt(tx);
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
        assertThat(receipt.path("to").asText()).isEqualToIgnoringCase(chain.usdc().address());
    }

    private static JsonNode settlementOf(HttpResponse<?> r) {
        String header = r.headers().firstValue(PaymentHeaders.PAYMENT_RESPONSE)
                .orElseThrow(() -> new AssertionError("no PAYMENT-RESPONSE on " + r.statusCode()));
        return PaymentHeaders.decodeTree(PaymentHeaders.PAYMENT_RESPONSE, header);
    }

    private static String encode(JsonNode payment) {
        return Base64.getEncoder().encodeToString(X402Json.write(payment));
    }

    /** The payment with its signed authorization's value changed after signing. */
    private static String withValue(String paymentHeader, String value) {
        ObjectNode payment = (ObjectNode) PaymentHeaders.decodeTree(PaymentHeaders.PAYMENT_SIGNATURE, paymentHeader);
        ((ObjectNode) payment.path("payload").path("authorization")).put("value", value);
        return encode(payment);
    }

    private static String refusal(HttpResponse<?> r) {
        return PaymentHeaders.decodePaymentRequired(r.headers().firstValue(PaymentHeaders.PAYMENT_REQUIRED).orElseThrow()).error();
    }

    // ------------------------------------------------------------------------------------------------ 1

    @Test
    void theOfficialClientPaysARouteGuardedByTheX402jGate() throws Exception {
        URI demo = URI.create(facilitatorUrl + DemoPaidRoute.PATH);
        Balances before = balances();

        JsonNode paid = sdk.pay(demo.toString(), payerKey());

        assertThat(paid.path("status").asInt()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.path("body").path("weather").asText()).isEqualTo("sunny");
        assertThat(paid.path("body").path("paidBy").asText()).isEqualToIgnoringCase(chain.payer().address());
        JsonNode offer = paid.path("paymentRequired").path("accepts").path(0);
        assertThat(offer.path("network").asText()).isEqualTo(NETWORK);
        assertThat(offer.path("amount").asText()).isEqualTo("10000");
        assertThat(offer.path("asset").asText()).isEqualToIgnoringCase(chain.usdc().address());
        assertThat(offer.path("payTo").asText()).isEqualTo(chain.payeeAccount().address());
        assertSettled(paid.path("paymentResponse"));
        Balances after = balances();
        assertThat(after).isEqualTo(before.paid(PRICE));

        // The official client's payment, replayed: the gate refuses it (the nonce is used) and nothing moves.
        HttpResponse<String> replay = withPayment(demo, encode(paid.path("paymentPayload")));
        assertThat(replay.statusCode()).isEqualTo(402);
        assertThat(refusal(replay)).isEqualTo("invalid_exact_evm_nonce_already_used");
        assertThat(replay.headers().firstValue(PaymentHeaders.PAYMENT_RESPONSE)).isEmpty();
        assertThat(balances()).isEqualTo(after);

        // A fresh payment signed by the official client, its amount raised after signing: refused, nothing moves.
        String signed = sdk.signedPayment(paymentRequiredHeader(demo), payerKey());
        HttpResponse<String> tampered = withPayment(demo, withValue(signed, "20000"));
        assertThat(tampered.statusCode()).isEqualTo(402);
        assertThat(refusal(tampered)).isEqualTo("invalid_exact_evm_signature");
        assertThat(balances()).isEqualTo(after);

        // The same payment untouched is good: the tampering alone was refused.
        HttpResponse<String> honest = withPayment(demo, signed);
        assertThat(honest.statusCode()).as(honest.body()).isEqualTo(200);
        assertSettled(settlementOf(honest));
        assertThat(balances()).isEqualTo(after.paid(PRICE));
    }

    // ------------------------------------------------------------------------------------------------ 2

    @Test
    void theOfficialResourceServerVerifiesAndSettlesThroughTheX402jFacilitator() throws Exception {
        try (OfficialSdk.ResourceServer rs = sdk.resourceServer(facilitatorUrl, PRICE.toString(), chain.usdc().address(),
                NETWORK, chain.payeeAccount().address())) {
            URI weather = rs.base().resolve("/weather");
            Balances before = balances();

            JsonNode paid = sdk.pay(weather.toString(), payerKey());

            assertThat(paid.path("status").asInt()).as(paid + " " + rs.log()).isEqualTo(200);
            assertThat(paid.path("body").path("weather").asText()).isEqualTo("sunny");
            assertSettled(paid.path("paymentResponse"));
            Balances after = balances();
            assertThat(after).isEqualTo(before.paid(PRICE));
            // The official server got x402j's answers: a valid verification, then the settlement the client received.
            assertThat(rs.events(2)).extracting(e -> e.path("event").asText()).containsExactly("verify", "settle");
            assertThat(rs.events(1).get(0).path("result").path("isValid").asBoolean()).isTrue();
            assertThat(rs.events(2).get(1).path("result").path("transaction").asText())
                    .isEqualTo(paid.path("paymentResponse").path("transaction").asText());

            // Replayed: x402j's /verify reports the used nonce, the official server refuses, nothing moves.
            HttpResponse<String> replay = withPayment(weather, encode(paid.path("paymentPayload")));
            assertThat(replay.statusCode()).isEqualTo(402);
            assertThat(replay.headers().firstValue(PaymentHeaders.PAYMENT_RESPONSE)).isEmpty();
            assertThat(rs.events(3).get(2).path("result").path("invalidReason").asText())
                    .isEqualTo("invalid_exact_evm_nonce_already_used");
            assertThat(balances()).isEqualTo(after);

            // Altered after signing: refused as a bad signature, nothing moves; untouched, it pays.
            String signed = sdk.signedPayment(paymentRequiredHeader(weather), payerKey());
            HttpResponse<String> tampered = withPayment(weather, withValue(signed, "20000"));
            assertThat(tampered.statusCode()).isEqualTo(402);
            assertThat(rs.events(4).get(3).path("result").path("invalidReason").asText()).isEqualTo("invalid_exact_evm_signature");
            assertThat(balances()).isEqualTo(after);
            HttpResponse<String> honest = withPayment(weather, signed);
            assertThat(honest.statusCode()).as(honest.body() + " " + rs.log()).isEqualTo(200);
            assertSettled(settlementOf(honest));
            assertThat(balances()).isEqualTo(after.paid(PRICE));
        }
    }

    // ------------------------------------------------------------------------------------------------ 2, with an API key

    @Test
    void theOfficialResourceServerSendsTheApiKeyThatTheX402jFacilitatorRequires() throws Exception {
        String key = "interop-api-key-0123456789abcdef";
        try (TestServer keyed = TestServer.start(Map.of("X402J_API_KEYS", "another-key-0123456789," + key), Map.of())) {
            EvmDevChain keyedChain = keyed.context.getBean(DevChains.class).get(EvmDevChain.class);
            String keyedUrl = "http://127.0.0.1:" + keyed.server.getPort();
            String payer = keyedChain.payer().privateKeyHex();
            java.util.function.Supplier<Balances> balances = () -> new Balances(
                    keyedChain.usdc().balanceOf(keyedChain.payer().address()),
                    keyedChain.usdc().balanceOf(keyedChain.payeeAccount().address()));

            // Without the key the official server still starts (/supported is open) but cannot verify: nothing moves.
            try (OfficialSdk.ResourceServer rs = sdk.resourceServer(keyedUrl, PRICE.toString(),
                    keyedChain.usdc().address(), NETWORK, keyedChain.payeeAccount().address())) {
                Balances before = balances.get();
                JsonNode refused = sdk.pay(rs.base().resolve("/weather").toString(), payer);
                assertThat(refused.path("status").asInt()).as(refused + " " + rs.log()).isNotEqualTo(200);
                assertThat(balances.get()).isEqualTo(before);
            }

            // With it (createAuthHeaders), the official server verifies and settles through x402j: paid once.
            try (OfficialSdk.ResourceServer rs = sdk.resourceServer(keyedUrl, PRICE.toString(),
                    keyedChain.usdc().address(), NETWORK, keyedChain.payeeAccount().address(), key)) {
                Balances before = balances.get();
                JsonNode paid = sdk.pay(rs.base().resolve("/weather").toString(), payer);
                assertThat(paid.path("status").asInt()).as(paid + " " + rs.log()).isEqualTo(200);
                assertThat(paid.path("body").path("weather").asText()).isEqualTo("sunny");
                assertThat(paid.path("paymentResponse").path("success").asBoolean()).as(paid.toString()).isTrue();
                assertThat(rs.events(2)).extracting(e -> e.path("event").asText()).containsExactly("verify", "settle");
                assertThat(balances.get()).isEqualTo(before.paid(PRICE));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ 3

    @Test
    void theX402jClientPaysTheOfficialResourceServer() throws Exception {
        try (OfficialSdk.ResourceServer rs = sdk.resourceServer(facilitatorUrl, PRICE.toString(), chain.usdc().address(),
                NETWORK, chain.payeeAccount().address())) {
            URI weather = rs.base().resolve("/weather");
            X402Client client = X402Client.builder()
                    .httpClient(http)
                    .signer(EvmPaymentSigner.fromHex(payerKey()))
                    .policy(SpendingPolicy.builder().maxUsdc("$0.05").build())
                    .networks(server.context.getBean(Facilitator.class).networks())
                    .build();
            Balances before = balances();

            PaidResponse<String> paid = client.send(HttpRequest.newBuilder(weather).timeout(Duration.ofSeconds(90)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(paid.statusCode()).as(paid.body() + " " + rs.log()).isEqualTo(200);
            assertThat(X402Json.mapper().readTree(paid.body()).path("weather").asText()).isEqualTo("sunny");
            assertThat(paid.paid().orElseThrow().amount()).isEqualTo(PRICE);
            SettleResponse settlement = paid.settlement().orElseThrow();
            assertSettled(X402Json.mapper().valueToTree(settlement));
            Balances after = balances();
            assertThat(after).isEqualTo(before.paid(PRICE));

            // An x402j-signed payment sent twice: the second is refused and nothing moves.
            PaymentRequired required = PaymentHeaders.decodePaymentRequired(paymentRequiredHeader(weather));
            PaymentPayload payment = EvmPaymentSigner.fromHex(payerKey()).pay(required.accepts().get(0), required.resource(), Instant.now());
            String header = PaymentHeaders.encode(payment);
            String tamperedHeader = withValue(PaymentHeaders.encode(
                    EvmPaymentSigner.fromHex(payerKey()).pay(required.accepts().get(0), required.resource(), Instant.now())), "1");
            HttpResponse<String> first = withPayment(weather, header);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertSettled(settlementOf(first));
            Balances afterSecond = balances();
            assertThat(afterSecond).isEqualTo(after.paid(PRICE));
            HttpResponse<String> replay = withPayment(weather, header);
            assertThat(replay.statusCode()).isEqualTo(402);
            assertThat(balances()).isEqualTo(afterSecond);

            // Altered after signing (a smaller value): refused, nothing moves.
            HttpResponse<String> tampered = withPayment(weather, tamperedHeader);
            assertThat(tampered.statusCode()).isEqualTo(402);
            assertThat(balances()).isEqualTo(afterSecond);
            List<String> reasons = rs.eventsOnce(events -> events.stream()
                            .anyMatch(e -> e.path("result").path("invalidReason").asText().equals("invalid_exact_evm_signature")))
                    .stream().map(e -> e.path("result").path("invalidReason").asText()).toList();
            assertThat(reasons).containsSubsequence("invalid_exact_evm_nonce_already_used", "invalid_exact_evm_signature");
        }
    }
}
