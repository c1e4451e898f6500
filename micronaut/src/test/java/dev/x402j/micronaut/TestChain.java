package dev.x402j.micronaut;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.TestUsdc;

/**
 * The test app's chain: a real anvil node (chain id 31337) with the testkit's USDC, served as the network
 * {@code local}. Anvil's accounts: 0 deploys and mints the token, 1 the payer, 2 the payee, 3 a payer whose funds
 * the {@code /drain} controller moves away before settlement, 4 where they go, 5 the facilitator (pays the gas; no
 * other transaction is sent from its key, so its nonces stay its own), 6 the payer of the tracking test's failing controller.
 */
record TestChain(AnvilChain chain, TestUsdc usdc) {
    static final long CHAIN_ID = 31337;

    Network network() {
        return Network.of("local", ChainId.eip155(CHAIN_ID), true,
                Asset.eip712(usdc.address(), "USDC", usdc.decimals(), usdc.name(), usdc.version()));
    }

    NetworkRegistry networks() {
        return NetworkRegistry.defaults().with(network());
    }

    DevAccount facilitator() {
        return chain.accounts().get(5);
    }

    DevAccount payer() {
        return chain.accounts().get(1);
    }

    DevAccount payee() {
        return chain.accounts().get(2);
    }

    DevAccount drained() {
        return chain.accounts().get(3);
    }

    DevAccount sink() {
        return chain.accounts().get(4);
    }

    DevAccount trackedPayer() {
        return chain.accounts().get(6);
    }
}
