package dev.x402j.server;

import dev.x402j.evm.EvmDevChain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.wire.X402Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code EVM_MAX_FEE_PER_GAS} reaches the EVM scheme: in dev mode with a cap below what anvil's base fee and tip cost,
 * the sample payment is not settled — {@code /settle} says why and nothing is signed or sent — while without a cap the
 * same kind of payment settles.
 */
class MaxFeePerGasIT {
    /** 1000 wei, written in gwei to go through the exact conversion. */
    private static final String CAP = "0.000001gwei";

    @Test
    void aCapBelowTheMarketStopsTheSettlementAndMovesNothingWhileWithoutACapItSettles() {
        try (TestServer capped = TestServer.start(Map.of("EVM_MAX_FEE_PER_GAS", CAP), Map.of())) {
            assertThat(capped.get("/health").json().path("mode").asText()).isEqualTo("dev");
            EvmDevChain chain = capped.context.getBean(DevChains.class).get(EvmDevChain.class);
            // The cap applies to the dev chain's network, as the facilitator serves it.
            assertThat(((dev.x402j.evm.EvmServing) chain.served()).evmNetworks().get(0).maxFeePerGas())
                    .isEqualTo(BigInteger.valueOf(1000));
            BigInteger baseFee = quantity(rpc(chain.rpcUrl(), "eth_getBlockByNumber", "latest", false).path("baseFeePerGas"));
            assertThat(baseFee).as("the premise: anvil's base fee is above the cap").isGreaterThan(BigInteger.valueOf(1000));

            JsonNode before = capped.get("/dev/balances").json();
            BigInteger nonceBefore = nonce(chain);
            TestServer.Answer sample = capped.get("/dev/sample-payment?amount=10000");
            assertThat(sample.status()).as(sample.body()).isEqualTo(200);

            for (int attempt = 1; attempt <= 2; attempt++) { // still unsettled, so a retry meets the cap again
                TestServer.Answer settled = capped.post("/settle", "application/json",
                        sample.body().getBytes(StandardCharsets.UTF_8));
                assertThat(settled.status()).as(settled.body()).isEqualTo(200);
                JsonNode s = settled.json();
                assertThat(s.path("success").asBoolean()).as(s.toString()).isFalse();
                assertThat(s.path("errorReason").asText()).isEqualTo("unexpected_settle_error");
                assertThat(s.path("errorMessage").asText()).as(s.toString())
                        .startsWith("eip155:31337: the base fee (" + baseFee + " wei)")
                        .endsWith("are above the configured maxFeePerGas of 1000 wei: not settling until fees fall");
                assertThat(s.path("transaction").asText()).isEmpty();
            }

            JsonNode after = capped.get("/dev/balances").json();
            for (String party : List.of("payer", "payee", "facilitator")) {
                assertThat(after.path(party).path("balance").asText()).as(party + "'s USDC")
                        .isEqualTo(before.path(party).path("balance").asText());
            }
            assertThat(nonce(chain)).as("no transaction was sent from the facilitator's key").isEqualTo(nonceBefore);
        }

        try (TestServer uncapped = TestServer.start(Map.of(), Map.of())) {
            EvmDevChain chain = uncapped.context.getBean(DevChains.class).get(EvmDevChain.class);
            assertThat(((dev.x402j.evm.EvmServing) chain.served()).evmNetworks().get(0).maxFeePerGas()).isNull();
            BigInteger payeeBefore = new BigInteger(uncapped.get("/dev/balances").json().path("payee").path("balance").asText());
            TestServer.Answer sample = uncapped.get("/dev/sample-payment?amount=10000");
            TestServer.Answer settled = uncapped.post("/settle", "application/json",
                    sample.body().getBytes(StandardCharsets.UTF_8));
            JsonNode s = settled.json();
            assertThat(s.path("success").asBoolean()).as(s.toString()).isTrue();
            BigInteger payeeAfter = new BigInteger(uncapped.get("/dev/balances").json().path("payee").path("balance").asText());
            assertThat(payeeAfter).isEqualTo(payeeBefore.add(BigInteger.valueOf(10_000)));
            JsonNode tx = rpc(chain.rpcUrl(), "eth_getTransactionByHash", s.path("transaction").asText());
            assertThat(quantity(tx.path("maxFeePerGas"))).as("what the cap would have refused")
                    .isGreaterThan(BigInteger.valueOf(1000));
        }
    }

    private static BigInteger nonce(EvmDevChain chain) {
        return quantity(rpc(chain.rpcUrl(), "eth_getTransactionCount", chain.facilitator().address(), "pending"));
    }

    private static BigInteger quantity(JsonNode hex) {
        assertThat(hex.isTextual()).as("a quantity: " + hex).isTrue();
        return new BigInteger(hex.asText().substring(2), 16);
    }

    /** One JSON-RPC call straight to the local anvil (not through the server). */
    private static JsonNode rpc(URI node, String method, Object... params) {
        ObjectNode request = X402Json.mapper().createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", 1);
        request.put("method", method);
        request.set("params", X402Json.mapper().valueToTree(params));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(node)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(X402Json.write(request)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = X402Json.mapper().readTree(r.body());
            assertThat(answer.has("error")).as(method + ": " + r.body()).isFalse();
            return answer.path("result");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
