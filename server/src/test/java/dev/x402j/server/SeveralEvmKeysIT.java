package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.wire.X402Json;
import dev.x402j.evm.EvmPaymentSigner;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.TestUsdc;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server with several EVM keys in {@code EVM_PRIVATE_KEY}, comma separated, on a real anvil node: {@code /supported}
 * lists every key, and concurrent settlements over HTTP go out from all of them, each on its own nonces.
 */
class SeveralEvmKeysIT {
    private static final String NETWORK = "eip155:84532";
    private static final BigInteger AMOUNT = BigInteger.valueOf(2_500);

    private static AnvilChain chain;
    private static TestUsdc usdc;
    private static TestServer server;
    private static List<DevAccount> keys;
    private static DevAccount payee;
    private static EvmPaymentSigner payer;

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(84532);
        usdc = TestUsdc.deploy(chain);
        keys = List.of(chain.accounts().get(6), chain.accounts().get(7), chain.accounts().get(8));
        DevAccount payerAccount = chain.accounts().get(1);
        payee = chain.accounts().get(2);
        usdc.mint(payerAccount.address(), BigInteger.valueOf(100_000_000));
        payer = EvmPaymentSigner.fromHex(payerAccount.privateKeyHex());
        server = TestServer.start(Map.of(
                "EVM_PRIVATE_KEY", String.join(", ", keys.stream().map(DevAccount::privateKeyHex).toList()),
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

    private static ObjectNode paymentBody() {
        ObjectNode extra = X402Json.mapper().createObjectNode().put("name", "USD Coin").put("version", "2");
        PaymentRequirements req = new PaymentRequirements("exact", NETWORK, AMOUNT, usdc.address(), payee.address(), 300, extra);
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("x402Version", 2);
        body.set("paymentPayload", X402Json.mapper().valueToTree(payer.pay(req, ResourceInfo.of("https://api.example/x"), Instant.now())));
        body.set("paymentRequirements", X402Json.mapper().valueToTree(req));
        return body;
    }

    @Test
    void supportedListsEveryKey() {
        JsonNode signers = server.get("/supported").json().path("signers").path("eip155:*");
        List<String> listed = new ArrayList<>();
        signers.forEach(s -> listed.add(s.asText()));
        assertThat(listed).containsExactlyElementsOf(keys.stream().map(DevAccount::address).toList());
    }

    @Test
    void concurrentSettlementsGoOutFromEveryKey() throws Exception {
        int n = 12;
        BigInteger payeeBefore = usdc.balanceOf(payee.address());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<JsonNode>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                ObjectNode body = paymentBody();
                answers.add(pool.submit(() -> {
                    go.await();
                    TestServer.Answer a = server.postJson("/settle", body);
                    assertThat(a.status()).as(a.body()).isEqualTo(200);
                    return a.json();
                }));
            }
            go.countDown();
            Map<String, Integer> bySender = new TreeMap<>();
            for (Future<JsonNode> f : answers) {
                JsonNode s = f.get();
                assertThat(s.path("success").asBoolean()).as(s.toString()).isTrue();
                String from = chain.rpc("eth_getTransactionByHash", s.path("transaction").asText()).path("from").asText();
                bySender.merge(from.toLowerCase(), 1, Integer::sum);
            }
            assertThat(bySender).containsOnlyKeys(keys.stream().map(k -> k.address().toLowerCase()).toList());
            assertThat(bySender.values()).allMatch(count -> count == n / keys.size());
        }
        assertThat(usdc.balanceOf(payee.address())).isEqualTo(payeeBefore.add(AMOUNT.multiply(BigInteger.valueOf(n))));
    }
}
