package dev.x402j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.wire.X402Json;
import dev.x402j.evm.EvmPaymentSigner;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.JsonRpcProxy;
import dev.x402j.testkit.TestUsdc;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One real anvil with its own chain id 31337 — a chain x402j's catalogue does not know, served in live mode as
 * {@code EVM_NETWORKS=eip155:31337} — the testkit's USDC-like token on it, and a {@link JsonRpcProxy} in front of it that
 * every server instance is pointed at, so the test sees every call that reaches the chain. Anvil account 1 pays (it is
 * minted 100 USDC), account 2 is paid; accounts 0, 5 and 6 are facilitator keys.
 */
final class LocalChain implements AutoCloseable {
    static final BigInteger AMOUNT = BigInteger.valueOf(10_000);
    static final String NETWORK = "eip155:31337";
    static final String SEND_RAW = "eth_sendRawTransaction";
    private static final ResourceInfo RESOURCE = new ResourceInfo("https://api.example/report", "report", "application/json");

    final AnvilChain chain;
    final TestUsdc usdc;
    final JsonRpcProxy proxy;
    final DevAccount payer;
    final DevAccount payee;
    private final EvmPaymentSigner payerSigner;

    LocalChain() {
        chain = AnvilChain.start(31337);
        try {
            usdc = TestUsdc.deploy(chain);
            payer = chain.accounts().get(1);
            payee = chain.accounts().get(2);
            usdc.mint(payer.address(), BigInteger.valueOf(100_000_000));
            payerSigner = EvmPaymentSigner.fromHex(payer.privateKeyHex());
            proxy = JsonRpcProxy.start(chain.rpcUrl());
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    /** The environment of a live-mode server instance settling on this chain with anvil account {@code account}'s key. */
    Map<String, String> serverEnvironment(int account) {
        Map<String, String> env = new HashMap<>();
        env.put("X402J_MODE", "live");
        env.put("EVM_PRIVATE_KEY", chain.accounts().get(account).privateKeyHex());
        env.put("EVM_NETWORKS", NETWORK);
        env.put("EVM_RPC_URL_EIP155_31337", proxy.url());
        env.put("EVM_ASSETS_EIP155_31337", usdc.address() + ":USDC:6:" + usdc.name() + ":" + usdc.version());
        return env;
    }

    /** A {@code /settle} (or {@code /verify}) body: a fresh payment of {@link #AMOUNT} from the payer to the payee. */
    ObjectNode newPayment() {
        ObjectNode extra = X402Json.mapper().createObjectNode();
        extra.put("name", "USD Coin");
        extra.put("version", "2");
        PaymentRequirements req = new PaymentRequirements("exact", NETWORK, AMOUNT, usdc.address(), payee.address(), 600, extra);
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("x402Version", 2);
        body.set("paymentPayload", X402Json.mapper().valueToTree(payerSigner.pay(req, RESOURCE, Instant.now())));
        body.set("paymentRequirements", X402Json.mapper().valueToTree(req));
        return body;
    }

    BigInteger payerBalance() {
        return usdc.balanceOf(payer.address());
    }

    BigInteger payeeBalance() {
        return usdc.balanceOf(payee.address());
    }

    /** The receipt of a transaction (read from anvil directly, not through the proxy), or null if not mined. */
    JsonNode receipt(String transaction) {
        JsonNode r = chain.rpc("eth_getTransactionReceipt", transaction);
        return r == null || r.isNull() ? null : r;
    }

    @Override
    public void close() {
        proxy.close();
        chain.close();
    }
}
