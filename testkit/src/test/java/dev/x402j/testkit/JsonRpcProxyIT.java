package dev.x402j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/** The proxy in front of a real anvil: answers pass through unchanged, and every forwarded call is counted. */
class JsonRpcProxyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AnvilChain chain;
    private static JsonRpcProxy proxy;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(31337);
        proxy = JsonRpcProxy.start(chain.rpcUrl());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void reset() {
        proxy.reset();
    }

    private static JsonNode post(String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(proxy.url()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void forwardsCallsAndCountsThemByMethod() throws Exception {
        JsonNode chainId = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}");
        assertThat(AnvilChain.quantity(chainId.get("result"))).isEqualTo(BigInteger.valueOf(31337));
        JsonNode block = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_blockNumber\",\"params\":[]}");
        assertThat(AnvilChain.quantity(block.get("result")).longValueExact()).isEqualTo(chain.blockNumber());

        assertThat(proxy.count("eth_chainId")).isEqualTo(1);
        assertThat(proxy.count("eth_blockNumber")).isEqualTo(1);
        assertThat(proxy.counts()).isEqualTo(Map.of("eth_blockNumber", 1L, "eth_chainId", 1L));
        assertThat(proxy.counts().keySet()).containsExactly("eth_blockNumber", "eth_chainId"); // sorted by method
        assertThat(proxy.calls("eth_chainId")).singleElement().extracting(JsonRpcProxy.Call::params)
                .satisfies(p -> assertThat(p.isArray() && p.isEmpty()).isTrue());
    }

    @Test
    void losesOnlyTheAnswersOfTheChosenMethodsAfterForwardingThem() throws Exception {
        try (JsonRpcProxy lossy = JsonRpcProxy.start(chain.rpcUrl()).loseAnswersTo("evm_mine")) {
            long before = chain.blockNumber();
            HttpResponse<String> lost = HTTP.send(HttpRequest.newBuilder(lossy.url("/v2/KEY"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"evm_mine\",\"params\":[]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> kept = HTTP.send(HttpRequest.newBuilder(lossy.url("/"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_chainId\",\"params\":[]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(lost.statusCode()).isEqualTo(502);
            assertThat(chain.blockNumber()).as("the lost call reached the chain").isEqualTo(before + 1);
            assertThat(kept.statusCode()).isEqualTo(200);
            assertThat(kept.body()).contains("0x7a69");
            assertThat(lossy.counts()).isEqualTo(Map.of("eth_chainId", 1L, "evm_mine", 1L));
        }
    }

    @Test
    void countsEachCallOfABatchAndPassesErrorsThrough() throws Exception {
        JsonNode batch = post("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"no_such_method\",\"params\":[]}]");
        assertThat(batch.isArray()).isTrue();
        assertThat(batch).hasSize(2);
        JsonNode failed = batch.get(0).has("error") ? batch.get(0) : batch.get(1);
        assertThat(failed.path("error").path("message").asText()).isNotBlank();
        assertThat(proxy.count("eth_chainId")).isEqualTo(1);
        assertThat(proxy.count("no_such_method")).isEqualTo(1);
    }

    @Test
    void recordsTheRawTransactionThatReachesTheChain() throws Exception {
        DevAccount from = chain.accounts().get(5);
        DevAccount to = chain.accounts().get(6);
        BigInteger nonce = AnvilChain.quantity(chain.rpc("eth_getTransactionCount", from.address(), "latest"));
        RawTransaction tx = RawTransaction.createEtherTransaction(chain.chainId(), nonce, BigInteger.valueOf(21_000),
                to.address(), BigInteger.valueOf(12_345), BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(100_000_000_000L));
        String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, Credentials.create(from.privateKeyHex())));
        BigInteger balance = chain.balance(to.address());

        JsonNode sent = post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_sendRawTransaction\",\"params\":[\""
                + raw + "\"]}");
        String hash = sent.path("result").asText();
        proxy.awaitCount("eth_sendRawTransaction", 1, Duration.ofSeconds(5));

        assertThat(proxy.count("eth_sendRawTransaction")).isEqualTo(1);
        assertThat(proxy.calls("eth_sendRawTransaction").get(0).params().get(0).asText()).isEqualTo(raw);
        assertThat(chain.waitForReceipt(hash).path("status").asText()).isEqualTo("0x1");
        assertThat(chain.balance(to.address())).isEqualTo(balance.add(BigInteger.valueOf(12_345)));
    }
}
