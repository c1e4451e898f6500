package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.rpc.JsonRpcClient;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.testkit.AnvilChain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Core's JSON-RPC client as chain-evm builds it ({@link EvmRpc#client}), against a real anvil node: answers, per-call
 * errors, reverts read by the EVM helpers, and the {@code eth_chainId} check that keeps an endpoint of another chain out
 * of service (that endpoint is a small fake HTTP server speaking JSON-RPC, named so below).
 */
class EvmRpcIT {
    private static final long CHAIN_ID = 31337;
    private static AnvilChain chain;
    private static JsonRpcClient client;

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(CHAIN_ID);
        client = EvmRpc.client("eip155:31337", CHAIN_ID, List.of(URI.create(chain.rpcUrl())), RpcOptions.defaults());
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void singleCall() {
        assertThat(client.call("eth_chainId").asText()).isEqualTo("0x7a69");
    }

    @Test
    void batchAnswersInOrderWithPerCallErrors() {
        String account = chain.accounts().get(0).address();
        List<Answer> answers = client.batch(List.of(
                Call.of("eth_getBalance", account, "latest"),
                Call.of("no_such_method"),
                Call.of("eth_chainId"),
                Call.of("eth_getTransactionReceipt", "0x" + "ab".repeat(32))));

        assertThat(Hex.parseQuantity(answers.get(0).get().asText())).isPositive();
        assertThat(answers.get(1).failed()).isTrue();
        assertThat(answers.get(1).error().code()).isEqualTo(-32601);
        assertThat(answers.get(2).get().asText()).isEqualTo("0x7a69");
        assertThat(answers.get(3).get().isNull()).isTrue();
    }

    @Test
    void aRevertIsATypedErrorWithItsData() {
        // a contract whose runtime code is: PUSH4 0xdeadbeef, PUSH1 0xe0, SHL, PUSH1 0, MSTORE, PUSH1 4, PUSH1 0, REVERT
        String runtime = "63deadbeef60e01b60005260046000fd";
        String target = "0x00000000000000000000000000000000000000aa";
        chain.rpc("anvil_setCode", target, "0x" + runtime);

        assertThatThrownBy(() -> client.call("eth_call", Map.of("to", target, "data", "0x"), "latest"))
                .isInstanceOfSatisfying(JsonRpcException.class, e -> {
                    assertThat(EvmRpc.isExecutionFailure(e)).isTrue();
                    assertThat(EvmRpc.revertData(e)).hasValueSatisfying(d -> assertThat(Hex.encode(d)).isEqualTo("0xdeadbeef"));
                    assertThat(EvmRpc.revertReason(e)).isEqualTo("custom error 0xdeadbeef");
                });
    }

    @Test
    void anEndpointOfAnotherChainIsNeverUsed() throws IOException {
        ObjectMapper json = new ObjectMapper();
        AtomicInteger asked = new AtomicInteger();
        HttpServer mainnet = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0); // a fake node of chain 1
        mainnet.createContext("/", ex -> {
            asked.incrementAndGet();
            JsonNode body = json.readTree(ex.getRequestBody().readAllBytes());
            byte[] answer = ("{\"jsonrpc\":\"2.0\",\"id\":" + body.get("id") + ",\"result\":\"0x1\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        mainnet.start();
        try {
            URI wrong = URI.create("http://127.0.0.1:" + mainnet.getAddress().getPort() + "/v2/SECRET");
            JsonRpcClient failover = EvmRpc.client("eip155:31337", CHAIN_ID,
                    List.of(wrong, URI.create(chain.rpcUrl())), RpcOptions.defaults());

            assertThat(failover.call("eth_blockNumber").asText()).startsWith("0x");
            assertThat(failover.call("eth_chainId").asText()).isEqualTo("0x7a69");
            assertThat(asked).as("asked eth_chainId once, then never again").hasValue(1);

            JsonRpcClient onlyWrong = EvmRpc.client("eip155:31337", CHAIN_ID, List.of(wrong),
                    RpcOptions.defaults().withCallTimeout(Duration.ofSeconds(5)));
            assertThatThrownBy(() -> onlyWrong.call("eth_blockNumber"))
                    .isInstanceOf(ChainUnavailableException.class)
                    .hasMessageContaining("serves chain id 1, not 31337")
                    .hasMessageNotContaining("SECRET");
            assertThatThrownBy(() -> onlyWrong.call("eth_blockNumber"))
                    .as("known to be of another chain: not asked again")
                    .isInstanceOf(ChainUnavailableException.class);
            assertThat(asked).hasValue(2);
        } finally {
            mainnet.stop(0);
        }
    }
}
