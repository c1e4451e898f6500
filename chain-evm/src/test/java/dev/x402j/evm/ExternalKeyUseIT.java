package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
import static dev.x402j.evm.EvmFixtures.STRANGER;
import static dev.x402j.evm.EvmFixtures.domainExtra;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.ChainId;
import dev.x402j.core.ChainSigner;
import dev.x402j.core.Facilitator;
import dev.x402j.core.InMemorySettlementStore;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.PaymentId;
import dev.x402j.core.Scheme;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.TestUsdc;
import java.math.BigInteger;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The facilitator's key used outside x402j, and transactions that never reach the chain, on a real anvil node: later
 * settlements still succeed, a settlement whose nonce was taken is signed anew and lands once, nothing stays
 * SUBMITTED, and a nonce taken but never used is reused so that no later transaction waits behind a gap.
 */
class ExternalKeyUseIT {
    private static final ChainId CHAIN = ChainId.eip155(84532);
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/data");
    private static final long AMOUNT = 3_000;
    private static final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());

    private static AnvilChain chain;
    private static TestUsdc usdc;

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(CHAIN.evmChainId().orElseThrow());
        usdc = TestUsdc.deploy(chain);
        usdc.mint(PAYER.address(), BigInteger.valueOf(1_000_000_000));
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    /** A facilitator key that can run a test's action just before it signs (the key then used "elsewhere"). */
    private static final class HookedSigner implements ChainSigner {
        private final EvmPrivateKeySigner key;
        final AtomicInteger signatures = new AtomicInteger();
        final AtomicReference<Runnable> beforeNextSignature = new AtomicReference<>();

        HookedSigner(String privateKeyHex) {
            this.key = EvmPrivateKeySigner.fromHex(privateKeyHex);
        }

        @Override
        public String address() {
            return key.address();
        }

        @Override
        public byte[] sign(byte[] digest) {
            signatures.incrementAndGet();
            Runnable action = beforeNextSignature.getAndSet(null);
            if (action != null) {
                action.run();
            }
            return key.sign(digest);
        }
    }

    private record Setup(Facilitator facilitator, InMemorySettlementStore ledger, Scheme scheme) {}

    private static Setup facilitator(ChainSigner key, Duration confirmTimeout) {
        InMemorySettlementStore ledger = new InMemorySettlementStore();
        Scheme exact = EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(chain.rpcUrl())).withAssets(EvmFixtures.assets(usdc)), key, Clock.systemUTC(),
                NetworkRegistry.defaults());
        Facilitator f = Facilitator.builder().scheme(exact).settlementStore(ledger)
                .confirmTimeout(confirmTimeout).duplicateWait(confirmTimeout.plusSeconds(5))
                .staleAfter(Duration.ofMillis(1)).build();
        return new Setup(f, ledger, exact);
    }

    private static FacilitatorRequest payment() {
        PaymentRequirements req = new PaymentRequirements("exact", CHAIN.toString(), BigInteger.valueOf(AMOUNT),
                usdc.address(), MERCHANT.address(), 600, domainExtra("USD Coin", "2"));
        return new FacilitatorRequest(2, payer.pay(req, RESOURCE, Instant.now()), req);
    }

    /** A plain transfer from {@code from} outside x402j (anvil's dev accounts are unlocked); returns its hash. */
    private static String sendElsewhere(String from, Map<String, Object> extra) {
        Map<String, Object> tx = new java.util.HashMap<>(Map.of("from", from, "to", STRANGER.address(), "value", "0x1"));
        tx.putAll(extra);
        return chain.sendTransaction(tx);
    }

    private static long nonceOf(String hash) {
        return AnvilChain.quantity(chain.rpc("eth_getTransactionByHash", hash).get("nonce")).longValueExact();
    }

    private static boolean hasReceipt(String hash) {
        JsonNode receipt = chain.rpc("eth_getTransactionReceipt", hash);
        return receipt != null && !receipt.isNull();
    }

    private static void assertNothingUnfinished(Setup s) {
        assertThat(s.ledger().findUnfinished(Instant.now().plusSeconds(3600), 100)).isEmpty();
        assertThat(s.facilitator().reconcile().stillPending()).isZero();
    }

    private SettlementRecord record(Setup s, FacilitatorRequest r) {
        PaymentId id = s.scheme().paymentId(r.paymentPayload(), r.paymentRequirements());
        return s.ledger().find(id).orElseThrow();
    }

    @Test
    void transactionsSentFromTheKeyBetweenSettlementsDoNotDisturbTheNextOnes() throws Exception {
        DevAccount key = chain.accounts().get(8);
        Setup s = facilitator(EvmPrivateKeySigner.fromHex(key.privateKeyHex()), Duration.ofSeconds(30));
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());
        assertThat(s.facilitator().settle(payment()).success()).isTrue();

        for (int i = 0; i < 3; i++) {
            chain.waitForReceipt(sendElsewhere(key.address(), Map.of()));
        }
        List<FacilitatorRequest> next = List.of(payment(), payment(), payment());
        List<SettleResponse> answers = settleAll(s.facilitator(), next);

        assertThat(answers).allSatisfy(a -> assertThat(a.success()).as("%s", a).isTrue());
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(4 * AMOUNT)));
        for (FacilitatorRequest r : next) {
            assertThat(record(s, r).transactions()).as("no refusal, nothing signed anew").hasSize(1);
        }
        assertNothingUnfinished(s);
    }

    @Test
    void aNonceTakenWhileTheSettlementWasBeingSignedIsSignedAnewAndLandsOnce() {
        DevAccount key = chain.accounts().get(8);
        HookedSigner signer = new HookedSigner(key.privateKeyHex());
        Setup s = facilitator(signer, Duration.ofSeconds(30));
        assertThat(s.facilitator().settle(payment()).success()).isTrue(); // the nonce counter is warm
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());
        BigInteger payerBefore = usdc.balanceOf(PAYER.address());

        // While x402j signs, the same key sends a transaction elsewhere, which is mined with the very nonce x402j took.
        AtomicReference<String> elsewhere = new AtomicReference<>();
        signer.beforeNextSignature.set(() -> elsewhere.set(chain.waitForReceipt(sendElsewhere(key.address(), Map.of()))
                .get("transactionHash").asText()));
        FacilitatorRequest request = payment();
        SettleResponse settled = s.facilitator().settle(request);

        assertThat(settled.success()).as("%s", settled).isTrue();
        SettlementRecord r = record(s, request);
        assertThat(r.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(r.transactions()).hasSize(2);
        String refused = r.transactions().get(0);
        assertThat(r.transaction()).isEqualTo(settled.transaction()).isEqualTo(r.transactions().get(1));
        assertThat(hasReceipt(refused)).isFalse();
        assertThat(nonceOf(settled.transaction())).isEqualTo(nonceOf(elsewhere.get()) + 1);
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
        assertThat(usdc.balanceOf(PAYER.address())).isEqualTo(payerBefore.subtract(BigInteger.valueOf(AMOUNT)));

        assertThat(s.facilitator().settle(payment()).success()).as("and the next one too").isTrue();
        assertNothingUnfinished(s);
    }

    @Test
    void aNonceHeldByAnotherSendersPendingTransactionIsSignedAnewToo() {
        DevAccount key = chain.accounts().get(9);
        HookedSigner signer = new HookedSigner(key.privateKeyHex());
        Setup s = facilitator(signer, Duration.ofMillis(300));
        assertThat(s.facilitator().settle(payment()).success()).isTrue();
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());

        chain.rpc("evm_setAutomine", false);
        try {
            // Elsewhere, the same key sends a transaction at a high fee that sits in the mempool with the nonce x402j
            // is signing with: x402j's cheaper one is refused ("replacement transaction underpriced").
            AtomicReference<String> elsewhere = new AtomicReference<>();
            BigInteger fee = BigInteger.TEN.pow(9).multiply(BigInteger.valueOf(500));
            signer.beforeNextSignature.set(() -> elsewhere.set(sendElsewhere(key.address(),
                    Map.of("maxFeePerGas", AnvilChain.hex(fee), "maxPriorityFeePerGas", AnvilChain.hex(fee)))));
            FacilitatorRequest request = payment();
            SettleResponse pending = s.facilitator().settle(request);
            assertThat(pending.errorReason()).isEqualTo("settlement_pending");

            SettlementRecord r = record(s, request);
            assertThat(r.transactions()).hasSize(2);
            assertThat(nonceOf(r.transaction())).isEqualTo(nonceOf(elsewhere.get()) + 1);

            chain.mine();
            assertThat(s.facilitator().reconcile().confirmed()).isEqualTo(1);
            assertThat(record(s, request).transaction()).isEqualTo(r.transaction());
            assertThat(hasReceipt(elsewhere.get())).isTrue();
            assertThat(hasReceipt(r.transactions().get(0))).isFalse();
            assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
        } finally {
            chain.rpc("evm_setAutomine", true);
        }
        assertNothingUnfinished(s);
    }

    @Test
    void aRefusedBroadcastLeavesNoGapTheNextSettlementsMineAtOnce() throws Exception {
        EvmPrivateKeySigner key = freshKey();
        chain.setBalance(key.address(), BigInteger.TEN.pow(18));
        Setup s = facilitator(key, Duration.ofSeconds(30));
        assertThat(s.facilitator().settle(payment()).success()).isTrue(); // nonce 0

        // The key cannot pay gas: the node refuses the next transaction outright.
        chain.setBalance(key.address(), BigInteger.ONE);
        FacilitatorRequest refusedRequest = payment();
        SettleResponse refused = s.facilitator().settle(refusedRequest);
        assertThat(refused.success()).isFalse();
        assertThat(refused.errorMessage()).containsIgnoringCase("funds");
        assertThat(record(s, refusedRequest).state()).isEqualTo(SettlementState.FAILED);

        chain.setBalance(key.address(), BigInteger.TEN.pow(18));
        List<SettleResponse> next = settleAll(s.facilitator(), List.of(payment(), payment(), payment()));
        assertThat(next).allSatisfy(a -> assertThat(a.success()).as("%s", a).isTrue());
        // Nonce 1 was taken for the refused transaction and handed out again: 1, 2, 3, no hole.
        assertThat(next.stream().map(a -> nonceOf(a.transaction())).sorted().toList()).containsExactly(1L, 2L, 3L);
        assertThat(AnvilChain.quantity(chain.rpc("eth_getTransactionCount", key.address(), "pending"))).isEqualTo(4);
        assertNothingUnfinished(s);
    }

    @Test
    void aSignatureThatFailsAmongConcurrentSettlementsLeavesNoGap() throws Exception {
        EvmPrivateKeySigner key = freshKey();
        chain.setBalance(key.address(), BigInteger.TEN.pow(18));
        int concurrent = 5;
        CountDownLatch allSigning = new CountDownLatch(concurrent);
        AtomicInteger calls = new AtomicInteger();
        ChainSigner flaky = new ChainSigner() {
            @Override
            public String address() {
                return key.address();
            }

            @Override
            public byte[] sign(byte[] digest) {
                int call = calls.incrementAndGet();
                allSigning.countDown();
                if (call == 2) {
                    // Fail only once every settlement has taken its nonce, so the failed one is a hole among them.
                    try {
                        allSigning.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("the HSM is unavailable");
                }
                return key.sign(digest);
            }
        };
        Setup s = facilitator(flaky, Duration.ofSeconds(60));
        List<FacilitatorRequest> requests = new ArrayList<>();
        for (int i = 0; i < concurrent; i++) {
            requests.add(payment());
        }
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());

        CountDownLatch go = new CountDownLatch(1);
        List<Future<SettleResponse>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (FacilitatorRequest r : requests) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return s.facilitator().settle(r);
                }));
            }
            go.countDown();
            // The failed settlement answers first (the others wait for their receipts; some wait behind its nonce).
            SettleResponse failed = null;
            while (failed == null) {
                for (Future<SettleResponse> f : futures) {
                    if (f.isDone() && !f.get().success()) {
                        failed = f.get();
                    }
                }
                Thread.sleep(20);
            }
            assertThat(failed.errorReason()).isEqualTo("unexpected_settle_error");
            assertThat(failed.errorMessage()).contains("HSM");

            // The next settlement takes the hole's nonce: every transaction behind it can now be mined.
            FacilitatorRequest filler = payment();
            SettleResponse filled = s.facilitator().settle(filler);
            assertThat(filled.success()).as("%s", filled).isTrue();

            List<Long> nonces = new ArrayList<>();
            nonces.add(nonceOf(filled.transaction()));
            int succeeded = 0;
            for (Future<SettleResponse> f : futures) {
                SettleResponse a = f.get();
                if (a.success()) {
                    succeeded++;
                    nonces.add(nonceOf(a.transaction()));
                }
            }
            assertThat(succeeded).isEqualTo(concurrent - 1);
            assertThat(nonces.stream().sorted().toList()).containsExactly(0L, 1L, 2L, 3L, 4L);
        }
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(concurrent * AMOUNT)));
        assertNothingUnfinished(s);
    }

    private static EvmPrivateKeySigner freshKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return EvmPrivateKeySigner.fromHex(HexFormat.of().formatHex(k));
    }

    private static List<SettleResponse> settleAll(Facilitator f, List<FacilitatorRequest> requests) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SettleResponse>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (FacilitatorRequest r : requests) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return f.settle(r);
                }));
            }
            go.countDown();
            List<SettleResponse> answers = new ArrayList<>();
            for (Future<SettleResponse> fu : futures) {
                answers.add(fu.get());
            }
            return answers;
        }
    }
}
