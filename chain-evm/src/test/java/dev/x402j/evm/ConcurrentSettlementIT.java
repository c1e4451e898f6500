package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many distinct payments settled at once through a real {@link Facilitator} on a real anvil node: from one facilitator
 * key, every settlement gets its own consecutive nonce without a single refusal; from several keys in rotation, every
 * key carries its share, each with its own consecutive nonces.
 */
class ConcurrentSettlementIT {
    private static final ChainId CHAIN = ChainId.eip155(84532);
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/data");
    private static final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());

    private static AnvilChain chain;
    private static TestUsdc usdc;

    @BeforeAll
    static void start() {
        chain = AnvilChain.start(CHAIN.evmChainId().orElseThrow());
        usdc = TestUsdc.deploy(chain);
        usdc.mint(PAYER.address(), BigInteger.valueOf(1_000_000_000_000L));
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
    }

    private static PaymentRequirements requirements(long amount) {
        return new PaymentRequirements("exact", CHAIN.toString(), BigInteger.valueOf(amount), usdc.address(),
                MERCHANT.address(), 600, domainExtra("USD Coin", "2"));
    }

    private static Scheme exact(List<? extends ChainSigner> signers) {
        return EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(chain.rpcUrl())).withAssets(EvmFixtures.assets(usdc)), signers, Clock.systemUTC(),
                NetworkRegistry.defaults());
    }

    private static long pendingCount(String address) {
        return AnvilChain.quantity(chain.rpc("eth_getTransactionCount", address, "pending")).longValueExact();
    }

    @Test
    void twoHundredDistinctPaymentsThroughOneKeyGetConsecutiveNoncesAndAllSettle() throws Exception {
        DevAccount key = chain.accounts().get(9);
        InMemorySettlementStore ledger = new InMemorySettlementStore();
        Scheme exact = exact(List.of(EvmPrivateKeySigner.fromHex(key.privateKeyHex())));
        Facilitator facilitator = Facilitator.builder().scheme(exact).settlementStore(ledger)
                .confirmTimeout(Duration.ofSeconds(120)).duplicateWait(Duration.ofSeconds(130)).build();

        int n = 200;
        List<FacilitatorRequest> requests = new ArrayList<>();
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            PaymentRequirements req = requirements(1_000 + i); // distinct amounts: the sum checks every one moved once
            requests.add(new FacilitatorRequest(2, payer.pay(req, RESOURCE, Instant.now()), req));
            total = total.add(req.amount());
        }
        long firstNonce = pendingCount(key.address());
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());
        BigInteger payerBefore = usdc.balanceOf(PAYER.address());

        List<SettleResponse> answers = settleAll(facilitator, requests);

        assertThat(answers).allSatisfy(a -> assertThat(a.success()).as("%s", a).isTrue());
        assertThat(answers.stream().map(SettleResponse::transaction).distinct()).hasSize(n);
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(total));
        assertThat(usdc.balanceOf(PAYER.address())).isEqualTo(payerBefore.subtract(total));
        // Not one nonce refused: every settlement is CONFIRMED by the one transaction it first signed...
        for (FacilitatorRequest r : requests) {
            SettlementRecord record = ledger.find(exact.paymentId(r.paymentPayload(), r.paymentRequirements())).orElseThrow();
            assertThat(record.state()).isEqualTo(SettlementState.CONFIRMED);
            assertThat(record.transactions()).as("replaced or signed anew: %s", record).hasSize(1);
        }
        // ... and the transactions used exactly the next 200 nonces of the key, each once.
        Map<String, TreeSet<Long>> nonces = noncesBySender(answers);
        assertThat(nonces).containsOnlyKeys(key.address().toLowerCase());
        assertThat(nonces.get(key.address().toLowerCase()))
                .containsExactlyElementsOf(LongStream.range(firstNonce, firstNonce + n).boxed().toList());
        assertThat(AnvilChain.quantity(chain.rpc("eth_getTransactionCount", key.address(), "latest")).longValueExact())
                .isEqualTo(firstNonce + n);
    }

    @Test
    void severalKeysInRotationAreAllUsedAndEveryPaymentSettles() throws Exception {
        List<DevAccount> keys = List.of(chain.accounts().get(5), chain.accounts().get(6), chain.accounts().get(7));
        InMemorySettlementStore ledger = new InMemorySettlementStore();
        Scheme exact = exact(keys.stream().map(k -> EvmPrivateKeySigner.fromHex(k.privateKeyHex())).toList());
        Facilitator facilitator = Facilitator.builder().scheme(exact).settlementStore(ledger)
                .confirmTimeout(Duration.ofSeconds(120)).duplicateWait(Duration.ofSeconds(130)).build();
        assertThat(facilitator.supported().signers().get("eip155:*"))
                .containsExactlyElementsOf(keys.stream().map(DevAccount::address).toList());

        int n = 45;
        List<FacilitatorRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PaymentRequirements req = requirements(5_000);
            requests.add(new FacilitatorRequest(2, payer.pay(req, RESOURCE, Instant.now()), req));
        }
        Map<String, Long> firstNonces = keys.stream()
                .collect(Collectors.toMap(k -> k.address().toLowerCase(), k -> pendingCount(k.address())));
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());

        List<SettleResponse> answers = settleAll(facilitator, requests);

        assertThat(answers).allSatisfy(a -> assertThat(a.success()).as("%s", a).isTrue());
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(5_000L * n)));
        Map<String, TreeSet<Long>> nonces = noncesBySender(answers);
        assertThat(nonces).containsOnlyKeys(firstNonces.keySet());
        // Round robin over three keys: fifteen settlements each, on each key's own consecutive nonces.
        nonces.forEach((sender, used) -> {
            long first = firstNonces.get(sender);
            assertThat(used).as(sender).containsExactlyElementsOf(LongStream.range(first, first + n / 3).boxed().toList());
        });
        for (FacilitatorRequest r : requests) {
            PaymentId id = exact.paymentId(r.paymentPayload(), r.paymentRequirements());
            assertThat(ledger.find(id).orElseThrow().state()).isEqualTo(SettlementState.CONFIRMED);
        }
    }

    /** Settles every request at once, each on its own virtual thread, all released together. */
    private static List<SettleResponse> settleAll(Facilitator facilitator, List<FacilitatorRequest> requests)
            throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SettleResponse>> futures = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (FacilitatorRequest r : requests) {
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

    /** The nonces the answers' transactions used, by sender (lower-case address), as the chain reports them. */
    private static Map<String, TreeSet<Long>> noncesBySender(List<SettleResponse> answers) {
        Map<String, TreeSet<Long>> bySender = new TreeMap<>();
        for (SettleResponse a : answers) {
            JsonNode tx = chain.rpc("eth_getTransactionByHash", a.transaction());
            assertThat(chain.rpc("eth_getTransactionReceipt", a.transaction()).path("status").asText()).isEqualTo("0x1");
            bySender.computeIfAbsent(tx.path("from").asText().toLowerCase(), k -> new TreeSet<>())
                    .add(AnvilChain.quantity(tx.get("nonce")).longValueExact());
        }
        return bySender;
    }
}
