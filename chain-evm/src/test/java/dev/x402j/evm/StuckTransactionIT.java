package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
import static dev.x402j.evm.EvmFixtures.domainExtra;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.ChainId;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A settlement transaction stuck below the market fee, on a real anvil node that mines only when told to: the
 * reconciler records a replacement with the same nonce at a higher fee, sends it, and the ledger ends CONFIRMED by
 * whichever transaction landed, with the payment moved exactly once.
 */
class StuckTransactionIT {
    private static final ChainId CHAIN = ChainId.eip155(84532);
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/data");
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final long AMOUNT = 7_000;
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

    @BeforeEach
    void mineOnlyWhenTold() {
        chain.rpc("evm_setAutomine", false);
    }

    @AfterEach
    void mineAgain() {
        chain.rpc("anvil_setNextBlockBaseFeePerGas", AnvilChain.hex(GWEI));
        chain.mine();
        chain.rpc("evm_setAutomine", true);
    }

    private record Setup(Facilitator facilitator, InMemorySettlementStore ledger, Scheme scheme) {}

    private static Setup facilitator(DevAccount key, BigInteger maxFeePerGas) {
        return facilitator(key, maxFeePerGas, Clock.systemUTC());
    }

    private static Setup facilitator(DevAccount key, BigInteger maxFeePerGas, Clock schemeClock) {
        InMemorySettlementStore ledger = new InMemorySettlementStore();
        Scheme exact = EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(chain.rpcUrl())).withMaxFeePerGas(maxFeePerGas).withAssets(EvmFixtures.assets(usdc)),
                EvmPrivateKeySigner.fromHex(key.privateKeyHex()), schemeClock, NetworkRegistry.defaults());
        Facilitator f = Facilitator.builder().scheme(exact).settlementStore(ledger)
                .confirmTimeout(Duration.ofMillis(300))
                .staleAfter(Duration.ofMillis(1))
                .replaceAfter(Duration.ofMillis(1))
                .build();
        return new Setup(f, ledger, exact);
    }

    private static FacilitatorRequest payment() {
        PaymentRequirements req = new PaymentRequirements("exact", CHAIN.toString(), BigInteger.valueOf(AMOUNT),
                usdc.address(), MERCHANT.address(), 600, domainExtra("USD Coin", "2"));
        return new FacilitatorRequest(2, payer.pay(req, RESOURCE, Instant.now()), req);
    }

    private static JsonNode tx(String hash) {
        return chain.rpc("eth_getTransactionByHash", hash);
    }

    private static BigInteger fee(String hash, String field) {
        return AnvilChain.quantity(tx(hash).get(field));
    }

    private static boolean hasReceipt(String hash) {
        JsonNode receipt = chain.rpc("eth_getTransactionReceipt", hash);
        return receipt != null && !receipt.isNull();
    }

    /** The hash anvil's mempool holds for {@code sender} at {@code nonce}, or null. */
    private static String pooled(String sender, long nonce) {
        JsonNode pending = chain.rpc("txpool_content").path("pending");
        for (var e : pending.properties()) {
            if (e.getKey().equalsIgnoreCase(sender)) {
                JsonNode tx = e.getValue().get(Long.toString(nonce));
                return tx == null ? null : tx.get("hash").asText();
            }
        }
        return null;
    }

    @Test
    void aTransactionBelowTheBaseFeeIsReplacedAtAHigherFeeAndOnlyTheReplacementLands() {
        DevAccount key = chain.accounts().get(7);
        Setup s = facilitator(key, GWEI.multiply(BigInteger.valueOf(10_000)));
        FacilitatorRequest request = payment();
        PaymentId id = s.scheme().paymentId(request.paymentPayload(), request.paymentRequirements());
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());

        SettleResponse first = s.facilitator().settle(request);
        assertThat(first.errorReason()).isEqualTo("settlement_pending");
        String original = first.transaction();
        long nonce = AnvilChain.quantity(tx(original).get("nonce")).longValueExact();
        assertThat(pooled(key.address(), nonce)).isEqualTo(original);

        // The market moves: the next block's base fee is now far above what the transaction offers.
        BigInteger originalMaxFee = fee(original, "maxFeePerGas");
        BigInteger originalTip = fee(original, "maxPriorityFeePerGas");
        String calldata = tx(original).get("input").asText();
        BigInteger nextBaseFee = originalMaxFee.multiply(BigInteger.valueOf(4));
        chain.rpc("anvil_setNextBlockBaseFeePerGas", AnvilChain.hex(nextBaseFee));

        Facilitator.ReconcileReport report = s.facilitator().reconcile();
        assertThat(report.replaced()).isEqualTo(1);
        assertThat(report.stillPending()).isEqualTo(1);
        SettlementRecord recorded = s.ledger().find(id).orElseThrow();
        assertThat(recorded.state()).isEqualTo(SettlementState.SUBMITTED);
        assertThat(recorded.transactions()).hasSize(2).startsWith(original);
        String replacement = recorded.transaction();
        assertThat(replacement).isNotEqualTo(original);
        // Sent: the node holds the replacement in the original's place, same nonce, same call, a higher fee.
        assertThat(pooled(key.address(), nonce)).isEqualTo(replacement);
        assertThat(AnvilChain.quantity(tx(replacement).get("nonce")).longValueExact()).isEqualTo(nonce);
        assertThat(tx(replacement).get("input").asText()).isEqualTo(calldata);
        assertThat(tx(original).isNull()).as("the node forgot the replaced transaction").isTrue();
        assertThat(fee(replacement, "maxFeePerGas")).isGreaterThanOrEqualTo(nextBaseFee.shiftLeft(1))
                .isGreaterThanOrEqualTo(originalMaxFee.multiply(BigInteger.valueOf(9)).divide(BigInteger.valueOf(8)));
        assertThat(fee(replacement, "maxPriorityFeePerGas"))
                .isGreaterThanOrEqualTo(originalTip.multiply(BigInteger.valueOf(9)).add(BigInteger.valueOf(7)).divide(BigInteger.valueOf(8)));

        chain.mine();

        assertThat(s.facilitator().reconcile().confirmed()).isEqualTo(1);
        SettlementRecord done = s.ledger().find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(done.transaction()).isEqualTo(replacement);
        assertThat(done.transactions()).containsExactly(original, replacement);
        assertThat(hasReceipt(original)).isFalse();
        assertThat(chain.rpc("eth_getTransactionReceipt", replacement).path("status").asText()).isEqualTo("0x1");
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
        SettleResponse again = s.facilitator().settle(request);
        assertThat(again.success()).isTrue();
        assertThat(again.transaction()).isEqualTo(replacement);
    }

    @Test
    void aTransactionTheNodeDroppedForItsFeeIsReplacedToo() {
        DevAccount key = chain.accounts().get(6);
        Setup s = facilitator(key, null);
        FacilitatorRequest request = payment();
        PaymentId id = s.scheme().paymentId(request.paymentPayload(), request.paymentRequirements());
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());
        String original = s.facilitator().settle(request).transaction();

        // A block at a base fee the transaction cannot pay: anvil leaves it out and drops it from its pool.
        chain.rpc("anvil_setNextBlockBaseFeePerGas", AnvilChain.hex(fee(original, "maxFeePerGas").multiply(BigInteger.TEN)));
        chain.mine();
        assertThat(hasReceipt(original)).isFalse();

        // Re-sending the same bytes is refused (below the base fee): the reconciler replaces it instead.
        assertThat(s.facilitator().reconcile().replaced()).isEqualTo(1);
        SettlementRecord recorded = s.ledger().find(id).orElseThrow();
        assertThat(recorded.transactions()).hasSize(2).startsWith(original);

        chain.mine();
        assertThat(s.facilitator().reconcile().confirmed()).isEqualTo(1);
        assertThat(s.ledger().find(id).orElseThrow().transaction()).isEqualTo(recorded.transaction());
        assertThat(hasReceipt(original)).isFalse();
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
    }

    /** The system clock, moved ahead by {@link #ahead}. */
    private static final class AheadClock extends Clock {
        volatile Duration ahead = Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }
    }

    @Test
    void noFeeBumpAndNoNewSignatureOnceTheAuthorizationIsAboutToExpire() {
        DevAccount key = chain.accounts().get(4);
        AheadClock clock = new AheadClock();
        Setup s = facilitator(key, null, clock);
        FacilitatorRequest request = payment(); // valid for 600 s
        PaymentId id = s.scheme().paymentId(request.paymentPayload(), request.paymentRequirements());
        String original = s.facilitator().settle(request).transaction();
        BigInteger ethBefore = AnvilChain.quantity(chain.rpc("eth_getBalance", key.address(), "latest"));
        chain.rpc("anvil_setNextBlockBaseFeePerGas", AnvilChain.hex(fee(original, "maxFeePerGas").multiply(BigInteger.TEN)));

        clock.ahead = Duration.ofSeconds(597); // 3 s before validBefore, as the scheme sees it
        var raw = new dev.x402j.core.SignedTransaction(original,
                dev.x402j.evm.internal.Hex.decode(chain.rpc("eth_getRawTransactionByHash", original).asText()));

        assertThat(s.scheme().replaceStuck(raw)).as("a bump would land after validBefore").isEmpty();
        assertThat(s.facilitator().reconcile().replaced()).isZero();
        assertThat(s.ledger().find(id).orElseThrow().transactions()).containsExactly(original);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.scheme().resign(raw))
                .isInstanceOf(dev.x402j.core.InvalidPaymentException.class)
                .hasMessageContaining("validBefore");
        assertThat(AnvilChain.quantity(chain.rpc("eth_getBalance", key.address(), "latest"))).isEqualTo(ethBefore);

        clock.ahead = Duration.ZERO; // with time left, the same transaction is bumped
        assertThat(s.scheme().replaceStuck(raw)).isPresent();
    }

    @Test
    void noReplacementPastTheCapAndTheOriginalStillCountsWhenItLands() {
        DevAccount key = chain.accounts().get(5);
        Setup s = facilitator(key, GWEI.multiply(BigInteger.valueOf(3))); // the first transaction offers about 3 gwei
        FacilitatorRequest request = payment();
        PaymentId id = s.scheme().paymentId(request.paymentPayload(), request.paymentRequirements());
        String original = s.facilitator().settle(request).transaction();
        assertThat(fee(original, "maxFeePerGas")).isLessThanOrEqualTo(GWEI.multiply(BigInteger.valueOf(3)));

        chain.rpc("anvil_setNextBlockBaseFeePerGas", AnvilChain.hex(GWEI.multiply(BigInteger.valueOf(50))));
        Facilitator.ReconcileReport report = s.facilitator().reconcile();
        assertThat(report.replaced()).as("a replacement would pass the 3 gwei cap").isZero();
        assertThat(s.ledger().find(id).orElseThrow().transactions()).containsExactly(original);

        // Fees fall again: the original is mined, and it is the one recorded.
        chain.rpc("anvil_setNextBlockBaseFeePerGas", AnvilChain.hex(BigInteger.valueOf(1_000_000)));
        chain.mine();
        assertThat(s.facilitator().reconcile().confirmed()).isEqualTo(1);
        assertThat(s.ledger().find(id).orElseThrow().transaction()).isEqualTo(original);
    }
}
