package dev.x402j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Starts the real anvil binary. */
class AnvilChainIT {

    private static final BigInteger TEN_THOUSAND_ETH = new BigInteger("10000000000000000000000");

    @Test
    void posesAsBaseSepoliaWithFundedDevAccounts() {
        try (AnvilChain chain = AnvilChain.start(84532)) {
            assertThat(chain.chainId()).isEqualTo(84532);
            assertThat(chain.caip2()).isEqualTo("eip155:84532");
            assertThat(AnvilChain.quantity(chain.rpc("eth_chainId"))).isEqualTo(BigInteger.valueOf(84532));
            assertThat(chain.rpcUrl()).startsWith("http://127.0.0.1:");

            List<String> nodeAccounts = new ArrayList<>();
            chain.rpc("eth_accounts").forEach(a -> nodeAccounts.add(a.asText().toLowerCase()));
            assertThat(nodeAccounts).containsExactlyElementsOf(
                    chain.accounts().stream().map(a -> a.address().toLowerCase()).toList());
            for (DevAccount account : chain.accounts()) {
                assertThat(chain.balance(account.address())).as(account.address()).isEqualTo(TEN_THOUSAND_ETH);
            }
        }
    }

    @Test
    void closeReallyStopsTheProcess() throws Exception {
        AnvilChain chain = AnvilChain.start(31337);
        URI uri = URI.create(chain.rpcUrl());
        assertThat(canConnect(uri)).isTrue();
        ProcessHandle handle = ProcessHandle.of(chain.pid()).orElseThrow();

        chain.close();
        chain.close(); // idempotent

        assertThat(handle.isAlive()).isFalse();
        assertThat(chain.isAlive()).isFalse();
        assertThat(canConnect(uri)).isFalse();
    }

    @Test
    void rpcErrorsCarryTheNodeMessage() {
        try (AnvilChain chain = AnvilChain.start(31337)) {
            assertThatThrownBy(() -> chain.rpc("no_such_method"))
                    .isInstanceOf(NodeRpcException.class)
                    .hasMessageContaining("no_such_method");
        }
    }

    @Test
    void unreachableNodeIsAnIoFault() {
        AnvilChain chain = AnvilChain.start(31337);
        chain.close();
        assertThatThrownBy(() -> chain.rpc("eth_chainId")).isInstanceOfAny(UncheckedIOException.class, IllegalStateException.class);
    }

    @Test
    void timeSnapshotsAndBalances() {
        try (AnvilChain chain = AnvilChain.start(31337)) {
            long start = chain.blockTimestamp();
            long block = chain.blockNumber();

            chain.increaseTime(3600);
            chain.mine();
            assertThat(chain.blockNumber()).isEqualTo(block + 1);
            assertThat(chain.blockTimestamp()).isGreaterThanOrEqualTo(start + 3600);

            chain.setNextBlockTimestamp(start + 100_000);
            chain.mine();
            assertThat(chain.blockTimestamp()).isEqualTo(start + 100_000);

            String someone = "0x000000000000000000000000000000000000dEaD";
            String snapshot = chain.snapshot();
            chain.setBalance(someone, BigInteger.valueOf(12345));
            assertThat(chain.balance(someone)).isEqualTo(12345);
            assertThat(chain.revert(snapshot)).isTrue();
            assertThat(chain.balance(someone)).isZero();
            assertThat(chain.blockTimestamp()).isEqualTo(start + 100_000);
        }
    }

    @Test
    void blockTimeModeMinesOnItsOwn() throws Exception {
        try (AnvilChain chain = AnvilChain.start(AnvilChain.Options.chainId(31337).withBlockTime(1))) {
            long first = chain.blockNumber();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (chain.blockNumber() == first && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(chain.blockNumber()).isGreaterThan(first);
        }
    }

    @Test
    void rawTransactionFromAnUnlockedAccount() {
        try (AnvilChain chain = AnvilChain.start(31337)) {
            String from = chain.accounts().get(3).address();
            String to = chain.accounts().get(4).address();
            BigInteger before = chain.balance(to);
            String hash = chain.sendTransaction(java.util.Map.of("from", from, "to", to, "value", AnvilChain.hex(BigInteger.TEN)));
            JsonNode receipt = chain.waitForReceipt(hash);
            assertThat(receipt.path("status").asText()).isEqualTo("0x1");
            assertThat(chain.balance(to)).isEqualTo(before.add(BigInteger.TEN));
        }
    }

    private static boolean canConnect(URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
            return true;
        } catch (ConnectException refused) {
            return false;
        } catch (IOException other) {
            return false;
        }
    }
}
