package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.wire.X402Json;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.Hash;

/**
 * Two real server processes in live mode behind no load balancer but the test itself, sharing one store (each
 * subclass: PostgreSQL, Redis, both) and one anvil (through a {@link dev.x402j.testkit.JsonRpcProxy} that counts what
 * reaches the chain). Each instance has its own facilitator key, as the README recommends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTwoInstancesIT {
    private static final int CALLS = 50;

    LocalChain chain;
    ServerProcess a;
    ServerProcess b;

    /** Creates the shared store and returns the environment variables that point a server at it. */
    abstract Map<String, String> openStores();

    /** The ledger itself (read directly from the store) holds the payment CONFIRMED with this transaction. */
    abstract void assertLedgerConfirmed(String transaction);

    /** Drops the store's test data. */
    abstract void closeStores();

    /** Secrets that must never appear in a server's output. */
    List<String> secrets() {
        return List.of();
    }

    @BeforeAll
    void start() {
        chain = new LocalChain();
        Map<String, String> stores = openStores();
        Map<String, String> envA = new HashMap<>(chain.serverEnvironment(0));
        envA.putAll(stores);
        Map<String, String> envB = new HashMap<>(chain.serverEnvironment(5));
        envB.putAll(stores);
        a = ServerProcess.start(getClass().getSimpleName() + "-A", envA);
        b = ServerProcess.start(getClass().getSimpleName() + "-B", envB);
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {a, b, chain}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        closeStores();
    }

    private static JsonNode settle(ServerProcess server, ObjectNode payment) {
        TestServer.Answer answer = server.postJson("/settle", payment);
        assertThat(answer.status()).as(server + ": " + answer.body()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void fiftyConcurrentSettlementsOfOnePaymentOverBothInstancesMoveTheMoneyOnce() throws Exception {
        ObjectNode payment = chain.newPayment();
        BigInteger payerBefore = chain.payerBalance();
        BigInteger payeeBefore = chain.payeeBalance();
        chain.proxy.reset();

        CountDownLatch go = new CountDownLatch(1);
        List<Future<TestServer.Answer>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CALLS; i++) {
                ServerProcess target = i % 2 == 0 ? a : b;
                calls.add(pool.submit(() -> {
                    go.await();
                    return target.postJson("/settle", payment);
                }));
            }
            go.countDown();
        }
        List<JsonNode> answers = new ArrayList<>();
        for (Future<TestServer.Answer> call : calls) {
            TestServer.Answer answer = call.get();
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            answers.add(answer.json());
        }

        // Every answer names the same transaction: a success, or settlement_pending while it was being mined.
        Set<String> transactions = new LinkedHashSet<>();
        answers.forEach(x -> transactions.add(x.path("transaction").asText()));
        assertThat(transactions).as("transactions in %s", answers).hasSize(1);
        String transaction = transactions.iterator().next();
        assertThat(transaction).matches("0x[0-9a-f]{64}");
        for (JsonNode x : answers) {
            if (!x.path("success").asBoolean()) {
                assertThat(x.path("errorReason").asText()).as(x.toString()).isEqualTo("settlement_pending");
            }
            assertThat(x.path("network").asText()).isEqualTo(LocalChain.NETWORK);
        }

        // One transaction reached the chain, and it is the one answered.
        assertThat(chain.proxy.count(LocalChain.SEND_RAW)).as("calls: %s", chain.proxy.counts()).isEqualTo(1);
        String raw = chain.proxy.calls(LocalChain.SEND_RAW).get(0).params().get(0).asText();
        assertThat(Hash.sha3(raw)).isEqualTo(transaction);
        assertThat(chain.receipt(transaction).path("status").asText()).isEqualTo("0x1");
        assertThat(chain.payerBalance()).isEqualTo(payerBefore.subtract(LocalChain.AMOUNT));
        assertThat(chain.payeeBalance()).isEqualTo(payeeBefore.add(LocalChain.AMOUNT));

        // A later retry, on either instance, answers success with that transaction and sends nothing.
        for (ServerProcess server : List.of(a, b)) {
            JsonNode retry = settle(server, payment);
            assertThat(retry.path("success").asBoolean()).as(retry.toString()).isTrue();
            assertThat(retry.path("transaction").asText()).isEqualTo(transaction);
        }
        assertThat(chain.proxy.count(LocalChain.SEND_RAW)).isEqualTo(1);
        assertLedgerConfirmed(transaction);
        assertNoSecretInOutput();
    }

    @Test
    void aPaymentSettledOnOneInstanceIsAnsweredFromTheSharedLedgerByTheOther() {
        ObjectNode payment = chain.newPayment();
        BigInteger payeeBefore = chain.payeeBalance();
        chain.proxy.reset();

        JsonNode first = settle(a, payment);
        assertThat(first.path("success").asBoolean()).as(first.toString()).isTrue();
        // B never saw this payment; with its own memory it would verify it, find the nonce used on-chain and refuse.
        JsonNode second = settle(b, payment);
        // The same answer; only A's call owns the settlement (extensions.x402jSettlement.owner).
        assertThat(second.path("extensions").path("x402jSettlement").path("owner").asBoolean(true)).isFalse();
        assertThat(first.path("extensions").path("x402jSettlement").path("owner").asBoolean(false)).isTrue();
        assertThat(((ObjectNode) second.deepCopy()).<JsonNode>without("extensions")).isEqualTo(((ObjectNode) first.deepCopy()).<JsonNode>without("extensions"));

        assertThat(chain.proxy.count(LocalChain.SEND_RAW)).isEqualTo(1);
        assertThat(chain.payeeBalance()).isEqualTo(payeeBefore.add(LocalChain.AMOUNT));
        assertLedgerConfirmed(first.path("transaction").asText());
    }

    @Test
    void bothInstancesReportLiveModeOnTheCustomChain() {
        for (ServerProcess server : List.of(a, b)) {
            JsonNode health = server.get("/health").json();
            assertThat(health.path("mode").asText()).isEqualTo("live");
            assertThat(health.path("networks").toString()).contains("\"name\":\"eip155-31337\"")
                    .contains("\"network\":\"eip155:31337\"").contains("\"rpc\":\"explicit\"");
            JsonNode supported = server.get("/supported").json();
            assertThat(supported.path("kinds").toString()).contains("\"network\":\"eip155:31337\"");
        }
        assertThat(a.get("/supported").json().path("signers").toString())
                .containsIgnoringCase(chain.chain.accounts().get(0).address());
        assertThat(b.get("/supported").json().path("signers").toString())
                .containsIgnoringCase(chain.chain.accounts().get(5).address());
    }

    void assertNoSecretInOutput() {
        for (String secret : secrets()) {
            assertThat(a.output()).as("output of A").doesNotContain(secret);
            assertThat(b.output()).as("output of B").doesNotContain(secret);
        }
    }

    static JsonNode json(String text) {
        try {
            return X402Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
