package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.FACILITATOR;
import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
import static dev.x402j.evm.EvmFixtures.STRANGER;
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
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.TestUsdc;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exact scheme inside a real {@link Facilitator} (core builder, in-memory ledger) on a real anvil node: settle is
 * idempotent and a payment moves money once however many calls race for it.
 */
class EvmFacilitatorIT {
    private static final ChainId CHAIN = ChainId.eip155(84532);
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/data");
    private static final long AMOUNT = 10_000;

    private static AnvilChain chain;
    private static TestUsdc usdc;
    private static Facilitator facilitator;
    private static final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(CHAIN.evmChainId().orElseThrow());
        usdc = TestUsdc.deploy(chain);
        usdc.mint(PAYER.address(), BigInteger.valueOf(100_000_000));
        Scheme exact = EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(chain.rpcUrl())).withAssets(EvmFixtures.assets(usdc)),
                EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex()), Clock.systemUTC(), NetworkRegistry.defaults());
        facilitator = Facilitator.builder()
                .scheme(exact)
                .settlementStore(new InMemorySettlementStore())
                .confirmTimeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    private static PaymentRequirements req() {
        return requirements(CHAIN.toString(), usdc.address(), MERCHANT.address(), AMOUNT, domainExtra("USD Coin", "2"));
    }

    @Test
    void supportedListsBothVersionsAndTheSigner() {
        SupportedResponse s = facilitator.supported();
        assertThat(s.kinds()).extracting(k -> k.x402Version() + " " + k.network())
                .containsExactlyInAnyOrder("2 eip155:84532", "1 base-sepolia");
        assertThat(s.signers()).containsEntry("eip155:*", List.of(FACILITATOR.address()));
    }

    @Test
    void settlingTwiceMovesMoneyOnceAndAnswersTheSame() {
        FacilitatorRequest request = new FacilitatorRequest(2, payer.pay(req(), RESOURCE, Instant.now()), req());
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());

        assertThat(facilitator.verify(request).isValid()).isTrue();
        SettleResponse first = facilitator.settle(request);
        SettleResponse second = facilitator.settle(request);

        assertThat(first.success()).as("%s", first).isTrue();
        assertThat(first.transaction()).matches("0x[0-9a-f]{64}");
        assertThat(first.payer()).isEqualTo(PAYER.address());
        assertThat(first.network()).isEqualTo("eip155:84532");
        // The same answer; only the first call owns the settlement.
        assertThat(second.withoutSettlementOwner()).isEqualTo(first.withoutSettlementOwner());
        assertThat(first.settlementOwner()).contains(true);
        assertThat(second.settlementOwner()).contains(false);
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
    }

    /**
     * The drain reported against the reference server: a stranger with an empty key signs an authorization of value 0
     * to itself; settling it must cost the facilitator nothing. No transaction is sent, so its gas balance and nonce
     * stay as they were.
     */
    @Test
    void aZeroValueAuthorizationIsRefusedAndSpendsNoGas() {
        EvmPaymentSigner stranger = EvmPaymentSigner.fromHex(STRANGER.privateKeyHex());
        PaymentRequirements zero = requirements(CHAIN.toString(), usdc.address(), STRANGER.address(), 0,
                domainExtra("USD Coin", "2"));
        FacilitatorRequest request = new FacilitatorRequest(2, stranger.pay(zero, RESOURCE, Instant.now()), zero);
        BigInteger gasBefore = chain.balance(FACILITATOR.address());
        String nonceBefore = chain.rpc("eth_getTransactionCount", FACILITATOR.address(), "pending").asText();

        VerifyResponse verified = facilitator.verify(request);
        SettleResponse settled = facilitator.settle(request);

        assertThat(verified.isValid()).isFalse();
        assertThat(verified.invalidReason()).isEqualTo("invalid_payment_requirements");
        assertThat(settled.success()).isFalse();
        assertThat(settled.errorReason()).isEqualTo("invalid_payment_requirements");
        assertThat(settled.transaction()).isNullOrEmpty();
        assertThat(chain.balance(FACILITATOR.address())).isEqualTo(gasBefore);
        assertThat(chain.rpc("eth_getTransactionCount", FACILITATOR.address(), "pending").asText()).isEqualTo(nonceBefore);
    }

    @Test
    void twentyConcurrentSettlesOfOnePaymentMoveMoneyOnceAndAllAgree() throws Exception {
        FacilitatorRequest request = new FacilitatorRequest(2, payer.pay(req(), RESOURCE, Instant.now()), req());
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());
        BigInteger payerBefore = usdc.balanceOf(PAYER.address());

        List<SettleResponse> answers = race(20, i -> request);

        // All alike but for which call owns the settlement: exactly one does.
        assertThat(answers).hasSize(20).allSatisfy(a -> assertThat(a.withoutSettlementOwner()).as("%s", a)
                .isEqualTo(answers.get(0).withoutSettlementOwner()));
        assertThat(answers).filteredOn(a -> a.settlementOwner().orElse(false)).hasSize(1);
        assertThat(answers.get(0).success()).isTrue();
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
        assertThat(usdc.balanceOf(PAYER.address())).isEqualTo(payerBefore.subtract(BigInteger.valueOf(AMOUNT)));
    }

    @Test
    void concurrentDistinctPaymentsEachSettleWithTheirOwnNonce() throws Exception {
        List<FacilitatorRequest> requests = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            requests.add(new FacilitatorRequest(2, payer.pay(req(), RESOURCE, Instant.now()), req()));
        }
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());

        List<SettleResponse> answers = race(10, requests::get);

        assertThat(answers).allSatisfy(a -> assertThat(a.success()).as("%s", a).isTrue());
        assertThat(answers.stream().map(SettleResponse::transaction).distinct()).hasSize(10);
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(10 * AMOUNT)));
    }

    private static List<SettleResponse> race(int n, java.util.function.IntFunction<FacilitatorRequest> request)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SettleResponse>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                FacilitatorRequest r = request.apply(i);
                futures.add(pool.submit(() -> {
                    go.await();
                    return facilitator.settle(r);
                }));
            }
            go.countDown();
            List<SettleResponse> answers = new ArrayList<>();
            for (Future<SettleResponse> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }
}
