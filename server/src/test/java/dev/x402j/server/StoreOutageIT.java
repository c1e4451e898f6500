package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.wire.X402Json;
import dev.x402j.evm.EvmPaymentSigner;
import dev.x402j.testkit.DevAccount;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The server's PostgreSQL goes away while it runs (its database is dropped, every connection cut): {@code /settle}
 * answers 503 {@code store_unavailable} in JSON — retryable, no stack trace, no URL — instead of a bare 500, and the
 * endpoints that need no store keep working.
 */
class StoreOutageIT {
    @Test
    void aSettlementWhileTheDatabaseIsGoneIsARetryable503() {
        DevAccount facilitator = DevAccount.anvilDefaults().get(0);
        DevAccount payer = DevAccount.anvilDefaults().get(1);
        TestStores.Postgres postgres = new TestStores.Postgres();
        boolean dropped = false;
        // The chain is never asked: the ledger is read first, and it is gone.
        try (TestServer server = TestServer.start(Map.of(
                "EVM_PRIVATE_KEY", facilitator.privateKeyHex(),
                "EVM_NETWORKS", "eip155:31337",
                "EVM_RPC_URL_EIP155_31337", "http://127.0.0.1:1",
                "DATABASE_URL", postgres.databaseUrl()), Map.of())) {
            postgres.close();
            dropped = true;

            ObjectNode extra = X402Json.mapper().createObjectNode();
            extra.put("name", "USD Coin");
            extra.put("version", "2");
            PaymentRequirements req = new PaymentRequirements("exact", "eip155:31337", BigInteger.TEN,
                    "0x5FbDB2315678afecb367f032d93F642f64180aa3", DevAccount.anvilDefaults().get(2).address(), 60, extra);
            ObjectNode body = X402Json.mapper().createObjectNode();
            body.put("x402Version", 2);
            body.set("paymentPayload", X402Json.mapper().valueToTree(EvmPaymentSigner.fromHex(payer.privateKeyHex())
                    .pay(req, new ResourceInfo("https://api.example/x", "x", "application/json"), Instant.now())));
            body.set("paymentRequirements", X402Json.mapper().valueToTree(req));

            TestServer.Answer answer = server.postJson("/settle", body);
            assertThat(answer.status()).as(answer.body()).isEqualTo(503);
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(answer.json().path("error").asText()).isEqualTo("store_unavailable");
            assertThat(answer.body()).doesNotContain(postgres.password).doesNotContain("5432").doesNotContain("Exception");

            assertThat(server.get("/health").status()).isEqualTo(200);
        } finally {
            if (!dropped) {
                postgres.close();
            }
        }
    }
}
