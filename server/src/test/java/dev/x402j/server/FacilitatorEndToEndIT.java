package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.wire.X402Json;
import dev.x402j.evm.Eip3009Authorization;
import dev.x402j.evm.Eip712Domain;
import dev.x402j.evm.EvmPaymentSigner;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.TestUsdc;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.scheduling.TaskExecutors;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The facilitator through its real HTTP server, settling on a real anvil node that poses as Base Sepolia (chain id
 * 84532) with the testkit's USDC-like token. The server is configured the way users do it, through the environment:
 * {@code EVM_PRIVATE_KEY} (anvil account 0), {@code EVM_NETWORKS=base-sepolia}, {@code EVM_RPC_URL_BASE_SEPOLIA}. The
 * token is not the catalogue's Base Sepolia USDC, so the requirements name it in {@code asset} and give its EIP-712
 * domain in {@code extra}, as a resource server does.
 */
class FacilitatorEndToEndIT {
    private static final BigInteger AMOUNT = BigInteger.valueOf(10_000);
    private static final String NETWORK = "eip155:84532";
    private static final ResourceInfo RESOURCE = new ResourceInfo("https://api.example/weather", "weather", "application/json");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static AnvilChain chain;
    private static TestUsdc usdc;
    private static TestServer server;
    private static DevAccount facilitator;
    private static DevAccount payer;
    private static DevAccount payee;
    private static DevAccount stranger;
    private static DevAccount pauper;
    private static EvmPaymentSigner payerSigner;

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(84532);
        usdc = TestUsdc.deploy(chain);
        facilitator = chain.accounts().get(0);
        payer = chain.accounts().get(1);
        payee = chain.accounts().get(2);
        stranger = chain.accounts().get(3);
        pauper = chain.accounts().get(4);
        usdc.mint(payer.address(), BigInteger.valueOf(100_000_000));
        payerSigner = EvmPaymentSigner.fromHex(payer.privateKeyHex());
        server = TestServer.start(Map.of(
                "EVM_PRIVATE_KEY", facilitator.privateKeyHex(),
                "EVM_NETWORKS", "base-sepolia",
                "EVM_RPC_URL_BASE_SEPOLIA", chain.rpcUrl(),
                "EVM_ASSETS_BASE_SEPOLIA", usdc.address() + ":USDC:6:" + usdc.name() + ":" + usdc.version()), Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static PaymentRequirements requirements() {
        return requirements("USD Coin", "2");
    }

    private static PaymentRequirements requirements(String name, String version) {
        ObjectNode extra = X402Json.mapper().createObjectNode();
        extra.put("name", name);
        extra.put("version", version);
        return new PaymentRequirements("exact", NETWORK, AMOUNT, usdc.address(), payee.address(), 60, extra);
    }

    private static ObjectNode body(PaymentPayload payload, PaymentRequirements requirements) {
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("x402Version", 2);
        body.set("paymentPayload", X402Json.mapper().valueToTree(payload));
        body.set("paymentRequirements", X402Json.mapper().valueToTree(requirements));
        return body;
    }

    private static Eip712Domain domain() {
        return new Eip712Domain("USD Coin", "2", 84532, usdc.address());
    }

    private static Eip3009Authorization auth(String from, String to, BigInteger value, long validAfter, long validBefore) {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return new Eip3009Authorization(from, to, value, BigInteger.valueOf(validAfter), BigInteger.valueOf(validBefore),
                "0x" + HexFormat.of().formatHex(nonce));
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private record Balances(BigInteger payer, BigInteger payee, BigInteger pauper) {
        static Balances read() {
            return readBalances();
        }
    }

    private static Balances readBalances() {
        return new Balances(usdc.balanceOf(payer.address()), usdc.balanceOf(payee.address()),
                usdc.balanceOf(pauper.address()));
    }

    private static JsonNode verify(ObjectNode body) {
        TestServer.Answer a = server.postJson("/verify", body);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        return a.json();
    }

    private static JsonNode settle(ObjectNode body) {
        TestServer.Answer a = server.postJson("/settle", body);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        return a.json();
    }

    /** Verify and settle both refuse with this reason, and no token moves. */
    private static void assertRejected(ObjectNode body, String reason) {
        Balances before = Balances.read();
        JsonNode v = verify(body);
        assertThat(v.path("isValid").asBoolean(true)).as(v.toString()).isFalse();
        assertThat(v.path("invalidReason").asText()).as(v.toString()).isEqualTo(reason);
        JsonNode s = settle(body);
        assertThat(s.path("success").asBoolean(true)).as(s.toString()).isFalse();
        assertThat(s.path("errorReason").asText()).as(s.toString()).isEqualTo(reason);
        assertThat(s.path("transaction").asText()).isEmpty();
        assertThat(s.path("network").asText()).isEqualTo(NETWORK);
        assertThat(Balances.read()).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------ valid

    @Test
    void aValidPaymentVerifiesAndSettlesMovingExactlyTheAmount() {
        PaymentRequirements req = requirements();
        ObjectNode body = body(payerSigner.pay(req, RESOURCE, Instant.now()), req);
        Balances before = Balances.read();

        JsonNode v = verify(body);
        assertThat(v.path("isValid").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.path("payer").asText()).isEqualToIgnoringCase(payer.address());
        assertThat(Balances.read()).isEqualTo(before);

        JsonNode s = settle(body);
        assertThat(s.path("success").asBoolean()).as(s.toString()).isTrue();
        assertThat(s.path("transaction").asText()).matches("0x[0-9a-f]{64}");
        assertThat(s.path("network").asText()).isEqualTo(NETWORK);
        assertThat(s.path("payer").asText()).isEqualToIgnoringCase(payer.address());
        Balances after = Balances.read();
        assertThat(after.payer()).isEqualTo(before.payer().subtract(AMOUNT));
        assertThat(after.payee()).isEqualTo(before.payee().add(AMOUNT));

        // The settled payment replayed: its nonce is used on-chain.
        JsonNode replay = verify(body);
        assertThat(replay.path("isValid").asBoolean(true)).isFalse();
        assertThat(replay.path("invalidReason").asText()).isEqualTo("invalid_exact_evm_nonce_already_used");
    }

    @Test
    void settlingTheSamePaymentTwiceAnswersTheSameTransactionAndMovesMoneyOnce() {
        PaymentRequirements req = requirements();
        ObjectNode body = body(payerSigner.pay(req, RESOURCE, Instant.now()), req);
        Balances before = Balances.read();
        JsonNode first = settle(body);
        JsonNode second = settle(body);
        assertThat(first.path("success").asBoolean()).as(first.toString()).isTrue();
        // The same answer; only the first call owns the settlement (extensions.x402jSettlement.owner).
        assertThat(second.path("extensions").path("x402jSettlement").path("owner").asBoolean(true)).isFalse();
        assertThat(((ObjectNode) second.deepCopy()).<JsonNode>without("extensions")).isEqualTo(((ObjectNode) first.deepCopy()).<JsonNode>without("extensions"));
        assertThat(Balances.read().payee()).isEqualTo(before.payee().add(AMOUNT));
        assertThat(Balances.read().payer()).isEqualTo(before.payer().subtract(AMOUNT));
    }

    @Test
    void twentyConcurrentSettlementsOfOnePaymentMoveMoneyOnceAndAllAnswerTheSame() throws Exception {
        PaymentRequirements req = requirements();
        ObjectNode body = body(payerSigner.pay(req, RESOURCE, Instant.now()), req);
        Balances before = Balances.read();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Answer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return server.postJson("/settle", body);
                }));
            }
            go.countDown();
            List<String> bodies = new ArrayList<>();
            for (Future<TestServer.Answer> f : answers) {
                TestServer.Answer a = f.get();
                assertThat(a.status()).isEqualTo(200);
                bodies.add(a.body());
            }
            JsonNode first = X402Json.mapper().readTree(bodies.get(0));
            assertThat(first.path("success").asBoolean()).as(first.toString()).isTrue();
            assertThat(first.path("transaction").asText()).matches("0x[0-9a-f]{64}");
            // Every answer alike, and exactly one of the calls owns the settlement.
            long owners = 0;
            for (String b : bodies) {
                ObjectNode answer = (ObjectNode) X402Json.mapper().readTree(b);
                owners += answer.path("extensions").path("x402jSettlement").path("owner").asBoolean(false) ? 1 : 0;
                assertThat(answer.<JsonNode>without("extensions")).isEqualTo(((ObjectNode) first.deepCopy()).<JsonNode>without("extensions"));
            }
            assertThat(owners).isEqualTo(1);
        }
        assertThat(Balances.read().payee()).isEqualTo(before.payee().add(AMOUNT));
        assertThat(Balances.read().payer()).isEqualTo(before.payer().subtract(AMOUNT));
    }

    // ------------------------------------------------------------------------------------------------ rejected

    @Test
    void anExpiredAuthorizationIsRejected() {
        PaymentRequirements req = requirements();
        var auth = auth(payer.address(), payee.address(), AMOUNT, now() - 600, now() - 10);
        assertRejected(body(payerSigner.pay(req, RESOURCE, auth, domain()), req),
                "invalid_exact_evm_payload_authorization_valid_before");
    }

    @Test
    void anAuthorizationNotYetValidIsRejected() {
        PaymentRequirements req = requirements();
        var auth = auth(payer.address(), payee.address(), AMOUNT, now() + 3600, now() + 7200);
        assertRejected(body(payerSigner.pay(req, RESOURCE, auth, domain()), req),
                "invalid_exact_evm_payload_authorization_valid_after");
    }

    @Test
    void aPaymentToTheWrongRecipientIsRejected() {
        PaymentRequirements req = requirements();
        var auth = auth(payer.address(), stranger.address(), AMOUNT, now() - 600, now() + 60);
        assertRejected(body(payerSigner.pay(req, RESOURCE, auth, domain()), req), "invalid_exact_evm_recipient_mismatch");
    }

    @Test
    void aPaymentOfTheWrongAmountIsRejected() {
        PaymentRequirements req = requirements();
        var auth = auth(payer.address(), payee.address(), AMOUNT.subtract(BigInteger.ONE), now() - 600, now() + 60);
        assertRejected(body(payerSigner.pay(req, RESOURCE, auth, domain()), req), "invalid_exact_evm_authorization_value");
    }

    @Test
    void aPaymentForAnotherNetworkIsRejected() {
        PaymentRequirements req = requirements();
        // The client signed for Base mainnet (chain id 8453); the resource asks for Base Sepolia.
        PaymentRequirements paidFor = req.withNetwork("eip155:8453");
        var auth = auth(payer.address(), payee.address(), AMOUNT, now() - 600, now() + 60);
        PaymentPayload payload = payerSigner.pay(paidFor, RESOURCE, auth,
                new Eip712Domain("USD Coin", "2", 8453, usdc.address()));
        assertRejected(body(payload, req), "invalid_exact_evm_network_mismatch");
    }

    @Test
    void aPaymentUnderTheWrongTokenNameIsRejected() {
        PaymentRequirements req = requirements("USDC", "2");
        assertRejected(body(payerSigner.pay(req, RESOURCE, Instant.now()), req), "invalid_exact_evm_token_name_mismatch");
    }

    @Test
    void aPaymentUnderTheWrongTokenVersionIsRejected() {
        PaymentRequirements req = requirements("USD Coin", "1");
        assertRejected(body(payerSigner.pay(req, RESOURCE, Instant.now()), req), "invalid_exact_evm_token_version_mismatch");
    }

    @Test
    void aPaymentSignedByAnotherKeyIsRejected() {
        PaymentRequirements req = requirements();
        var auth = auth(payer.address(), payee.address(), AMOUNT, now() - 600, now() + 60);
        PaymentPayload forged = EvmPaymentSigner.fromHex(stranger.privateKeyHex()).pay(req, RESOURCE, auth, domain());
        assertRejected(body(forged, req), "invalid_exact_evm_signature");
    }

    @Test
    void aPayerWithoutTheFundsIsRejected() {
        PaymentRequirements req = requirements();
        PaymentPayload payload = EvmPaymentSigner.fromHex(pauper.privateKeyHex()).pay(req, RESOURCE, Instant.now());
        assertRejected(body(payload, req), "invalid_exact_evm_insufficient_balance");
    }

    @Test
    void aSettledPaymentReplayedWithOtherRequirementsIsRejectedAsNonceUsed() {
        PaymentRequirements req = requirements();
        PaymentPayload payload = payerSigner.pay(req, RESOURCE, Instant.now());
        JsonNode first = settle(body(payload, req));
        assertThat(first.path("success").asBoolean()).as(first.toString()).isTrue();
        // Same signed authorization, presented again for a differently worded offer: the ledger does not know this
        // request, the chain knows the nonce.
        PaymentRequirements reworded = new PaymentRequirements(req.scheme(), req.network(), req.amount(), req.asset(),
                req.payTo(), 120, req.extra());
        assertRejected(body(payload, reworded), "invalid_exact_evm_nonce_already_used");
    }

    // ------------------------------------------------------------------------------------------------ v1

    @Test
    void aV1RequestVerifiesAndSettlesAndIsAnsweredInV1Form() {
        PaymentRequirements req = requirements();
        PaymentPayload v2 = payerSigner.pay(req, RESOURCE, Instant.now());
        ObjectNode requirementsV1 = X402Json.mapper().createObjectNode();
        requirementsV1.put("scheme", "exact");
        requirementsV1.put("network", "base-sepolia");
        requirementsV1.put("maxAmountRequired", AMOUNT.toString());
        requirementsV1.put("resource", RESOURCE.url());
        requirementsV1.put("description", RESOURCE.description());
        requirementsV1.put("mimeType", RESOURCE.mimeType());
        requirementsV1.put("payTo", payee.address());
        requirementsV1.put("maxTimeoutSeconds", 60);
        requirementsV1.put("asset", usdc.address());
        requirementsV1.set("extra", req.extra());
        ObjectNode payloadV1 = X402Json.mapper().createObjectNode(); // what a v1 client puts in X-PAYMENT
        payloadV1.put("x402Version", 1);
        payloadV1.put("scheme", "exact");
        payloadV1.put("network", "base-sepolia");
        payloadV1.set("payload", v2.payload());
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("x402Version", 1);
        body.set("paymentPayload", payloadV1);
        body.set("paymentRequirements", requirementsV1);

        Balances before = Balances.read();
        JsonNode v = verify(body);
        assertThat(v.path("isValid").asBoolean()).as(v.toString()).isTrue();
        JsonNode s = settle(body);
        assertThat(s.path("success").asBoolean()).as(s.toString()).isTrue();
        assertThat(s.path("network").asText()).isEqualTo("base-sepolia");
        assertThat(s.path("transaction").asText()).matches("0x[0-9a-f]{64}");
        assertThat(Balances.read().payee()).isEqualTo(before.payee().add(AMOUNT));
    }

    // ------------------------------------------------------------------------------------------------ discovery

    @Test
    void supportedListsExactOnTheNetworkAndTheSignerAddress() {
        TestServer.Answer a = server.get("/supported");
        assertThat(a.status()).isEqualTo(200);
        JsonNode s = a.json();
        assertThat(s.path("kinds").toString())
                .contains("{\"x402Version\":2,\"scheme\":\"exact\",\"network\":\"eip155:84532\"}")
                .contains("{\"x402Version\":1,\"scheme\":\"exact\",\"network\":\"base-sepolia\"}");
        assertThat(s.path("signers").path("eip155:*").toString()).containsIgnoringCase(facilitator.address());
    }

    @Test
    void acceptsKeepsTheServedOffersAndFillsTheTokensEip712Domain() {
        ObjectNode required = X402Json.mapper().createObjectNode();
        required.put("x402Version", 2);
        required.set("resource", X402Json.mapper().valueToTree(RESOURCE));
        var accepts = required.putArray("accepts");
        accepts.add(offer(NETWORK));
        accepts.add(offer("eip155:1")); // not served here: dropped
        TestServer.Answer a = server.postJson("/accepts", required);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode out = a.json();
        assertThat(out.path("x402Version").asInt()).isEqualTo(2);
        assertThat(out.path("resource").path("url").asText()).isEqualTo(RESOURCE.url());
        assertThat(out.path("accepts")).hasSize(1);
        JsonNode offer = out.path("accepts").get(0);
        assertThat(offer.path("network").asText()).isEqualTo(NETWORK);
        assertThat(offer.path("extra").path("name").asText()).isEqualTo("USD Coin");
        assertThat(offer.path("extra").path("version").asText()).isEqualTo("2");

        // v1 in, v1 out.
        ObjectNode v1 = X402Json.mapper().createObjectNode();
        v1.put("x402Version", 1);
        ObjectNode v1Offer = v1.putArray("accepts").addObject();
        v1Offer.put("scheme", "exact");
        v1Offer.put("network", "base-sepolia");
        v1Offer.put("maxAmountRequired", "10000");
        v1Offer.put("resource", RESOURCE.url());
        v1Offer.put("payTo", payee.address());
        v1Offer.put("maxTimeoutSeconds", 60);
        v1Offer.put("asset", usdc.address());
        TestServer.Answer b = server.postJson("/accepts", v1);
        assertThat(b.status()).as(b.body()).isEqualTo(200);
        JsonNode outV1 = b.json();
        assertThat(outV1.path("x402Version").asInt()).isEqualTo(1);
        assertThat(outV1.path("accepts").get(0).path("network").asText()).isEqualTo("base-sepolia");
        assertThat(outV1.path("accepts").get(0).path("maxAmountRequired").asText()).isEqualTo("10000");
        assertThat(outV1.path("accepts").get(0).path("extra").path("name").asText()).isEqualTo("USD Coin");
    }

    private static ObjectNode offer(String network) {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("scheme", "exact");
        o.put("network", network);
        o.put("amount", "10000");
        o.put("asset", usdc.address());
        o.put("payTo", payee.address());
        o.put("maxTimeoutSeconds", 60);
        return o;
    }

    @Test
    void healthNamesTheServedNetworkButNotItsRpcUrl() {
        TestServer.Answer a = server.get("/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("status").asText()).isEqualTo("ok");
        assertThat(a.json().path("mode").asText()).isEqualTo("live");
        assertThat(a.body()).contains("\"name\":\"base-sepolia\"").contains("\"rpc\":\"explicit\"")
                .doesNotContain(chain.rpcUrl());
    }

    @Test
    void devEndpointsDoNotExistOutsideDevMode() {
        TestServer.Answer a = server.get("/dev/sample-payment");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().path("error").asText()).isEqualTo("not_found");
    }

    @Test
    void blockingWorkRunsOnVirtualThreads() throws Exception {
        ExecutorService blocking = server.context.getBean(ExecutorService.class, Qualifiers.byName(TaskExecutors.BLOCKING));
        assertThat(blocking.submit(() -> Thread.currentThread().isVirtual()).get()).isTrue();
    }
}
