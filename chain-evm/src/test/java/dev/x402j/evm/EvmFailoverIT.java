package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.FACILITATOR;
import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
import static dev.x402j.evm.EvmFixtures.domainExtra;
import static dev.x402j.evm.EvmFixtures.requirements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.InMemorySettlementStore;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.evm.internal.Hex;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.JsonRpcProxy;
import dev.x402j.testkit.TestUsdc;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A network configured with several RPC endpoints, on a real anvil node: when the preferred endpoint is down, or loses
 * the answer to the broadcast after the transaction reached the chain, verify and settle of a real payment still
 * succeed through the next endpoint, and the money moves exactly once.
 */
class EvmFailoverIT {
    private static final ChainId CHAIN = ChainId.eip155(84532);
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/data");
    private static final long AMOUNT = 30_000;
    private static final RpcOptions QUICK = RpcOptions.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));

    private static AnvilChain chain;
    private static TestUsdc usdc;
    private static final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(CHAIN.evmChainId().orElseThrow());
        usdc = TestUsdc.deploy(chain);
        usdc.mint(PAYER.address(), BigInteger.valueOf(100_000_000));
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    private static Facilitator facilitator(List<URI> endpoints) {
        Scheme exact = EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, endpoints).withRpcOptions(QUICK).withAssets(EvmFixtures.assets(usdc)),
                EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex()), Clock.systemUTC(), NetworkRegistry.defaults());
        return Facilitator.builder()
                .scheme(exact)
                .settlementStore(new InMemorySettlementStore())
                .confirmTimeout(Duration.ofSeconds(20))
                .build();
    }

    private static PaymentRequirements req() {
        return requirements(CHAIN.toString(), usdc.address(), MERCHANT.address(), AMOUNT, domainExtra("USD Coin", "2"));
    }

    private static long facilitatorTransactions() {
        return Hex.parseQuantity(chain.rpc("eth_getTransactionCount", FACILITATOR.address(), "latest").asText())
                .longValueExact();
    }

    private static URI closedPort(String path) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + path);
        }
    }

    @Test
    void aPrimaryThatIsDownFailsOverToTheNextEndpoint() throws IOException {
        Facilitator facilitator = facilitator(List.of(closedPort("/v2/SECRET"), URI.create(chain.rpcUrl())));
        FacilitatorRequest request = new FacilitatorRequest(2, payer.pay(req(), RESOURCE, Instant.now()), req());
        BigInteger payerBefore = usdc.balanceOf(PAYER.address());
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());
        long sentBefore = facilitatorTransactions();

        VerifyResponse verified = facilitator.verify(request);
        SettleResponse settled = facilitator.settle(request);
        SettleResponse again = facilitator.settle(request);

        assertThat(verified.isValid()).as("%s", verified).isTrue();
        assertThat(settled.success()).as("%s", settled).isTrue();
        assertThat(again.withoutSettlementOwner()).isEqualTo(settled.withoutSettlementOwner());
        assertThat(chain.rpc("eth_getTransactionReceipt", settled.transaction()).path("status").asText())
                .isEqualTo("0x1");
        assertThat(usdc.balanceOf(PAYER.address())).isEqualTo(payerBefore.subtract(BigInteger.valueOf(AMOUNT)));
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
        assertThat(facilitatorTransactions()).as("one settlement transaction").isEqualTo(sentBefore + 1);
    }

    @Test
    void aBroadcastWhoseAnswerIsLostIsSentAgainElsewhereAndMovesMoneyOnce() {
        try (JsonRpcProxy primary = JsonRpcProxy.start(chain.rpcUrl()).loseAnswersTo("eth_sendRawTransaction")) {
            Facilitator facilitator = facilitator(List.of(primary.url("/v2/SECRET"), URI.create(chain.rpcUrl())));
            FacilitatorRequest request = new FacilitatorRequest(2, payer.pay(req(), RESOURCE, Instant.now()), req());
            BigInteger payerBefore = usdc.balanceOf(PAYER.address());
            BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());
            long sentBefore = facilitatorTransactions();

            SettleResponse settled = facilitator.settle(request);

            assertThat(settled.success()).as("%s", settled).isTrue();
            assertThat(primary.count("eth_sendRawTransaction")).as("reached the chain through the primary")
                    .isEqualTo(1);
            assertThat(primary.count("eth_chainId")).as("the primary was in use").isPositive();
            assertThat(chain.rpc("eth_getTransactionReceipt", settled.transaction()).path("status").asText())
                    .isEqualTo("0x1");
            assertThat(usdc.balanceOf(PAYER.address())).isEqualTo(payerBefore.subtract(BigInteger.valueOf(AMOUNT)));
            assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
            assertThat(facilitatorTransactions()).as("the same transaction, sent twice, mined once")
                    .isEqualTo(sentBefore + 1);
        }
    }
}
