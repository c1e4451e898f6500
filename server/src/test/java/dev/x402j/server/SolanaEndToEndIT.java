package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.wire.X402Json;
import dev.x402j.solana.SolanaInstruction;
import dev.x402j.solana.SolanaPaymentSigner;
import dev.x402j.solana.SolanaPaymentSigner.Draft;
import dev.x402j.solana.SolanaPrivateKeySigner;
import dev.x402j.testkit.LiteSvmRpc;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
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
 * The facilitator's Solana {@code exact} through its real HTTP server, settling on the real SVM: the testkit's
 * LiteSVM JSON-RPC front, with the real SPL Token and Associated Token Account programs.
 *
 * <p>The server is configured the way users do it, through the environment: {@code SVM_PRIVATE_KEY} (two fee payers,
 * one written as a 32-byte seed and one as a 64-byte keypair, handed out in rotation), {@code SVM_NETWORKS=solana-devnet}
 * and {@code SVM_RPC_URL_SOLANA_DEVNET}. As {@link FacilitatorEndToEndIT} does with anvil posing as Base Sepolia, the
 * local SVM poses as Solana devnet (it reports devnet's genesis hash, which the scheme checks against the CAIP-2 id),
 * so no test-only way to register a network is needed; its USDC-like mint is not the catalogue's devnet USDC, so the
 * requirements name it in {@code asset}, as a resource server does. (The server cannot serve a custom Solana network
 * from configuration; dev mode registers {@code solana-local} in code, and {@link DevModeIT} covers it.)
 *
 * <p>What differs from a validator (see testkit/solana-rpc/server.mjs): transactions are final when
 * {@code sendTransaction} returns, one blockhash is valid until {@code x402j_expireBlockhash}, and the fee is a flat
 * 5000 lamports per signature plus the priority fee.
 */
class SolanaEndToEndIT {
    private static final String NETWORK = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
    private static final long AMOUNT = 10_000;
    private static final long SOL = 1_000_000_000L;
    /** Two signatures (payer and fee payer) and the official client's priority fee, 1 micro-lamport × 20 000 CU. */
    private static final long FEE = 2 * 5000 + 1;
    private static final ResourceInfo RESOURCE = new ResourceInfo("https://api.example/weather", "weather", "application/json");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static LiteSvmRpc solana;
    private static TestServer server;
    private static String usdc;
    private static SolanaPrivateKeySigner feePayer;
    private static SolanaPrivateKeySigner otherFeePayer;
    private static SolanaPaymentSigner payer;
    private static String merchant;

    @BeforeAll
    static void start() {
        solana = LiteSvmRpc.start();
        usdc = solana.createMint(6);
        byte[] seed = seed();
        byte[] otherSeed = seed();
        feePayer = SolanaPrivateKeySigner.fromBytes(seed);
        otherFeePayer = SolanaPrivateKeySigner.fromBytes(otherSeed);
        solana.setSol(feePayer.address(), 10 * SOL);
        solana.setSol(otherFeePayer.address(), 10 * SOL);
        payer = SolanaPaymentSigner.fromBytes(seed());
        solana.mintTo(usdc, payer.address(), BigInteger.valueOf(1_000_000_000));
        merchant = randomAddress();
        solana.mintTo(usdc, merchant, BigInteger.ZERO); // the merchant's associated token account exists
        server = TestServer.start(Map.of(
                "SVM_PRIVATE_KEY", dev.x402j.solana.SolanaKeys.base58(seed) + "," + dev.x402j.solana.SolanaKeys.keypair(otherSeed),
                "SVM_NETWORKS", "solana-devnet",
                "SVM_RPC_URL_SOLANA_DEVNET", solana.rpcUrl(),
                "SVM_ASSETS_SOLANA_DEVNET", usdc), Map.of()); // the test mint, served besides devnet's USDC
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (solana != null) {
            solana.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static byte[] seed() {
        byte[] seed = new byte[32];
        RANDOM.nextBytes(seed);
        return seed;
    }

    private static String randomAddress() {
        return SolanaPrivateKeySigner.fromBytes(seed()).address();
    }

    private static ObjectNode offer(String network, String asset, long amount) {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("scheme", "exact");
        o.put("network", network);
        o.put("amount", Long.toString(amount));
        o.put("asset", asset);
        o.put("payTo", merchant);
        o.put("maxTimeoutSeconds", 60);
        return o;
    }

    /** Requirements completed by the server's {@code /accepts}, as a resource server puts them in its 402. */
    private static PaymentRequirements req() {
        ObjectNode required = X402Json.mapper().createObjectNode();
        required.put("x402Version", 2);
        required.set("resource", X402Json.mapper().valueToTree(RESOURCE));
        required.putArray("accepts").add(offer(NETWORK, usdc, AMOUNT));
        TestServer.Answer a = server.postJson("/accepts", required);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.json().path("accepts")).hasSize(1);
        try {
            return X402Json.mapper().treeToValue(a.json().path("accepts").get(0), PaymentRequirements.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(a.body(), e);
        }
    }

    private static ObjectNode body(PaymentPayload payload, PaymentRequirements requirements) {
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("x402Version", 2);
        body.set("paymentPayload", X402Json.mapper().valueToTree(payload));
        body.set("paymentRequirements", X402Json.mapper().valueToTree(requirements));
        return body;
    }

    /** Token balances of the payer and the merchant, and the fee payers' lamports. */
    private record Balances(BigInteger payer, BigInteger merchant, long feePayer, long otherFeePayer) {}

    private static Balances balances() {
        return balances(payer.address());
    }

    private static Balances balances(String payerAddress) {
        return new Balances(solana.tokenBalance(payerAddress, usdc), solana.tokenBalance(merchant, usdc),
                solana.balance(feePayer.address()), solana.balance(otherFeePayer.address()));
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

    /** Verify and settle both refuse with this reason, and neither a token nor a lamport moves. */
    private static void assertRejected(PaymentPayload payload, PaymentRequirements req, String reason) {
        assertRejected(payload, req, reason, payer.address());
    }

    private static void assertRejected(PaymentPayload payload, PaymentRequirements req, String reason, String from) {
        ObjectNode body = body(payload, req);
        Balances before = balances(from);
        JsonNode v = verify(body);
        assertThat(v.path("isValid").asBoolean(true)).as(v.toString()).isFalse();
        assertThat(v.path("invalidReason").asText()).as(v.toString()).isEqualTo(reason);
        JsonNode s = settle(body);
        assertThat(s.path("success").asBoolean(true)).as(s.toString()).isFalse();
        assertThat(s.path("errorReason").asText()).as(s.toString()).isEqualTo(reason);
        assertThat(s.path("transaction").asText()).isEmpty();
        assertThat(s.path("network").asText()).isEqualTo(NETWORK);
        assertThat(balances(from)).as("nothing moves").isEqualTo(before);
    }

    private static SolanaInstruction transfer(String source, String mint, String destination, String authority,
            long amount) {
        return SolanaInstruction.transferChecked(SolanaInstruction.TOKEN_PROGRAM, source, mint, destination, authority,
                BigInteger.valueOf(amount), 6);
    }

    private static String ata(String owner, String mint) {
        return SolanaPaymentSigner.associatedTokenAddress(owner, mint, SolanaInstruction.TOKEN_PROGRAM);
    }

    private static long feesPaid(Balances before, Balances after) {
        return (before.feePayer() - after.feePayer()) + (before.otherFeePayer() - after.otherFeePayer());
    }

    // ------------------------------------------------------------------------------------------------ valid

    @Test
    void aValidPaymentVerifiesAndSettlesMovingExactlyTheAmount() {
        PaymentRequirements r = req();
        ObjectNode body = body(payer.pay(r, RESOURCE), r);
        Balances before = balances();

        JsonNode v = verify(body);
        assertThat(v.path("isValid").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.path("payer").asText()).isEqualTo(payer.address());
        assertThat(balances()).isEqualTo(before);

        JsonNode s = settle(body);
        assertThat(s.path("success").asBoolean()).as(s.toString()).isTrue();
        assertThat(s.path("transaction").asText()).matches("[1-9A-HJ-NP-Za-km-z]{64,88}");
        assertThat(s.path("network").asText()).isEqualTo(NETWORK);
        assertThat(s.path("payer").asText()).isEqualTo(payer.address());
        assertThat(solana.rpc("getSignatureStatuses", List.of(s.path("transaction").asText())).path("value").path(0)
                        .path("err").isNull())
                .as("landed without error").isTrue();
        Balances after = balances();
        assertThat(after.payer()).isEqualTo(before.payer().subtract(BigInteger.valueOf(AMOUNT)));
        assertThat(after.merchant()).isEqualTo(before.merchant().add(BigInteger.valueOf(AMOUNT)));
        assertThat(feesPaid(before, after)).as("the named fee payer paid one transaction's fee").isEqualTo(FEE);

        // Settled again: the recorded answer, nothing sent.
        // (The same answer, from a call that does not own the settlement.)
        JsonNode again = settle(body);
        assertThat(again.path("extensions").path("x402jSettlement").path("owner").asBoolean(true)).isFalse();
        assertThat(((ObjectNode) again.deepCopy()).<JsonNode>without("extensions"))
                .isEqualTo(((ObjectNode) s.deepCopy()).<JsonNode>without("extensions"));
        assertThat(balances()).isEqualTo(after);
    }

    @Test
    void twentyConcurrentSettlementsOfOnePaymentSendItOnceAndAllAnswerTheSame() throws Exception {
        PaymentRequirements r = req();
        ObjectNode body = body(payer.pay(r, RESOURCE), r);
        Balances before = balances();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Answer>> answers = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return server.postJson("/settle", body);
                }));
            }
            go.countDown();
            for (Future<TestServer.Answer> f : answers) {
                TestServer.Answer a = f.get();
                assertThat(a.status()).isEqualTo(200);
                bodies.add(a.body());
            }
        }
        JsonNode first = X402Json.mapper().readTree(bodies.get(0));
        assertThat(first.path("success").asBoolean()).as(first.toString()).isTrue();
        assertThat(first.path("transaction").asText()).matches("[1-9A-HJ-NP-Za-km-z]{64,88}");
        // Every answer alike, and exactly one of the calls owns the settlement.
        long owners = 0;
        for (String b : bodies) {
            ObjectNode answer = (ObjectNode) X402Json.mapper().readTree(b);
            owners += answer.path("extensions").path("x402jSettlement").path("owner").asBoolean(false) ? 1 : 0;
            assertThat(answer.<JsonNode>without("extensions")).isEqualTo(((ObjectNode) first.deepCopy()).<JsonNode>without("extensions"));
        }
        assertThat(owners).isEqualTo(1);
        Balances after = balances();
        assertThat(after.payer()).isEqualTo(before.payer().subtract(BigInteger.valueOf(AMOUNT)));
        assertThat(after.merchant()).isEqualTo(before.merchant().add(BigInteger.valueOf(AMOUNT)));
        assertThat(feesPaid(before, after)).as("sent once: one transaction's fee").isEqualTo(FEE);
    }

    // ------------------------------------------------------------------------------------------------ rejected

    @Test
    void aPaymentInTheWrongMintIsRejected() {
        String other = solana.createMint(6);
        solana.mintTo(other, payer.address(), BigInteger.valueOf(AMOUNT));
        solana.mintTo(other, merchant, BigInteger.ZERO);
        PaymentRequirements r = req();
        Draft d = payer.draft(r).withInstruction(2, transfer(ata(payer.address(), other), other, ata(merchant, other),
                payer.address(), AMOUNT));
        assertRejected(payer.pay(r, RESOURCE, d), r, "invalid_exact_svm_payload_mint_mismatch");
        assertThat(solana.tokenBalance(merchant, other)).isZero();
    }

    @Test
    void aPaymentToTheWrongRecipientIsRejected() {
        String thief = randomAddress();
        solana.mintTo(usdc, thief, BigInteger.ZERO);
        PaymentRequirements r = req();
        Draft d = payer.draft(r).withInstruction(2, transfer(ata(payer.address(), usdc), usdc, ata(thief, usdc),
                payer.address(), AMOUNT));
        assertRejected(payer.pay(r, RESOURCE, d), r, "invalid_exact_svm_payload_recipient_mismatch");
        assertThat(solana.tokenBalance(thief, usdc)).isZero();
    }

    @Test
    void aPaymentOfTheWrongAmountIsRejected() {
        PaymentRequirements r = req();
        for (long amount : new long[] {AMOUNT - 1, AMOUNT + 1}) {
            Draft d = payer.draft(r).withInstruction(2, transfer(ata(payer.address(), usdc), usdc, ata(merchant, usdc),
                    payer.address(), amount));
            assertRejected(payer.pay(r, RESOURCE, d), r, "invalid_exact_svm_payload_amount_mismatch");
        }
    }

    @Test
    void theFeePayerAsTransferAuthorityOrSourceIsRejected() {
        solana.mintTo(usdc, feePayer.address(), BigInteger.valueOf(AMOUNT));
        PaymentRequirements r = req();
        Draft asAuthority = payer.draft(r).withInstruction(2, transfer(ata(feePayer.address(), usdc), usdc,
                ata(merchant, usdc), feePayer.address(), AMOUNT));
        Draft asSource = payer.draft(r).withInstruction(2, transfer(ata(feePayer.address(), usdc), usdc,
                ata(merchant, usdc), payer.address(), AMOUNT));
        assertRejected(payer.pay(r, RESOURCE, asAuthority), r,
                "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds");
        assertRejected(payer.pay(r, RESOURCE, asSource), r,
                "invalid_exact_svm_payload_transaction_fee_payer_transferring_funds");
        assertThat(solana.tokenBalance(feePayer.address(), usdc)).isEqualTo(BigInteger.valueOf(AMOUNT));
    }

    @Test
    void aTransactionWithTooManyInstructionsIsRejected() {
        PaymentRequirements r = req();
        Draft seven = payer.draft(r).plus(SolanaInstruction.memo("a"), SolanaInstruction.memo("b"),
                SolanaInstruction.memo("c"));
        assertRejected(payer.pay(r, RESOURCE, seven), r, "invalid_exact_svm_payload_transaction_instructions_length");
    }

    @Test
    void aComputeUnitPriceOverTheCapIsRejected() {
        PaymentRequirements r = req();
        Draft d = payer.draft(r).withInstruction(1, SolanaInstruction.computeUnitPrice(5_000_001));
        assertRejected(payer.pay(r, RESOURCE, d), r,
                "invalid_exact_svm_payload_transaction_instructions_compute_price_instruction_too_high");
    }

    @Test
    void aBadPayerSignatureIsRejected() {
        PaymentRequirements r = req();
        PaymentPayload p = payer.pay(r, RESOURCE);
        byte[] wire = Base64.getDecoder().decode(p.payload().get("transaction").asText());
        wire[1 + 64 + 7] ^= 0x01; // one bit of signature slot 1, the payer's (slot 0 is the fee payer's)
        ObjectNode tampered = X402Json.mapper().createObjectNode()
                .put("transaction", Base64.getEncoder().encodeToString(wire));
        PaymentPayload forged = new PaymentPayload(p.x402Version(), p.resource(), p.accepted(), tampered, null);
        assertRejected(forged, r, "invalid_exact_svm_payload_signature_invalid");
    }

    @Test
    void aPaymentOnAnExpiredBlockhashIsRejected() {
        PaymentRequirements r = req();
        PaymentPayload p = payer.pay(r, RESOURCE);
        solana.expireBlockhash();
        assertRejected(p, r, "transaction_simulation_failed");
        assertThat(verify(body(p, r)).path("invalidMessage").asText()).contains("expired");
    }

    @Test
    void aPayerWithoutTheFundsIsRejected() {
        SolanaPaymentSigner poor = SolanaPaymentSigner.fromBytes(seed());
        solana.mintTo(usdc, poor.address(), BigInteger.valueOf(AMOUNT - 1));
        SolanaPaymentSigner penniless = SolanaPaymentSigner.fromBytes(seed()); // no token account at all
        PaymentRequirements r = req();
        for (SolanaPaymentSigner who : List.of(poor, penniless)) {
            assertRejected(who.pay(r, RESOURCE), r, "insufficient_funds", who.address());
        }
        assertThat(solana.tokenBalance(poor.address(), usdc)).isEqualTo(BigInteger.valueOf(AMOUNT - 1));
    }

    @Test
    void aSettledTransactionReplayedIsRejectedAsADuplicate() {
        PaymentRequirements r = req();
        PaymentPayload p = payer.pay(r, RESOURCE);
        JsonNode first = settle(body(p, r));
        assertThat(first.path("success").asBoolean()).as(first.toString()).isTrue();

        // The same signed transaction, presented again for a differently worded offer: the ledger does not know this
        // request, the chain knows the transaction.
        PaymentRequirements reworded = new PaymentRequirements(r.scheme(), r.network(), r.amount(), r.asset(), r.payTo(),
                120, r.extra());
        assertRejected(p, reworded, "duplicate_settlement");
        // And verify alone says the original is spent.
        assertThat(verify(body(p, r)).path("invalidReason").asText()).isEqualTo("duplicate_settlement");
    }

    // ------------------------------------------------------------------------------------------------ discovery

    @Test
    void acceptsFillsFeePayerDecimalsRecentBlockhashAndTokenProgram() {
        ObjectNode required = X402Json.mapper().createObjectNode();
        required.put("x402Version", 2);
        required.set("resource", X402Json.mapper().valueToTree(RESOURCE));
        var accepts = required.putArray("accepts");
        accepts.add(offer(NETWORK, usdc, AMOUNT));
        accepts.add(offer("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", usdc, AMOUNT)); // mainnet, not served: dropped
        TestServer.Answer a = server.postJson("/accepts", required);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode out = a.json();
        assertThat(out.path("accepts")).hasSize(1);
        JsonNode extra = out.path("accepts").get(0).path("extra");
        assertThat(out.path("accepts").get(0).path("network").asText()).isEqualTo(NETWORK);
        assertThat(extra.path("feePayer").asText()).isIn(feePayer.address(), otherFeePayer.address());
        assertThat(extra.path("decimals").asInt()).isEqualTo(6);
        assertThat(extra.path("recentBlockhash").asText()).isEqualTo(solana.latestBlockhash());
        assertThat(extra.path("tokenProgram").asText()).isEqualTo(SolanaInstruction.TOKEN_PROGRAM);

        // The two configured fee payers are handed out in rotation.
        assertThat(List.of(req().extraText("feePayer").orElseThrow(), req().extraText("feePayer").orElseThrow()))
                .containsExactlyInAnyOrder(feePayer.address(), otherFeePayer.address());
    }

    @Test
    void supportedListsExactWithAFeePayerAndTheSignersUnderSolana() {
        TestServer.Answer a = server.get("/supported");
        assertThat(a.status()).isEqualTo(200);
        JsonNode s = a.json();
        List<String> kinds = new ArrayList<>();
        for (JsonNode k : s.path("kinds")) {
            kinds.add(k.path("x402Version").asInt() + " " + k.path("scheme").asText() + " " + k.path("network").asText());
            assertThat(k.path("extra").path("feePayer").asText()).isIn(feePayer.address(), otherFeePayer.address());
        }
        assertThat(kinds).containsExactlyInAnyOrder("2 exact " + NETWORK, "1 exact solana-devnet");
        assertThat(s.path("signers").path("solana:*").toString())
                .isEqualTo("[\"" + feePayer.address() + "\",\"" + otherFeePayer.address() + "\"]");
        assertThat(s.path("signers").has("eip155:*")).as("no EVM key, no EVM").isFalse();
    }

    @Test
    void healthNamesTheSolanaNetworkAndItsRpcSourceButNotItsUrl() {
        TestServer.Answer a = server.get("/health");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().path("mode").asText()).isEqualTo("live");
        assertThat(a.json().path("networks")).hasSize(1);
        JsonNode n = a.json().path("networks").get(0);
        assertThat(n.path("name").asText()).isEqualTo("solana-devnet");
        assertThat(n.path("network").asText()).isEqualTo(NETWORK);
        assertThat(n.path("rpc").asText()).isEqualTo("explicit");
        assertThat(a.body()).doesNotContain(solana.rpcUrl());
    }
}
