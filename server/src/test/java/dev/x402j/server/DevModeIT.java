package dev.x402j.server;

import dev.x402j.solana.SolanaDevChain;
import dev.x402j.evm.EvmDevChain;
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

/**
 * Dev mode as the README's run command starts it: no key, a local anvil and a local Solana (LiteSVM), the /dev
 * endpoints, a payment that settles on each.
 */
class DevModeIT {

    @Test
    void theSamplePaymentsSettleOnBothLocalChainsAndEachPayeeGainsExactlyItsAmount() throws Exception {
        URI rpc;
        URI solanaRpc;
        try (TestServer server = TestServer.start(Map.of(), Map.of())) {
            assertThat(server.get("/health").json().path("mode").asText()).isEqualTo("dev");
            // Without an admin token, dev mode leaves the operator endpoints open (TrackingEndpointsIT covers the rest).
            assertThat(server.get("/tracking/payments").status()).isEqualTo(200);
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
            EvmDevChain chain = server.context.getBean(DevChains.class).get(EvmDevChain.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            server.context.getBean(DevBanner.class).print(new PrintStream(out, true, StandardCharsets.UTF_8), 8090);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("http://localhost:8090")
                    .contains("local = eip155:31337")
                    .contains(chain.usdc().address())
                    .contains(chain.facilitator().address())
                    .contains(chain.payer().address())
                    .contains("anvil's public test key")
                    .contains("localhost:8090/demo/weather costs $0.01")
                    .contains("curl -s localhost:8090/dev/sample-payment | curl -s -H 'content-type: application/json'"
                            + " --data-binary @- localhost:8090/settle");
            rpc = chain.rpcUrl();

            // ---- Solana: solana-local, its own CAIP-2 id, served beside the EVM chain.
            SolanaDevChain solana = server.context.getBean(DevChains.class).get(SolanaDevChain.class);
            assertThat(supported.path("kinds").toString()).contains("\"network\":\"" + SolanaDevChain.CAIP2 + "\"")
                    .contains("\"network\":\"solana-local\"");
            assertThat(supported.path("signers").path("solana:*").toString()).contains(solana.feePayer().address());
            assertThat(server.get("/health").body()).contains("\"name\":\"solana-local\"")
                    .contains("\"network\":\"" + SolanaDevChain.CAIP2 + "\"");

            JsonNode solanaBefore = server.get("/dev/balances").json().path("solana");
            BigInteger payeeBefore = new BigInteger(solanaBefore.path("payee").path("balance").asText());
            BigInteger payerBefore = new BigInteger(solanaBefore.path("payer").path("balance").asText());
            assertThat(solanaBefore.path("token").asText()).isEqualTo(solana.mint());
            TestServer.Answer solanaSample = server.get("/dev/sample-payment?network=solana-local&amount=10000");
            assertThat(solanaSample.status()).as(solanaSample.body()).isEqualTo(200);
            JsonNode requirements = solanaSample.json().path("paymentRequirements");
            assertThat(requirements.path("network").asText()).isEqualTo(SolanaDevChain.CAIP2);
            assertThat(requirements.path("asset").asText()).isEqualTo(solana.mint());
            assertThat(requirements.path("extra").path("feePayer").asText()).isEqualTo(solana.feePayer().address());
            assertThat(requirements.path("extra").path("decimals").asInt()).isEqualTo(6);
            assertThat(requirements.path("extra").path("recentBlockhash").asText()).isNotBlank();

            TestServer.Answer solanaSettled = server.post("/settle", "application/json",
                    solanaSample.body().getBytes(StandardCharsets.UTF_8));
            assertThat(solanaSettled.status()).as(solanaSettled.body()).isEqualTo(200);
            JsonNode ss = solanaSettled.json();
            assertThat(ss.path("success").asBoolean()).as(ss.toString()).isTrue();
            assertThat(ss.path("transaction").asText()).matches("[1-9A-HJ-NP-Za-km-z]{64,88}");
            assertThat(ss.path("network").asText()).isEqualTo(SolanaDevChain.CAIP2);
            assertThat(ss.path("payer").asText()).isEqualTo(solana.payer().address());
            JsonNode solanaAfter = server.get("/dev/balances").json().path("solana");
            assertThat(new BigInteger(solanaAfter.path("payee").path("balance").asText()))
                    .isEqualTo(payeeBefore.add(BigInteger.valueOf(10_000)));
            assertThat(new BigInteger(solanaAfter.path("payer").path("balance").asText()))
                    .isEqualTo(payerBefore.subtract(BigInteger.valueOf(10_000)));

            // The CAIP-2 id names it too; an unknown network is a 400.
            assertThat(server.get("/dev/sample-payment?network=" + SolanaDevChain.CAIP2).json()
                    .path("paymentRequirements").path("network").asText()).isEqualTo(SolanaDevChain.CAIP2);
            TestServer.Answer unknown = server.get("/dev/sample-payment?network=base");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().path("error").asText()).isEqualTo("invalid_network");

            String banner = out.toString(StandardCharsets.UTF_8);
            assertThat(banner)
                    .contains("solana-local = " + SolanaDevChain.CAIP2)
                    .contains(solana.mint())
                    .contains(solana.feePayer().address())
                    .contains(solana.payer().address())
                    .contains(solana.payerKey())
                    .contains("x402j's public dev key")
                    .contains("curl -s 'localhost:8090/dev/sample-payment?network=solana-local' | curl -s");
            solanaRpc = solana.rpcUrl();
        }
        // Anvil and the local Solana stopped with the application.
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(rpc)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(solanaRpc)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getHealth\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    private static BigInteger payeeBalance(TestServer server) {
        JsonNode balances = server.get("/dev/balances").json();
        return new BigInteger(balances.path("payee").path("balance").asText());
    }
}
