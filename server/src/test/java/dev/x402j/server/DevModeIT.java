package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dev mode as the README's run command starts it: no key, a local anvil, the /dev endpoints, a payment that settles. */
class DevModeIT {

    @Test
    void theSamplePaymentSettlesOnTheLocalChainAndThePayeeGainsExactlyItsAmount() throws Exception {
        URI rpc;
        try (TestServer server = TestServer.start(Map.of(), Map.of())) {
            assertThat(server.get("/health").json().path("mode").asText()).isEqualTo("dev");
            JsonNode supported = server.get("/supported").json();
            assertThat(supported.path("kinds").toString()).contains("\"network\":\"eip155:31337\"").contains("\"network\":\"local\"");

            BigInteger before = payeeBalance(server);
            TestServer.Answer sample = server.get("/dev/sample-payment?amount=10000");
            assertThat(sample.status()).as(sample.body()).isEqualTo(200);

            TestServer.Answer settled = server.post("/settle", "application/json", sample.body().getBytes(StandardCharsets.UTF_8));
            assertThat(settled.status()).as(settled.body()).isEqualTo(200);
            JsonNode s = settled.json();
            assertThat(s.path("success").asBoolean()).as(s.toString()).isTrue();
            assertThat(s.path("transaction").asText()).matches("0x[0-9a-f]{64}");
            assertThat(s.path("network").asText()).isEqualTo("eip155:31337");
            assertThat(payeeBalance(server)).isEqualTo(before.add(BigInteger.valueOf(10_000)));

            // The default amount is 10000 too, and a bad amount is a 400.
            assertThat(server.get("/dev/sample-payment").json().path("paymentRequirements").path("amount").asText())
                    .isEqualTo("10000");
            TestServer.Answer bad = server.get("/dev/sample-payment?amount=1.5");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("error").asText()).isEqualTo("invalid_payment_requirements");

            // The banner names what runs and how to pay, and says the printed key is anvil's public one.
            DevChain chain = server.context.getBean(DevChain.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            server.context.getBean(DevBanner.class).print(new PrintStream(out, true, StandardCharsets.UTF_8), 8090);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("http://localhost:8090")
                    .contains("local = eip155:31337")
                    .contains(chain.usdc().address())
                    .contains(chain.facilitator().address())
                    .contains(chain.payer().address())
                    .contains("anvil's public test key")
                    .contains("curl -s localhost:8090/dev/sample-payment | curl -s -H 'content-type: application/json'"
                            + " --data-binary @- localhost:8090/settle");
            rpc = chain.rpcUrl();
        }
        // Anvil stopped with the application.
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(rpc)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    private static BigInteger payeeBalance(TestServer server) {
        JsonNode balances = server.get("/dev/balances").json();
        return new BigInteger(balances.path("payee").path("balance").asText());
    }
}
