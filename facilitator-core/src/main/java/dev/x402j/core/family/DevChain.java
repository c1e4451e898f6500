package dev.x402j.core.family;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Facilitator;
import dev.x402j.core.Network;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Optional;

/**
 * A family's local chain for dev mode: a real local node of the family (or its closest local stand-in) with a test
 * USDC and funded public dev accounts, served by the facilitator as one network. It shows itself in the dev banner and
 * in {@code /dev/balances}, and signs sample payments for {@code /dev/sample-payment}. Closing it stops the chain.
 */
public interface DevChain extends AutoCloseable {

    /** The local network, whose USDC is the test token. */
    Network network();

    /** What the facilitator serves on it: the local network with its endpoint and the facilitator's dev keys. */
    ServedFamily served();

    /** The most a sample payment may move: what the demo payer starts with, in atomic units. */
    BigInteger payerFunds();

    /** The recipient of sample payments and of the demo paid route, when this chain is the one the demo uses. */
    String payee();

    /**
     * A payment of {@code amount} atomic units of the test USDC from the demo payer to the payee, freshly signed, with
     * the requirements it pays ({@code facilitator} completes them where the family needs it, as {@code /accepts}).
     */
    SamplePayment samplePayment(BigInteger amount, Facilitator facilitator, Clock clock);

    /** The test-USDC balances (atomic units) of the parties, and whatever else the family shows. */
    ObjectNode balances();

    /**
     * The banner's section for this chain: indented lines naming the network, token, accounts (public dev keys only)
     * and how to pay on it; {@code facilitator} is {@code host:port} of the facilitator.
     */
    String banner(String facilitator);

    /** The demo payer's public dev key in the form the official client's tools take, when the demo pays with it. */
    default Optional<String> demoPayerKey() {
        return Optional.empty();
    }

    /** Stops the local chain. */
    @Override
    void close();

    /** A dev chain whose settings are checked, ready to start. */
    @FunctionalInterface
    interface Launcher {
        /**
         * Starts the local chain.
         *
         * @throws RuntimeException if it cannot start (its tools are missing…)
         */
        DevChain start();
    }

    /** A signed sample payment and the requirements it pays. */
    record SamplePayment(PaymentPayload payload, PaymentRequirements requirements) {}
}
