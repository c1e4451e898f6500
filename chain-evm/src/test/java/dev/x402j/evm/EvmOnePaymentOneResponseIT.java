package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
import static dev.x402j.evm.EvmFixtures.domainExtra;
import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.InMemorySettlementStore;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.gate.GateRequest;
import dev.x402j.core.gate.GateResult;
import dev.x402j.core.gate.InProcessFacilitatorClient;
import dev.x402j.core.gate.Offer;
import dev.x402j.core.gate.PaidRoute;
import dev.x402j.core.gate.PaymentGate;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.wire.PaymentHeaders;
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
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One payment buys one response, on a real anvil chain through a real {@link Facilitator}: a payment whose settlement
 * is still pending is refused at verify ({@code duplicate_settlement}), and the same header sent to two gate instances
 * at once (separate in-flight guards, one shared ledger) is served by exactly one of them and moves the money once.
 */
class EvmOnePaymentOneResponseIT {
    private static final ChainId CHAIN = ChainId.eip155(84532);
    private static final BigInteger AMOUNT = BigInteger.valueOf(10_000);
    private static final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());

    private static AnvilChain chain;
    private static TestUsdc usdc;

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(CHAIN.evmChainId().orElseThrow());
        usdc = TestUsdc.deploy(chain);
        usdc.mint(PAYER.address(), BigInteger.valueOf(1_000_000_000L));
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    private static PaymentRequirements requirements() {
        return new PaymentRequirements("exact", CHAIN.toString(), AMOUNT, usdc.address(), MERCHANT.address(), 600,
                domainExtra("USD Coin", "2"));
    }

    private static Facilitator facilitator() {
        Scheme exact = EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(chain.rpcUrl())).withAssets(EvmFixtures.assets(usdc)),
                List.of(EvmPrivateKeySigner.fromHex(chain.accounts().get(8).privateKeyHex())), Clock.systemUTC(),
                NetworkRegistry.defaults());
        return Facilitator.builder().scheme(exact).settlementStore(new InMemorySettlementStore())
                .confirmTimeout(Duration.ofSeconds(1)).duplicateWait(Duration.ofSeconds(30)).build();
    }

    private static PaymentGate gate(Facilitator facilitator) {
        Offer offer = new Offer("exact", CHAIN.toString(), null, AMOUNT, usdc.address(), MERCHANT.address(),
                Duration.ofSeconds(600), domainExtra("USD Coin", "2"));
        return PaymentGate.builder(new InProcessFacilitatorClient(facilitator))
                .route(PaidRoute.of("GET", "/data", offer))
                .build();
    }

    private static GateRequest request(String header) {
        return new GateRequest("GET", "/data", "https://api.example.com/data",
                name -> name.equalsIgnoreCase(PaymentHeaders.PAYMENT_SIGNATURE) ? header : null);
    }

    @Test
    void aPaymentWhoseSettlementIsPendingIsRefusedAtVerify() {
        Facilitator f = facilitator();
        PaymentRequirements req = requirements();
        FacilitatorRequest request = new FacilitatorRequest(2, payer.pay(req, ResourceInfo.of("https://api.example.com/data"), Instant.now()), req);
        chain.rpc("evm_setAutomine", false);
        try {
            SettleResponse pending = f.settle(request);
            assertThat(pending.errorReason()).as(pending.toString()).isEqualTo("settlement_pending");

            // Not mined: the chain alone would call it valid again. The ledger does not.
            VerifyResponse replay = f.verify(request);
            assertThat(replay.isValid()).isFalse();
            assertThat(replay.invalidReason()).isEqualTo("duplicate_settlement");
            assertThat(replay.payer()).isEqualToIgnoringCase(PAYER.address());
        } finally {
            chain.rpc("evm_setAutomine", true);
            chain.mine();
        }
        // Mined: the chain's own reason comes first.
        assertThat(f.verify(request).invalidReason()).isEqualTo("invalid_exact_evm_nonce_already_used");
    }

    @Test
    void theSameHeaderAtTwoGateInstancesAtOnceIsServedOnceAndPaidOnce() throws Exception {
        Facilitator f = facilitator(); // one facilitator, one ledger; two gates, two in-flight guards
        List<PaymentGate> gates = List.of(gate(f), gate(f));
        PaymentPayload payment = payer.pay(requirements(), ResourceInfo.of("https://api.example.com/data"), Instant.now());
        String header = PaymentHeaders.encode(payment);
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());

        CountDownLatch admitted = new CountDownLatch(2);
        List<Future<PaymentGate.Completion>> outcomes = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (PaymentGate gate : gates) {
                outcomes.add(pool.submit(() -> {
                    GateResult result = gate.check(request(header));
                    admitted.countDown();
                    admitted.await(); // both verified (valid on-chain) before either settles
                    return gate.complete((GateResult.Admitted) result, 200);
                }));
            }
            List<PaymentGate.Completion> all = new ArrayList<>();
            for (var o : outcomes) {
                all.add(o.get());
            }
            assertThat(all).filteredOn(c -> c instanceof PaymentGate.Completion.Deliver).singleElement()
                    .satisfies(c -> assertThat(((PaymentGate.Completion.Deliver) c).settlement().success()).isTrue());
            assertThat(all).filteredOn(c -> c instanceof PaymentGate.Completion.Refuse).singleElement().satisfies(c -> {
                GateResult.Respond r = ((PaymentGate.Completion.Refuse) c).response();
                assertThat(r.status()).isEqualTo(402);
                assertThat(PaymentHeaders.decodePaymentRequired(r.headers().get("PAYMENT-REQUIRED")).error())
                        .startsWith("duplicate_settlement");
            });
        }
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(AMOUNT));
    }
}
