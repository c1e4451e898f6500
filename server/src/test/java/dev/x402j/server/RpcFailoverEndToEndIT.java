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
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server configured as users do it with two RPC endpoints for one network, {@code EVM_RPC_URL_BASE_SEPOLIA=<down>,
 * <anvil>}: the first (a closed local port, with an API key in its path) is down, the second a real anvil node posing
 * as Base Sepolia. A payment settles through the second, exactly once, and no answer names the first's path.
 */
class RpcFailoverEndToEndIT {
    private static final BigInteger AMOUNT = BigInteger.valueOf(20_000);
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example/report");

    private static AnvilChain chain;
    private static TestUsdc usdc;
    private static TestServer server;
    private static DevAccount payer;
    private static DevAccount payee;

    @BeforeAll
    static void start() throws IOException {
        chain = AnvilChain.start(84532);
        usdc = TestUsdc.deploy(chain);
        payer = chain.accounts().get(1);
        payee = chain.accounts().get(2);
        usdc.mint(payer.address(), BigInteger.valueOf(100_000_000));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        server = TestServer.start(Map.of(
                "EVM_PRIVATE_KEY", chain.accounts().get(0).privateKeyHex(),
                "EVM_NETWORKS", "base-sepolia",
                "EVM_RPC_URL_BASE_SEPOLIA", "http://127.0.0.1:" + closed + "/v2/SECRETKEY , " + chain.rpcUrl(),
                "EVM_ASSETS_BASE_SEPOLIA", usdc.address() + ":USDC:6:" + usdc.name() + ":" + usdc.version()),
                Map.of());
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

    @Test
    void aPaymentSettlesThroughTheSecondEndpointAndMovesMoneyOnce() {
        ObjectNode extra = X402Json.mapper().createObjectNode().put("name", "USD Coin").put("version", "2");
        PaymentRequirements req = new PaymentRequirements("exact", "eip155:84532", AMOUNT, usdc.address(),
                payee.address(), 60, extra);
        ObjectNode body = X402Json.mapper().createObjectNode().put("x402Version", 2);
        body.set("paymentPayload", X402Json.mapper().valueToTree(
                EvmPaymentSigner.fromHex(payer.privateKeyHex()).pay(req, RESOURCE, Instant.now())));
        body.set("paymentRequirements", X402Json.mapper().valueToTree(req));
        BigInteger payerBefore = usdc.balanceOf(payer.address());
        BigInteger payeeBefore = usdc.balanceOf(payee.address());

        TestServer.Answer verified = server.postJson("/verify", body);
        TestServer.Answer settled = server.postJson("/settle", body);
        TestServer.Answer again = server.postJson("/settle", body);

        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().path("isValid").asBoolean()).as(verified.body()).isTrue();
        JsonNode s = settled.json();
        assertThat(s.path("success").asBoolean()).as(settled.body()).isTrue();
        // the same answer, but only the first call owns the settlement
        JsonNode againWithoutOwner = ((com.fasterxml.jackson.databind.node.ObjectNode) again.json().deepCopy()).without("extensions");
        JsonNode firstWithoutOwner = ((com.fasterxml.jackson.databind.node.ObjectNode) s.deepCopy()).without("extensions");
        assertThat(againWithoutOwner).isEqualTo(firstWithoutOwner);
        assertThat(s.path("extensions").path("x402jSettlement").path("owner").asBoolean()).isTrue();
        assertThat(again.json().path("extensions").path("x402jSettlement").path("owner").asBoolean(true)).isFalse();
        assertThat(usdc.balanceOf(payer.address())).isEqualTo(payerBefore.subtract(AMOUNT));
        assertThat(usdc.balanceOf(payee.address())).isEqualTo(payeeBefore.add(AMOUNT));
        assertThat(server.get("/health").body()).contains("\"rpc\":\"explicit\"").doesNotContain("SECRETKEY");
    }
}
