package dev.x402j.evm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.Network;
import dev.x402j.core.family.DevChain;
import dev.x402j.core.family.RpcSource;
import dev.x402j.core.family.ServedFamily;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.core.wire.X402Json;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.TestUsdc;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode's EVM chain: a real local anvil node (chain id 31337) started with the testkit, a USDC-like test token
 * ("USD Coin", version "2", 6 decimals) deployed on it, and 1000 USDC minted to a demo payer. Anvil's well-known dev
 * accounts play the parts: account 0 is the facilitator (it pays gas), account 1 the demo payer, account 2 the payee.
 * Their keys are anvil's public test keys and hold value nowhere else.
 *
 * <p>The testkit is an optional dependency of this module: only dev mode loads this class, and an application
 * without the testkit on its class path (a production deployment) cannot start it.
 */
public final class EvmDevChain implements DevChain {
    private static final Logger log = LoggerFactory.getLogger(EvmDevChain.class);

    /** The chain id of the local node. */
    public static final long CHAIN_ID = 31337;
    /** The name the local network is served under. */
    public static final String NETWORK_NAME = "local";
    /** What the demo payer starts with: 1000 USDC in atomic units. */
    public static final BigInteger PAYER_FUNDS = BigInteger.valueOf(1_000_000_000L);

    private static final ResourceInfo RESOURCE = new ResourceInfo(
            "http://localhost/dev/sample-resource", "x402j dev-mode sample payment", "application/json");

    private final AnvilChain chain;
    private final TestUsdc usdc;
    private final Network network;
    private final ServedFamily served;

    private EvmDevChain(AnvilChain chain, BigInteger maxFeePerGas, RpcOptions rpcOptions) {
        this.chain = chain;
        this.usdc = TestUsdc.deploy(chain);
        usdc.mint(payer().address(), PAYER_FUNDS);
        this.network = Network.of(NETWORK_NAME, ChainId.eip155(CHAIN_ID), true,
                Asset.eip712(usdc.address(), "USDC", usdc.decimals(), usdc.name(), usdc.version()));
        this.served = new EvmServing(List.of(EvmPrivateKeySigner.fromHex(facilitator().privateKeyHex())),
                List.of(new EvmServedNetwork(new ServedNetwork(network, List.of(rpcUrl()), RpcSource.LOCAL), maxFeePerGas)),
                rpcOptions);
    }

    /**
     * Starts anvil, deploys the test USDC and funds the demo payer.
     *
     * @param maxFeePerGas the cap on settlement transactions' fee per gas, or {@code null} for none
     */
    public static EvmDevChain start(BigInteger maxFeePerGas, RpcOptions rpcOptions) {
        log.info("dev mode: starting a local anvil chain (chain id {})", CHAIN_ID);
        AnvilChain chain = AnvilChain.start(CHAIN_ID);
        try {
            EvmDevChain dev = new EvmDevChain(chain, maxFeePerGas, rpcOptions);
            log.info("dev mode: test USDC {} deployed; demo payer {} funded", dev.usdc.address(), dev.payer().address());
            return dev;
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public ServedFamily served() {
        return served;
    }

    @Override
    public BigInteger payerFunds() {
        return PAYER_FUNDS;
    }

    @Override
    public String payee() {
        return payeeAccount().address();
    }

    public URI rpcUrl() {
        return URI.create(chain.rpcUrl());
    }

    public TestUsdc usdc() {
        return usdc;
    }

    /** Anvil account 0: the facilitator's signer, which pays the gas of settlements. */
    public DevAccount facilitator() {
        return chain.accounts().get(0);
    }

    /** Anvil account 1: the demo payer, funded with 1000 test USDC. */
    public DevAccount payer() {
        return chain.accounts().get(1);
    }

    /** Anvil account 2: the recipient of sample payments. */
    public DevAccount payeeAccount() {
        return chain.accounts().get(2);
    }

    @Override
    public Optional<String> demoPayerKey() {
        return Optional.of(payer().privateKeyHex());
    }

    /** An authorization valid for 5 minutes. */
    @Override
    public SamplePayment samplePayment(BigInteger amount, Facilitator facilitator, Clock clock) {
        ObjectNode extra = X402Json.mapper().createObjectNode();
        extra.put("name", usdc.name());
        extra.put("version", usdc.version());
        PaymentRequirements requirements = new PaymentRequirements(
                "exact", network.chainId().toString(), amount, usdc.address(), payee(), 300, extra);
        PaymentPayload payload = EvmPaymentSigner.fromHex(payer().privateKeyHex())
                .pay(requirements, RESOURCE, clock.instant());
        return new SamplePayment(payload, requirements);
    }

    @Override
    public ObjectNode balances() {
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("network", network.chainId().toString());
        body.put("token", usdc.address());
        body.put("decimals", usdc.decimals());
        body.set("payer", balance(payer()));
        body.set("payee", balance(payeeAccount()));
        body.set("facilitator", balance(facilitator()));
        return body;
    }

    private ObjectNode balance(DevAccount account) {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("address", account.address());
        o.put("balance", usdc.balanceOf(account.address()).toString());
        return o;
    }

    @Override
    public String banner(String facilitator) {
        return """
                EVM
                  network          %1$s = %2$s (anvil at %3$s)
                  token            %4$s %5$s ("%6$s", version "%7$s", %8$d decimals)
                  facilitator      %9$s (anvil account 0, pays the gas)
                  demo payer       %10$s (anvil account 1, holds 1000 USDC)
                                   key %11$s: anvil's public test key, known to everyone; never send real funds to it
                  payee            %12$s (anvil account 2)
                """.formatted(
                network.name(), network.chainId(), rpcUrl(), network.usdc().map(Asset::symbol).orElse("USDC"),
                usdc.address(), usdc.name(), usdc.version(), usdc.decimals(), facilitator().address(),
                payer().address(), payer().privateKeyHex(), payee());
    }

    @Override
    public void close() {
        chain.close();
        log.info("dev mode: local anvil chain stopped");
    }
}
