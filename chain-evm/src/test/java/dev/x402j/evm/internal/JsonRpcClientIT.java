package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.evm.internal.JsonRpcClient.Answer;
import dev.x402j.evm.internal.JsonRpcClient.Call;
import dev.x402j.testkit.AnvilChain;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON-RPC client against a real anvil node, and against small fake HTTP servers (named so below) for the
 * failure modes a real node will not produce on demand: no answer, HTTP 503, garbage, batches refused.
 */
class JsonRpcClientIT {
    private static AnvilChain chain;
    private static JsonRpcClient client;

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(31337);
        client = new JsonRpcClient("eip155:31337", URI.create(chain.rpcUrl()), "anvil", Duration.ofSeconds(5));
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
                    assertThat(e.isExecutionFailure()).isTrue();
                    assertThat(e.revertData()).hasValueSatisfying(d -> assertThat(Hex.encode(d)).isEqualTo("0xdeadbeef"));
                    assertThat(e.revertReason()).isEqualTo("custom error 0xdeadbeef");
                });
    }

    @Test
    void connectionRefusedIsUnavailable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        JsonRpcClient down = new JsonRpcClient("eip155:1", URI.create("http://127.0.0.1:" + port + "/secret"),
                "http://127.0.0.1:" + port, Duration.ofSeconds(2));
        assertThatThrownBy(() -> down.call("eth_chainId"))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("eip155:1")
                .hasMessageNotContaining("secret");
    }

    @Test
    void fakeNodeThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket s = silent.accept();
                        accepted.add(s);
                        InputStream in = s.getInputStream();
                        in.read(new byte[1024]);
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            JsonRpcClient slow = new JsonRpcClient("eip155:1", URI.create("http://127.0.0.1:" + silent.getLocalPort()),
                    "silent", Duration.ofMillis(300));
            long started = System.nanoTime();
            assertThatThrownBy(() -> slow.call("eth_chainId"))
                    .isInstanceOf(ChainUnavailableException.class)
                    .hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            acceptor.interrupt();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void fakeNodeAnswering503OrGarbageIsUnavailable() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/503", ex -> respond(ex, 503, "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,\"message\":\"busy\"}}"));
        server.createContext("/html", ex -> respond(ex, 200, "<html>hello</html>"));
        server.createContext("/ids", ex -> respond(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":999999,\"result\":\"0x1\"}"));
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            for (String path : List.of("/503", "/html", "/ids")) {
                JsonRpcClient c = new JsonRpcClient("eip155:1", URI.create(base + path), "fake", Duration.ofSeconds(2));
                assertThatThrownBy(() -> c.batch(List.of(Call.of("eth_chainId"), Call.of("eth_blockNumber"))))
                        .as(path)
                        .isInstanceOf(ChainUnavailableException.class);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void fakeNodeRefusingBatchesIsAskedCallByCall() throws Exception {
        ObjectMapper json = new ObjectMapper();
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            JsonNode body = json.readTree(ex.getRequestBody().readAllBytes());
            if (body.isArray()) {
                respond(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"batch requests are not supported\"}}");
            } else {
                respond(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + body.get("id") + ",\"result\":\"" + body.get("method").asText() + "\"}");
            }
        });
        server.start();
        try {
            JsonRpcClient c = new JsonRpcClient("eip155:1",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "fake", Duration.ofSeconds(2));
            List<Answer> answers = c.batch(List.of(Call.of("eth_chainId"), Call.of("eth_blockNumber")));
            assertThat(answers).extracting(a -> a.get().asText()).containsExactly("eth_chainId", "eth_blockNumber");
            assertThat(requests).hasValue(3);
        } finally {
            server.stop(0);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
