package dev.x402j.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.TrackedPayment;
import dev.x402j.core.TrackingStore;
import dev.x402j.core.client.PaidResponse;
import dev.x402j.core.client.SpendingPolicy;
import dev.x402j.core.client.X402Client;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.wire.PaymentHeaders;
import dev.x402j.core.wire.X402Json;
import dev.x402j.evm.EvmPaymentSigner;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.TestUsdc;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Micronaut app charging through the binding — {@link WeatherController}'s {@link Paid} methods and the
 * {@code /reports/*} route of {@code application.yml} — on a real anvil chain with the testkit's USDC, settled by an
 * in-process facilitator ({@link TestBeans}). x402j's own {@link X402Client} pays, with an {@link EvmPaymentSigner}.
 * The gate tracks every paid request into the application's {@link TrackingStore} bean, asynchronously as by default.
 */
class PaidMicronautIT {
    private static final BigInteger CENT = BigInteger.valueOf(10_000);

    private static AnvilChain anvil;
    private static TestChain chain;
    private static ApplicationContext context;
    private static URI base;
    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @BeforeAll
    static void start() {
        anvil = AnvilChain.start(TestChain.CHAIN_ID);
        TestUsdc usdc = TestUsdc.deploy(anvil);
        chain = new TestChain(anvil, usdc);
        usdc.mint(chain.payer().address(), BigInteger.valueOf(100_000_000));
        context = ApplicationContext.builder()
                .properties(Map.of(
                        "micronaut.server.port", -1,
                        "test.pay-to", chain.payee().address(),
                        "test.usdc", usdc.address()))
                .singletons(chain)
                .start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        base = URI.create("http://localhost:" + server.getPort());
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static X402Client client(DevAccount payer) {
        return X402Client.builder()
                .httpClient(http)
                .signer(EvmPaymentSigner.fromHex(payer.privateKeyHex()))
                .policy(SpendingPolicy.builder().maxUsdc("$0.05").build())
                .networks(chain.networks())
                .build();
    }

    private static PaidResponse<String> pay(DevAccount payer, String path) throws IOException, InterruptedException {
        return client(payer).send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Balances(BigInteger payer, BigInteger payee) {}

    private static Balances balances(DevAccount payer) {
        return new Balances(chain.usdc().balanceOf(payer.address()), chain.usdc().balanceOf(chain.payee().address()));
    }

    private static int runs(String handler) {
        return WeatherController.RUNS.computeIfAbsent(handler, k -> new AtomicInteger()).get();
    }

    private static PaymentRequired required(HttpResponse<?> response) {
        return PaymentHeaders.decodePaymentRequired(response.headers().firstValue(PaymentHeaders.PAYMENT_REQUIRED).orElseThrow(
                () -> new AssertionError("no PAYMENT-REQUIRED header on " + response.statusCode())));
    }

    /** A payment for the first offer of {@code path}'s 402, signed by the payer, as a PAYMENT-SIGNATURE value. */
    private static PaymentPayload signedFor(String path) throws IOException, InterruptedException {
        HttpResponse<String> first = get(path, Map.of());
        assertThat(first.statusCode()).isEqualTo(402);
        PaymentRequired required = required(first);
        return EvmPaymentSigner.fromHex(chain.payer().privateKeyHex())
                .pay(required.accepts().get(0), required.resource(), Instant.now());
    }

    private static void assertSettledOnChain(SettleResponse settlement, DevAccount payer) {
        assertThat(settlement.success()).as(settlement.toString()).isTrue();
        assertThat(settlement.transaction()).matches("0x[0-9a-f]{64}");
        assertThat(settlement.network()).isEqualTo("eip155:31337");
        assertThat(settlement.payer()).isEqualToIgnoringCase(payer.address());
        JsonNode receipt = anvil.waitForReceipt(settlement.transaction());
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
        assertThat(receipt.path("to").asText()).isEqualToIgnoringCase(chain.usdc().address());
    }

    /**
     * The one tracking record matching {@code which} once it has ended. Records are written asynchronously, after the
     * response: this waits for the write (up to 30 s), it does not time anything.
     */
    private static TrackedPayment trackedOnceEnded(Predicate<TrackedPayment> which) throws InterruptedException {
        TrackingStore store = context.getBean(TrackingStore.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            var ended = store.list(TrackingStore.Query.all(1000)).items().stream()
                    .filter(which).filter(p -> p.finishedAt() != null).toList();
            if (ended.size() == 1) {
                return ended.getFirst();
            }
            assertThat(ended).as("tracking records matching").hasSizeLessThanOrEqualTo(1);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no ended tracking record matched; records: " + store.list(TrackingStore.Query.all(1000)).items());
            }
            Thread.sleep(20);
        }
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void withoutPaymentAProgramGets402WithTheOffersInPaymentRequired() throws Exception {
        HttpResponse<String> r = get("/weather", Map.of("Accept", "application/json"));

        assertThat(r.statusCode()).isEqualTo(402);
        PaymentRequired required = required(r);
        assertThat(required.x402Version()).isEqualTo(2);
        assertThat(required.resource().url()).isEqualTo(base + "/weather");
        assertThat(required.resource().description()).isEqualTo("Weather report");
        assertThat(required.resource().mimeType()).isEqualTo("application/json");
        PaymentRequirements offer = required.accepts().get(0);
        assertThat(offer.scheme()).isEqualTo("exact");
        assertThat(offer.network()).isEqualTo("eip155:31337");
        assertThat(offer.amount()).isEqualTo(CENT);
        assertThat(offer.asset()).isEqualToIgnoringCase(chain.usdc().address());
        assertThat(offer.payTo()).isEqualTo(chain.payee().address());
        assertThat(offer.extraText("name")).contains("USD Coin");
        assertThat(offer.extraText("version")).contains("2");
        JsonNode body = X402Json.mapper().readTree(r.body());
        assertThat(body.path("x402Version").asInt()).isEqualTo(2);
        assertThat(body.path("accepts")).hasSize(1);
        assertThat(runs("weather")).isZero();
    }

    @Test
    void aBrowserGetsThePaywallPage() throws Exception {
        HttpResponse<String> r = get("/weather", Map.of("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"));

        assertThat(r.statusCode()).isEqualTo(402);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("<h1>Payment required</h1>", "$0.01 USDC", chain.payee().address());
        assertThat(r.headers().firstValue(PaymentHeaders.PAYMENT_REQUIRED)).isPresent();
    }

    @Test
    void x402ClientPaysAnAnnotatedRouteExactlyOnce() throws Exception {
        Balances before = balances(chain.payer());
        int runs = runs("weather");

        PaidResponse<String> r = pay(chain.payer(), "/weather");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = X402Json.mapper().readTree(r.body());
        assertThat(body.path("weather").asText()).isEqualTo("sunny");
        // The controller saw the verified payment through PaymentAttributes.
        assertThat(body.path("payer").asText()).isEqualToIgnoringCase(chain.payer().address());
        assertSettledOnChain(r.settlement().orElseThrow(), chain.payer());
        assertThat(r.response().headers().firstValue(PaymentHeaders.PAYMENT_RESPONSE)).isPresent();
        Balances after = balances(chain.payer());
        assertThat(after.payer()).isEqualTo(before.payer().subtract(CENT));
        assertThat(after.payee()).isEqualTo(before.payee().add(CENT));
        assertThat(runs("weather")).isEqualTo(runs + 1);
    }

    @Test
    void aTemplatedRouteWithTwoOffersIsPaidInTheFirstOnesAtomicAmount() throws Exception {
        HttpResponse<String> unpaid = get("/items/7", Map.of());
        assertThat(unpaid.statusCode()).isEqualTo(402);
        assertThat(required(unpaid).accepts()).extracting(PaymentRequirements::amount)
                .containsExactly(BigInteger.valueOf(5000), BigInteger.valueOf(50_000));
        assertThat(required(unpaid).accepts().get(0).maxTimeoutSeconds()).isEqualTo(120);
        Balances before = balances(chain.payer());

        PaidResponse<String> r = pay(chain.payer(), "/items/42");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"item\":\"42\"");
        assertThat(r.paid().orElseThrow().amount()).isEqualTo(BigInteger.valueOf(5000));
        assertSettledOnChain(r.settlement().orElseThrow(), chain.payer());
        assertThat(balances(chain.payer()).payee()).isEqualTo(before.payee().add(BigInteger.valueOf(5000)));
        assertThat(balances(chain.payer()).payer()).isEqualTo(before.payer().subtract(BigInteger.valueOf(5000)));
    }

    @Test
    void aRouteConfiguredInApplicationYmlIsPaid() throws Exception {
        HttpResponse<String> unpaid = get("/reports/daily", Map.of());
        assertThat(unpaid.statusCode()).isEqualTo(402);
        assertThat(required(unpaid).resource().description()).isEqualTo("Daily reports");
        BigInteger price = BigInteger.valueOf(20_000);
        assertThat(required(unpaid).accepts().get(0).amount()).isEqualTo(price);
        Balances before = balances(chain.payer());

        PaidResponse<String> r = pay(chain.payer(), "/reports/daily");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"report\":\"daily\"");
        assertSettledOnChain(r.settlement().orElseThrow(), chain.payer());
        assertThat(balances(chain.payer())).isEqualTo(new Balances(before.payer().subtract(price), before.payee().add(price)));
    }

    @Test
    void aReplayedPaymentHeaderIsRefusedWithoutATransfer() throws Exception {
        String header = PaymentHeaders.encode(signedFor("/weather"));
        Balances before = balances(chain.payer());
        int runs = runs("weather");

        HttpResponse<String> first = get("/weather", Map.of(PaymentHeaders.PAYMENT_SIGNATURE, header));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        SettleResponse settled = PaymentHeaders.decodeSettleResponse(PaymentHeaders.PAYMENT_RESPONSE,
                first.headers().firstValue(PaymentHeaders.PAYMENT_RESPONSE).orElseThrow());
        assertSettledOnChain(settled, chain.payer());
        Balances paid = balances(chain.payer());
        assertThat(paid).isEqualTo(new Balances(before.payer().subtract(CENT), before.payee().add(CENT)));

        HttpResponse<String> replay = get("/weather", Map.of(PaymentHeaders.PAYMENT_SIGNATURE, header));

        assertThat(replay.statusCode()).isEqualTo(402);
        assertThat(required(replay).error()).isEqualTo("invalid_exact_evm_nonce_already_used");
        assertThat(replay.headers().firstValue(PaymentHeaders.PAYMENT_RESPONSE)).isEmpty();
        assertThat(balances(chain.payer())).isEqualTo(paid);
        assertThat(runs("weather")).isEqualTo(runs + 1);
    }

    @Test
    void aPaymentWhoseAmountWasChangedAfterSigningIsRefused() throws Exception {
        PaymentPayload signed = signedFor("/weather");
        Balances before = balances(chain.payer());
        int runs = runs("weather");

        // The signed authorization's value raised after signing: the signature no longer matches it.
        ObjectNode tampered = X402Json.mapper().valueToTree(signed);
        ((ObjectNode) tampered.path("payload").path("authorization")).put("value", "20000");
        ((ObjectNode) tampered.path("accepted")).put("amount", "20000");
        HttpResponse<String> raised = get("/weather", Map.of(PaymentHeaders.PAYMENT_SIGNATURE, base64(tampered)));
        assertThat(raised.statusCode()).isEqualTo(402);
        assertThat(required(raised).error()).startsWith("invalid_payment_requirements");

        // Only the authorization's value changed, the claimed offer kept: the facilitator refuses the signature.
        ObjectNode lowered = X402Json.mapper().valueToTree(signed);
        ((ObjectNode) lowered.path("payload").path("authorization")).put("value", "1");
        HttpResponse<String> r = get("/weather", Map.of(PaymentHeaders.PAYMENT_SIGNATURE, base64(lowered)));
        assertThat(r.statusCode()).isEqualTo(402);
        assertThat(required(r).error()).isIn("invalid_exact_evm_signature", "invalid_exact_evm_authorization_value");

        assertThat(balances(chain.payer())).isEqualTo(before);
        assertThat(runs("weather")).isEqualTo(runs);
        // The untouched payment is still good: nothing was consumed.
        assertThat(get("/weather", Map.of(PaymentHeaders.PAYMENT_SIGNATURE, PaymentHeaders.encode(signed))).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aFailingControllerIsNotCharged() throws Exception {
        Balances before = balances(chain.payer());
        int runs = runs("broken");

        PaidResponse<String> r = pay(chain.payer(), "/broken");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.settlement()).isEmpty();
        assertThat(runs("broken")).isEqualTo(runs + 1);
        assertThat(balances(chain.payer())).isEqualTo(before);
    }

    @Test
    void whenSettlementFailsTheControllersResponseIsReplacedByA402() throws Exception {
        DevAccount payer = chain.drained();
        chain.usdc().mint(payer.address(), CENT.multiply(BigInteger.TEN));
        BigInteger payeeBefore = chain.usdc().balanceOf(chain.payee().address());

        PaidResponse<String> r = pay(payer, "/drain");

        assertThat(runs("drain")).isEqualTo(1);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(402);
        assertThat(r.body()).doesNotContain("drained");
        assertThat(r.settlement()).isEmpty();
        assertThat(required(r.response()).error()).isNotBlank();
        assertThat(chain.usdc().balanceOf(chain.payee().address())).isEqualTo(payeeBefore);
        assertThat(chain.usdc().balanceOf(chain.sink().address())).isEqualTo(CENT.multiply(BigInteger.TEN));
        TrackedPayment tracked = trackedOnceEnded(p -> payer.address().equalsIgnoreCase(p.payer()));
        assertThat(tracked.status()).isEqualTo(TrackedPayment.Status.SETTLE_FAILED);
        assertThat(tracked.errorReason()).isEqualTo(required(r.response()).error());
        assertThat(tracked.resource()).isEqualTo(base + "/drain");
    }

    @Test
    void everySpellingOfAPaidPathAndEveryHeadIsChargedToo() throws Exception {
        // A configured route is matched by its path in the gate's normal form: each spelling gets the 402.
        for (String path : List.of("/upload", "/upload/", "//upload", "/./upload", "/a/../upload", "/%75pload",
                "/reports//daily", "/reports/./daily", "/%72eports/daily", "//reports/daily/")) {
            for (String method : List.of("GET", "HEAD")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(method + " " + path).isEqualTo(402);
                assertThat(r.headers().firstValue(PaymentHeaders.PAYMENT_REQUIRED)).as(method + " " + path).isPresent();
            }
        }
        assertThat(runs("upload")).isZero();
        // An annotated route is matched by the route Micronaut selected: whatever it routes to the handler is charged.
        int weather = runs("weather");
        for (String path : List.of("/weather/", "//weather", "/./weather", "/a/../weather", "/%77eather")) {
            for (String method : List.of("GET", "HEAD")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(method + " " + path).isNotEqualTo(200);
            }
        }
        assertThat(runs("weather")).isEqualTo(weather);
    }

    @Test
    void freeRoutesAreNotTouched() throws Exception {
        HttpResponse<String> r = get("/free", Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("free");
        assertThat(r.headers().firstValue(PaymentHeaders.PAYMENT_REQUIRED)).isEmpty();
    }

    @Test
    void aMalformedPaymentHeaderIs400() throws Exception {
        HttpResponse<String> r = get("/weather", Map.of(PaymentHeaders.PAYMENT_SIGNATURE, "not base64 json!"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(X402Json.mapper().readTree(r.body()).path("error").asText()).isNotBlank();
    }

    @Test
    void everyPaidRequestIsTrackedFromItsStartToTheEndOfItsResponse() throws Exception {
        // A paid request: its record carries the settlement's transaction; the controller saw the record's id.
        PaidResponse<String> r = pay(chain.payer(), "/weather");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String id = X402Json.mapper().readTree(r.body()).path("tracking").asText();
        assertThat(id).isNotBlank();
        SettleResponse settlement = r.settlement().orElseThrow();
        TrackedPayment paid = trackedOnceEnded(p -> p.id().equals(id));
        assertThat(paid.status()).isEqualTo(TrackedPayment.Status.SETTLED);
        assertThat(paid.transaction()).isEqualTo(settlement.transaction());
        assertThat(paid.payer()).isEqualToIgnoringCase(chain.payer().address());
        assertThat(paid.method()).isEqualTo("GET");
        assertThat(paid.resource()).isEqualTo(base + "/weather");
        assertThat(paid.network()).isEqualTo("eip155:31337");
        assertThat(paid.asset()).isEqualToIgnoringCase(chain.usdc().address());
        assertThat(paid.amount()).isEqualTo(CENT);
        assertThat(paid.errorReason()).isNull();
        assertThat(paid.finishedAt()).isAfterOrEqualTo(paid.startedAt());

        // An early exit: no payment, a 402 — recorded with the route's preferred offer.
        assertThat(get("/items/tracked-402?token=hidden", Map.of()).statusCode()).isEqualTo(402);
        TrackedPayment required = trackedOnceEnded(p -> p.resource().equals(base + "/items/tracked-402"));
        assertThat(required.status()).isEqualTo(TrackedPayment.Status.PAYMENT_REQUIRED);
        assertThat(required.amount()).isEqualTo(BigInteger.valueOf(5000));
        assertThat(required.payer()).isNull();
        assertThat(required.transaction()).isNull();

        // A malformed payment: refused before verification, with its reason.
        assertThat(get("/items/tracked-400", Map.of(PaymentHeaders.PAYMENT_SIGNATURE, "%%%")).statusCode()).isEqualTo(400);
        assertThat(trackedOnceEnded(p -> p.resource().equals(base + "/items/tracked-400")))
                .extracting(TrackedPayment::status, TrackedPayment::errorReason)
                .containsExactly(TrackedPayment.Status.VERIFY_FAILED, "invalid_payload");

        // A controller that throws: verified, not charged.
        DevAccount payer = chain.trackedPayer();
        chain.usdc().mint(payer.address(), CENT);
        assertThat(pay(payer, "/broken").statusCode()).isEqualTo(500);
        TrackedPayment broken = trackedOnceEnded(p -> payer.address().equalsIgnoreCase(p.payer()));
        assertThat(broken.resource()).isEqualTo(base + "/broken");
        assertThat(broken.status()).isEqualTo(TrackedPayment.Status.VERIFIED);
        assertThat(broken.errorReason()).isEqualTo("handler_failed");
        assertThat(broken.transaction()).isNull();
    }

    private static String base64(JsonNode json) {
        return Base64.getEncoder().encodeToString(X402Json.write(json));
    }
}
