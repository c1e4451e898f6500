package dev.x402j.core.rpc;

import static dev.x402j.core.rpc.ScriptedJsonRpcServer.closedPort;
import static dev.x402j.core.rpc.ScriptedJsonRpcServer.error;
import static dev.x402j.core.rpc.ScriptedJsonRpcServer.refusesBatches;
import static dev.x402j.core.rpc.ScriptedJsonRpcServer.results;
import static dev.x402j.core.rpc.ScriptedJsonRpcServer.slow;
import static dev.x402j.core.rpc.ScriptedJsonRpcServer.status;
import static dev.x402j.core.rpc.ScriptedJsonRpcServer.tooManyRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The JSON-RPC client against real local HTTP servers scripted to fail as providers do ({@link ScriptedJsonRpcServer})
 * and against a closed port. Every assertion counts what each server received: which endpoint was asked, how often.
 */
class JsonRpcClientIT {
    private static final String NET = "eip155:8453";
    /** Quick pauses, so that the tests are quick; everything else as by default. */
    private static final RpcOptions QUICK = RpcOptions.defaults()
            .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40))
            .withRequestTimeout(Duration.ofSeconds(2));

    private final List<ScriptedJsonRpcServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(ScriptedJsonRpcServer::close);
    }

    private ScriptedJsonRpcServer server() {
        ScriptedJsonRpcServer s = ScriptedJsonRpcServer.start();
        servers.add(s);
        return s;
    }

    private static URI closed(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + closedPort() + pathAndQuery);
    }

    private static JsonRpcClient client(RpcOptions options, URI... endpoints) {
        return JsonRpcClient.of(NET, List.of(endpoints), options);
    }

    // ------------------------------------------------------------------------------------------ failover

    @Test
    void aCallGoesToTheFirstEndpointThatAnswers() {
        ScriptedJsonRpcServer second = server();
        ScriptedJsonRpcServer third = server();
        JsonRpcClient rpc = client(QUICK, closed("/"), second.url(), third.url());

        assertThat(rpc.call("eth_blockNumber").asText()).isEqualTo("eth_blockNumber");
        assertThat(rpc.call("eth_chainId").asText()).isEqualTo("eth_chainId");

        assertThat(second.methods()).containsExactly("eth_blockNumber", "eth_chainId");
        assertThat(third.requests()).as("never needed").isZero();
    }

    @Test
    void transportFailuresFailOverInOrder() {
        ScriptedJsonRpcServer overloaded = server().otherwise(status(503));
        ScriptedJsonRpcServer broken = server().otherwise(status(500));
        ScriptedJsonRpcServer html = server().otherwise(status(200, "<html>maintenance</html>", Map.of()));
        ScriptedJsonRpcServer notJsonRpc = server().otherwise(status(200, "{\"status\":\"ok\"}", Map.of()));
        ScriptedJsonRpcServer slow = server().otherwise(slow(Duration.ofSeconds(2), results()));
        ScriptedJsonRpcServer good = server();
        JsonRpcClient rpc = client(QUICK.withRequestTimeout(Duration.ofMillis(300)).withMaxAttempts(10),
                overloaded.url(), broken.url(), html.url(), notJsonRpc.url(), slow.url(), good.url());

        assertThat(rpc.call("eth_getTransactionReceipt", "0xabc").asText()).isEqualTo("eth_getTransactionReceipt");

        for (ScriptedJsonRpcServer s : List.of(overloaded, broken, html, notJsonRpc, slow, good)) {
            assertThat(s.requests()).as("each endpoint asked once, in order").isEqualTo(1);
        }
    }

    @Test
    void transientNodeErrorsFailOverButPermanentOnesAreReturnedAtOnce() {
        ScriptedJsonRpcServer limited = server().otherwise(error(-32005, "limit exceeded"));
        ScriptedJsonRpcServer behind = server().otherwise(error(-32000, "header not found"));
        ScriptedJsonRpcServer good = server();
        JsonRpcClient rpc = client(QUICK, limited.url(), behind.url(), good.url());

        assertThat(rpc.call("eth_call", Map.of("to", "0x01"), "latest").asText()).isEqualTo("eth_call");
        assertThat(List.of(limited.requests(), behind.requests(), good.requests())).containsExactly(1, 1, 1);
    }

    @Test
    void aNodesJudgementIsNeverRetriedNorAskedElsewhere() {
        record Case(int code, String message) {}
        for (Case c : List.of(
                new Case(-32000, "nonce too low"),
                new Case(3, "execution reverted"),
                new Case(-32000, "insufficient funds for gas * price + value"),
                new Case(-32602, "invalid params"),
                new Case(-32601, "the method eth_foo does not exist"))) {
            ScriptedJsonRpcServer primary = server().otherwise(error(c.code(), c.message()));
            ScriptedJsonRpcServer secondary = server();
            JsonRpcClient rpc = client(QUICK, primary.url(), secondary.url());

            assertThatThrownBy(() -> rpc.call("eth_sendRawTransaction", "0x02f8"))
                    .as(c.message())
                    .isInstanceOfSatisfying(JsonRpcException.class, e -> {
                        assertThat(e.code()).isEqualTo(c.code());
                        assertThat(e.rpcMessage()).isEqualTo(c.message());
                    });
            assertThat(primary.requests()).as(c.message() + ": asked once").isEqualTo(1);
            assertThat(secondary.requests()).as(c.message() + ": never asked elsewhere").isZero();
        }
    }

    // ------------------------------------------------------------------------------------------ retries

    @Test
    void oneEndpointIsRetriedAfterTransportFailuresUntilItAnswers() {
        ScriptedJsonRpcServer flaky = server().then(status(500), status(503), tooManyRequests("0"));
        JsonRpcClient rpc = client(QUICK, flaky.url());

        assertThat(rpc.call("eth_chainId").asText()).isEqualTo("eth_chainId");
        assertThat(flaky.requests()).isEqualTo(4);
    }

    @Test
    void attemptsAreBounded() {
        ScriptedJsonRpcServer down = server().otherwise(status(502));
        JsonRpcClient rpc = client(QUICK.withMaxAttempts(3), down.url("/v2/SECRETKEY"));

        assertThatThrownBy(() -> rpc.call("eth_chainId"))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining(NET)
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("3 attempts")
                .hasMessageNotContaining("SECRETKEY");
        assertThat(down.requests()).isEqualTo(3);
    }

    @Test
    void retriesStopAtTheCallsDeadline() {
        // Every pause lasts at least half the base (100 ms): within a 1 s deadline at most 10 pauses, 11 requests.
        ScriptedJsonRpcServer down = server().otherwise(status(503));
        RpcOptions options = RpcOptions.defaults()
                .withMaxAttempts(1_000)
                .withBreaker(1_000, Duration.ofMinutes(1))
                .withCallTimeout(Duration.ofSeconds(1))
                .withBackoff(Duration.ofMillis(200), Duration.ofMillis(400));
        JsonRpcClient rpc = client(options, down.url());

        assertThatThrownBy(() -> rpc.call("eth_chainId"))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("deadline");
        assertThat(down.requests()).isBetween(2, 11);
    }

    @Test
    void retryAfterIsHonouredWithinTheDeadline() {
        ScriptedJsonRpcServer limited = server().then(tooManyRequests("1"));
        JsonRpcClient rpc = client(QUICK, limited.url());

        assertThat(rpc.call("eth_chainId").asText()).isEqualTo("eth_chainId");
        assertThat(limited.requests()).isEqualTo(2);
    }

    @Test
    void aRetryAfterBeyondTheDeadlineGivesUpAtOnce() {
        ScriptedJsonRpcServer limited = server().otherwise(tooManyRequests("120"));
        JsonRpcClient rpc = client(QUICK.withCallTimeout(Duration.ofSeconds(5)), limited.url());

        assertThatThrownBy(() -> rpc.call("eth_chainId"))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("HTTP 429 (Retry-After 120 s)")
                .hasMessageContaining("after the call's deadline");
        assertThat(limited.requests()).isEqualTo(1);
    }

    @Test
    void aRateLimitedEndpointIsLeftForTheNextOne() {
        ScriptedJsonRpcServer limited = server().otherwise(tooManyRequests("120"));
        ScriptedJsonRpcServer good = server();
        JsonRpcClient rpc = client(QUICK, limited.url(), good.url());

        assertThat(rpc.call("eth_chainId").asText()).isEqualTo("eth_chainId");
        assertThat(List.of(limited.requests(), good.requests())).containsExactly(1, 1);
    }

    @Test
    void aSlowAnswerTimesOut() {
        ScriptedJsonRpcServer silent = server().otherwise(slow(Duration.ofSeconds(3), results()));
        JsonRpcClient rpc = client(QUICK.withRequestTimeout(Duration.ofMillis(200)).withMaxAttempts(2), silent.url());

        assertThatThrownBy(() -> rpc.call("eth_chainId"))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("timed out after 200 ms")
                .hasMessageContaining("2 attempts");
        assertThat(silent.requests()).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------ breaker

    @Test
    void theBreakerSkipsAnEndpointAfterConsecutiveTransportFailures() {
        ScriptedJsonRpcServer dead = server().otherwise(status(503));
        ScriptedJsonRpcServer good = server();
        JsonRpcClient rpc = client(QUICK.withBreaker(2, Duration.ofMinutes(5)), dead.url(), good.url());

        for (int i = 0; i < 6; i++) {
            assertThat(rpc.call("eth_blockNumber").asText()).isEqualTo("eth_blockNumber");
        }

        assertThat(dead.requests()).as("asked until its breaker opened, then skipped").isEqualTo(2);
        assertThat(good.requests()).isEqualTo(6);
    }

    @Test
    void whenEveryEndpointIsDownACallFailsWithoutTouchingTheNetwork() {
        ScriptedJsonRpcServer first = server().otherwise(status(503));
        ScriptedJsonRpcServer second = server().otherwise(status(500));
        JsonRpcClient rpc = client(QUICK.withBreaker(1, Duration.ofMinutes(5)),
                first.url("/v2/SECRET1"), second.url("/?api-key=SECRET2"));

        assertThatThrownBy(() -> rpc.call("eth_chainId")).isInstanceOf(ChainUnavailableException.class);
        assertThat(List.of(first.requests(), second.requests())).containsExactly(1, 1);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> rpc.call("eth_chainId"))
                    .isInstanceOf(ChainUnavailableException.class)
                    .hasMessageContaining("not sent: every RPC endpoint is down")
                    .hasMessageContaining(JsonRpcClient.loggable(first.url()) + " is skipped")
                    .hasMessageContaining("next probe in")
                    .hasMessageNotContaining("SECRET");
        }
        assertThat(List.of(first.requests(), second.requests())).as("not asked again").containsExactly(1, 1);
    }

    @Test
    void afterTheCoolDownOneCallProbesAndAnAnswerClosesTheBreaker() {
        AtomicLong now = new AtomicLong();
        ScriptedJsonRpcServer node = server().then(status(503), status(503), status(503));
        JsonRpcClient rpc = JsonRpcClient.builder(NET, List.of(node.url()))
                .options(QUICK.withMaxAttempts(2).withBreaker(2, Duration.ofSeconds(30)))
                .nanoTime(now::get)
                .build();

        assertThatThrownBy(() -> rpc.call("eth_chainId")).isInstanceOf(ChainUnavailableException.class);
        assertThat(node.requests()).isEqualTo(2);
        assertThatThrownBy(() -> rpc.call("eth_chainId")).hasMessageContaining("every RPC endpoint is down");
        assertThat(node.requests()).as("open: not asked").isEqualTo(2);

        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThatThrownBy(() -> rpc.call("eth_chainId")).isInstanceOf(ChainUnavailableException.class);
        assertThat(node.requests()).as("half-open: one probe, which fails and reopens it").isEqualTo(3);
        assertThatThrownBy(() -> rpc.call("eth_chainId")).hasMessageContaining("every RPC endpoint is down");
        assertThat(node.requests()).isEqualTo(3);

        now.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(rpc.call("eth_chainId").asText()).as("the probe is answered").isEqualTo("eth_chainId");
        assertThat(rpc.call("eth_blockNumber").asText()).as("closed again").isEqualTo("eth_blockNumber");
        assertThat(node.requests()).isEqualTo(5);
    }

    @Test
    void aRecoveredPrimaryIsPreferredAgain() {
        AtomicLong now = new AtomicLong();
        ScriptedJsonRpcServer primary = server().then(status(503));
        ScriptedJsonRpcServer secondary = server();
        JsonRpcClient rpc = JsonRpcClient.builder(NET, List.of(primary.url(), secondary.url()))
                .options(QUICK.withBreaker(1, Duration.ofSeconds(30)))
                .nanoTime(now::get)
                .build();

        rpc.call("eth_chainId");
        rpc.call("eth_chainId");
        assertThat(List.of(primary.requests(), secondary.requests())).containsExactly(1, 2);

        now.addAndGet(Duration.ofSeconds(31).toNanos());
        rpc.call("eth_chainId");
        rpc.call("eth_chainId");
        assertThat(List.of(primary.requests(), secondary.requests())).containsExactly(3, 2);
    }

    // ------------------------------------------------------------------------------------------ batches

    @Test
    void aBatchIsAnsweredInOrderWithPerCallErrors() {
        ScriptedJsonRpcServer node = server().otherwise((ex, body) -> {
            // answers in reverse order, the second call with an error: the client must restore the order
            var answers = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (int i = body.size() - 1; i >= 0; i--) {
                var call = body.get(i);
                var a = answers.addObject().put("jsonrpc", "2.0");
                a.set("id", call.get("id"));
                if (i == 1) {
                    a.putObject("error").put("code", -32601).put("message", "no such method");
                } else {
                    a.put("result", call.path("method").asText());
                }
            }
            byte[] bytes = answers.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        });
        JsonRpcClient rpc = client(QUICK, node.url());

        List<Answer> answers = rpc.batch(List.of(Call.of("a"), Call.of("b"), Call.of("c")));

        assertThat(answers.get(0).get().asText()).isEqualTo("a");
        assertThat(answers.get(1).failed()).isTrue();
        assertThat(answers.get(1).error().code()).isEqualTo(-32601);
        assertThat(answers.get(2).get().asText()).isEqualTo("c");
        assertThat(node.requests()).as("one HTTP request, no retry for a per-call error").isEqualTo(1);
    }

    @Test
    void aNodeRefusingBatchesIsAskedCallByCallAndRememberedSo() {
        ScriptedJsonRpcServer node = server().otherwise(refusesBatches());
        JsonRpcClient rpc = client(QUICK, node.url());

        List<Answer> first = rpc.batch(List.of(Call.of("eth_chainId"), Call.of("eth_blockNumber")));
        List<Answer> second = rpc.batch(List.of(Call.of("eth_gasPrice"), Call.of("eth_chainId")));

        assertThat(first).extracting(a -> a.get().asText()).containsExactly("eth_chainId", "eth_blockNumber");
        assertThat(second).extracting(a -> a.get().asText()).containsExactly("eth_gasPrice", "eth_chainId");
        assertThat(node.requests()).as("refused batch + 2 calls, then 2 calls").isEqualTo(5);
    }

    @Test
    void aBatchWithATransientAnswerIsAskedElsewhereWhole() {
        ScriptedJsonRpcServer limited = server().otherwise((ex, body) -> {
            var answers = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (var call : body) {
                var a = answers.addObject().put("jsonrpc", "2.0");
                a.set("id", call.get("id"));
                if (call.path("method").asText().equals("eth_call")) {
                    a.putObject("error").put("code", 429).put("message", "Too Many Requests");
                } else {
                    a.put("result", "0x1");
                }
            }
            byte[] bytes = answers.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        });
        ScriptedJsonRpcServer good = server();
        JsonRpcClient rpc = client(QUICK, limited.url(), good.url());

        List<Answer> answers = rpc.batch(List.of(Call.of("eth_chainId"), Call.of("eth_call")));

        assertThat(answers).extracting(a -> a.get().asText()).containsExactly("eth_chainId", "eth_call");
        assertThat(good.methods()).containsExactly("eth_chainId", "eth_call");
        assertThat(limited.requests()).isEqualTo(1);
    }

    @Test
    void aBatchAnswerWithUnknownIdsIsATransportFailure() {
        ScriptedJsonRpcServer liar = server().otherwise(
                status(200, "[{\"jsonrpc\":\"2.0\",\"id\":999999,\"result\":\"0x1\"}]", Map.of()));
        ScriptedJsonRpcServer good = server();
        JsonRpcClient rpc = client(QUICK, liar.url(), good.url());

        assertThat(rpc.batch(List.of(Call.of("a"), Call.of("b")))).extracting(a -> a.get().asText())
                .containsExactly("a", "b");
        assertThat(List.of(liar.requests(), good.requests())).containsExactly(1, 1);
    }

    // ------------------------------------------------------------------------------------------ secrets

    @Test
    void noMessageNamesMoreThanSchemeHostAndPort() {
        ScriptedJsonRpcServer failing = server().otherwise(status(500));
        URI[] endpoints = {
            closed("/v2/SECRETKEY?api-key=SECRET2"),
            URI.create("http://user:SECRETPW@127.0.0.1:" + closedPort() + "/rpc"),
            failing.url("/v3/SECRET3?token=SECRET4"),
        };
        JsonRpcClient rpc = client(QUICK.withMaxAttempts(6), endpoints);

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> rpc.call("eth_sendRawTransaction", "0xSIGNEDTRANSACTION"));

        assertThat(thrown).isInstanceOf(ChainUnavailableException.class);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage()))
                    .doesNotContain("SECRET")
                    .doesNotContain("SIGNEDTRANSACTION")
                    .doesNotContain("user");
        }
        assertThat(rpc.endpoints()).allSatisfy(e -> assertThat(e).doesNotContain("SECRET"));
        assertThat(rpc.toString()).doesNotContain("SECRET");
    }

    @Test
    void badEndpointListsAreRefusedWithoutQuotingThem() {
        URI a = URI.create("https://a.example/v2/SECRET");
        assertThatThrownBy(() -> JsonRpcClient.of(NET, List.of(), QUICK)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> JsonRpcClient.of(NET, List.of(a, a), QUICK))
                .hasMessageContaining("https://a.example twice")
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> JsonRpcClient.of(NET, List.of(URI.create("ws://a.example/SECRET")), QUICK))
                .hasMessageContaining("http or https")
                .hasMessageNotContaining("SECRET");
    }
}
