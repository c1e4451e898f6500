package dev.x402j.solana;

import static dev.x402j.solana.SolanaFixtures.DEVNET;
import static dev.x402j.solana.SolanaFixtures.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.Asset;
import dev.x402j.core.Facilitator;
import dev.x402j.core.InMemorySettlementStore;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.testkit.LiteSvmRpc;
import dev.x402j.testkit.JsonRpcProxy;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Solana network configured with several RPC endpoints, on the real SVM (LiteSVM behind Solana JSON-RPC): when the
 * preferred endpoint is down, or loses the answer to {@code sendTransaction} after the transaction landed, a real
 * payment still settles through the next endpoint, and the money moves exactly once.
 */
class SolanaFailoverIT {
    private static final long AMOUNT = 25_000;
    private static final long SOL = 1_000_000_000L;
    /** Two signatures and 1 micro-lamport × 20 000 CU: the fee of one settlement transaction. */
    private static final long ONE_FEE = 2 * 5000 + 1;
    private static final RpcOptions QUICK = RpcOptions.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));

    private static LiteSvmRpc solana;
    private static String usdc;
    private static SolanaPrivateKeySigner feePayer;
    private static SolanaPaymentSigner payer;
    private static String merchant;

    @BeforeAll
    static void start() {
        solana = LiteSvmRpc.start();
        usdc = solana.createMint(6);
        feePayer = SolanaFixtures.randomSigner();
        solana.setSol(feePayer.address(), 10 * SOL);
        payer = SolanaFixtures.randomPayer();
        solana.mintTo(usdc, payer.address(), BigInteger.valueOf(1_000_000_000));
        merchant = SolanaFixtures.randomAddress();
        solana.mintTo(usdc, merchant, BigInteger.ZERO);
    }

    @AfterAll
    static void stop() {
        if (solana != null) {
            solana.close();
        }
    }

    private static Facilitator facilitator(List<URI> endpoints) {
        SolanaNetworkConfig config = SolanaNetworkConfig.of(DEVNET, endpoints).withRpcOptions(QUICK)
                .withAssets(List.of(Asset.of(usdc, "USDC", 6)));
        return Facilitator.builder()
                .scheme(SolanaSchemes.exact(config, feePayer, Clock.systemUTC(), NetworkRegistry.defaults()))
                .settlementStore(new InMemorySettlementStore())
                .confirmTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** Requirements completed by the facilitator's /accepts (fee payer, decimals, token program, blockhash). */
    private static PaymentRequirements accepted(Facilitator facilitator) {
        PaymentRequirements offer = new PaymentRequirements("exact", DEVNET.toString(), BigInteger.valueOf(AMOUNT),
                usdc, merchant, 60, null);
        return facilitator.accepts(PaymentRequired.of(RESOURCE, List.of(offer), null)).accepts().get(0);
    }

    private static URI closedPort(String pathAndQuery) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort() + pathAndQuery);
        }
    }

    private record Balances(BigInteger payer, BigInteger merchant, long feePayer) {}

    private static Balances balances() {
        return new Balances(solana.tokenBalance(payer.address(), usdc), solana.tokenBalance(merchant, usdc),
                solana.balance(feePayer.address()));
    }

    private static void assertMovedOnce(Balances before, SettleResponse settled) {
        Balances after = balances();
        assertThat(settled.success()).as("%s", settled).isTrue();
        assertThat(solana.rpc("getSignatureStatuses", List.of(settled.transaction())).path("value").path(0)
                        .path("err").isNull())
                .isTrue();
        assertThat(after.payer()).isEqualTo(before.payer().subtract(BigInteger.valueOf(AMOUNT)));
        assertThat(after.merchant()).isEqualTo(before.merchant().add(BigInteger.valueOf(AMOUNT)));
        assertThat(before.feePayer() - after.feePayer()).as("the fee of one transaction").isEqualTo(ONE_FEE);
    }

    @Test
    void aPrimaryThatIsDownFailsOverToTheNextEndpoint() throws IOException {
        Facilitator facilitator = facilitator(List.of(closedPort("/?api-key=SECRET"), URI.create(solana.rpcUrl())));
        PaymentRequirements r = accepted(facilitator);
        PaymentPayload p = payer.pay(r, RESOURCE);
        Balances before = balances();

        VerifyResponse verified = facilitator.verify(new FacilitatorRequest(2, p, r));
        SettleResponse settled = facilitator.settle(new FacilitatorRequest(2, p, r));
        SettleResponse again = facilitator.settle(new FacilitatorRequest(2, p, r));

        assertThat(verified.isValid()).as("%s", verified).isTrue();
        assertThat(again.withoutSettlementOwner()).isEqualTo(settled.withoutSettlementOwner());
        assertMovedOnce(before, settled);
    }

    @Test
    void aSendWhoseAnswerIsLostIsSentAgainElsewhereAndMovesMoneyOnce() {
        try (JsonRpcProxy primary = JsonRpcProxy.start(solana.rpcUrl()).loseAnswersTo("sendTransaction")) {
            Facilitator facilitator = facilitator(List.of(primary.url("/?api-key=SECRET"), URI.create(solana.rpcUrl())));
            PaymentRequirements r = accepted(facilitator);
            PaymentPayload p = payer.pay(r, RESOURCE);
            Balances before = balances();

            SettleResponse settled = facilitator.settle(new FacilitatorRequest(2, p, r));

            assertThat(primary.count("sendTransaction")).as("reached the chain through the primary").isEqualTo(1);
            assertThat(primary.count("getGenesisHash")).as("the primary was in use").isPositive();
            assertMovedOnce(before, settled);
        }
    }
}
