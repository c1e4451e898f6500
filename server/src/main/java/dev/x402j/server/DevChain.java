package dev.x402j.server;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Network;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.TestUsdc;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode's chain: a real local anvil node (chain id 31337) started with the testkit, a USDC-like test token
 * ("USD Coin", version "2", 6 decimals) deployed on it, and 1000 USDC minted to a demo payer. Anvil's well-known dev
 * accounts play the parts: account 0 is the facilitator (it pays gas), account 1 the demo payer, account 2 the payee.
 * Their keys are anvil's public test keys and hold value nowhere else. The node stops with the application.
 */
@Singleton
@Requires(condition = DevModeCondition.class)
public final class DevChain implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DevChain.class);

    /** The chain id of the local node. */
    public static final long CHAIN_ID = 31337;
    /** The name the local network is served under. */
    public static final String NETWORK_NAME = "local";
    /** What the demo payer starts with: 1000 USDC in atomic units. */
    public static final BigInteger PAYER_FUNDS = BigInteger.valueOf(1_000_000_000L);

    private final AnvilChain chain;
    private final TestUsdc usdc;
    private final Network network;

    public DevChain() {
        log.info("dev mode: starting a local anvil chain (chain id {})", CHAIN_ID);
        this.chain = AnvilChain.start(CHAIN_ID);
        try {
            this.usdc = TestUsdc.deploy(chain);
            usdc.mint(payer().address(), PAYER_FUNDS);
            this.network = Network.of(NETWORK_NAME, ChainId.eip155(CHAIN_ID), true,
                    Asset.eip712(usdc.address(), "USDC", usdc.decimals(), usdc.name(), usdc.version()));
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
        log.info("dev mode: test USDC {} deployed; demo payer {} funded", usdc.address(), payer().address());
    }

    /** The {@code local} network, whose USDC is the deployed test token. */
    public Network network() {
        return network;
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
    public DevAccount payee() {
        return chain.accounts().get(2);
    }

    @PreDestroy
    @Override
    public void close() {
        chain.close();
        log.info("dev mode: local anvil chain stopped");
    }
}
