package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.FACILITATOR;
import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
import static dev.x402j.evm.EvmFixtures.domainExtra;
import static dev.x402j.evm.EvmFixtures.requirements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.ChainId;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Facilitator;
import dev.x402j.core.InvalidPaymentException;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.TestUsdc;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sponsoring facilitator pays the gas of the contract it calls: against a real anvil node, a token that is not on the
 * scheme's allowlist (here a contract whose every call, {@code transferWithAuthorization} included, loops until the gas
 * runs out) is refused by verify and settle without one RPC that costs the facilitator anything: its ETH balance and
 * its nonce do not move.
 */
class EvmAssetAllowlistIT {
    private static final ChainId CHAIN = ChainId.eip155(84532);
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/report");
    private static final long AMOUNT = 1_000_000;
    /**
     * Creation code whose runtime is {@code JUMPDEST PUSH1 0 JUMP}: an endless loop on any call, burning all the gas
     * it is given. Init: {@code PUSH1 4 PUSH1 12 PUSH1 0 CODECOPY PUSH1 4 PUSH1 0 RETURN}, then the 4 runtime bytes.
     */
    static final String GAS_BURNER = "0x6004600c60003960046000f35b600056";

    private static AnvilChain chain;
    private static TestUsdc usdc;
    private static String burner;
    private static Scheme scheme;
    private static Facilitator facilitator;
    private static final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());

    @BeforeAll
    static void startChain() {
        chain = AnvilChain.start(CHAIN.evmChainId().orElseThrow());
        usdc = TestUsdc.deploy(chain);
        usdc.mint(PAYER.address(), BigInteger.valueOf(100_000_000));
        burner = deploy(GAS_BURNER);
        scheme = EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(chain.rpcUrl())).withAssets(EvmFixtures.assets(usdc)),
                EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex()), Clock.systemUTC(), NetworkRegistry.defaults());
        facilitator = Facilitator.builder().scheme(scheme).confirmTimeout(Duration.ofSeconds(20)).build();
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    static String deploy(String creationCode) {
        String hash = chain.sendTransaction(Map.of("from", chain.accounts().get(0).address(), "data", creationCode));
        String address = chain.waitForReceipt(hash).path("contractAddress").asText(null);
        assertThat(address).as("deployed contract address").isNotBlank();
        return address;
    }

    private static long nonce(String address, String block) {
        return AnvilChain.quantity(chain.rpc("eth_getTransactionCount", address, block)).longValueExact();
    }

    @Test
    void theBurnerReallyBurnsGas() {
        // what the facilitator would have paid for: the node cannot even estimate a call that never ends
        assertThatThrownBy(() -> chain.rpc("eth_estimateGas",
                Map.of("from", FACILITATOR.address(), "to", burner, "data", "0xe3ee160e")))
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aTokenOffTheAllowlistIsRefusedByVerifyAndSettleWithoutSpendingGas() {
        PaymentRequirements r = requirements(CHAIN.toString(), burner, MERCHANT.address(), AMOUNT,
                domainExtra("USD Coin", "2"));
        PaymentPayload p = payer.pay(r, RESOURCE, Instant.now()); // a perfectly signed authorization on the burner
        BigInteger ethBefore = chain.balance(FACILITATOR.address());
        long nonceBefore = nonce(FACILITATOR.address(), "latest");
        long pendingBefore = nonce(FACILITATOR.address(), "pending");

        VerifyResult v = scheme.verify(p, r);
        assertThat(v).isInstanceOf(VerifyResult.Invalid.class);
        VerifyResult.Invalid invalid = (VerifyResult.Invalid) v;
        assertThat(invalid.reason()).isEqualTo(ErrorReason.INVALID_PAYMENT_REQUIREMENTS);
        assertThat(invalid.message()).contains(burner).contains(CHAIN.toString()).contains("EVM_ASSETS_")
                .contains(usdc.address());

        assertThatThrownBy(() -> scheme.prepareSettlement(p, r)).isInstanceOfSatisfying(InvalidPaymentException.class,
                e -> assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_PAYMENT_REQUIREMENTS));
        SettleResponse settled = facilitator.settle(new FacilitatorRequest(2, p, r));
        assertThat(settled.success()).isFalse();
        assertThat(settled.errorReason()).isEqualTo(ErrorReason.INVALID_PAYMENT_REQUIREMENTS.wire());
        assertThat(settled.transaction()).isEmpty();

        chain.mine();
        assertThat(chain.balance(FACILITATOR.address())).isEqualTo(ethBefore);
        assertThat(nonce(FACILITATOR.address(), "latest")).isEqualTo(nonceBefore);
        assertThat(nonce(FACILITATOR.address(), "pending")).isEqualTo(pendingBefore);
    }

    /** An allowed token whose transfer costs more gas than the cap: refused before a nonce is taken or a byte signed. */
    @Test
    void aSettlementAboveTheGasCapIsRefusedWithoutSigningOrSending() {
        Scheme capped = EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(chain.rpcUrl()))
                        .withAssets(EvmFixtures.assets(usdc)).withMaxGas(30_000),
                EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex()), Clock.systemUTC(), NetworkRegistry.defaults());
        Facilitator f = Facilitator.builder().scheme(capped).confirmTimeout(Duration.ofSeconds(20)).build();
        PaymentRequirements r = requirements(CHAIN.toString(), usdc.address(), MERCHANT.address(), AMOUNT,
                domainExtra(usdc.name(), usdc.version()));
        PaymentPayload p = payer.pay(r, RESOURCE, Instant.now());
        BigInteger ethBefore = chain.balance(FACILITATOR.address());
        long pendingBefore = nonce(FACILITATOR.address(), "pending");
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());

        assertThatThrownBy(() -> capped.prepareSettlement(p, r)).isInstanceOfSatisfying(InvalidPaymentException.class,
                        e -> assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_PAYMENT_REQUIREMENTS))
                .hasMessageContaining("above the cap of 30000 gas").hasMessageContaining("EVM_MAX_GAS");
        SettleResponse settled = f.settle(new FacilitatorRequest(2, p, r));
        assertThat(settled.success()).isFalse();
        assertThat(settled.errorReason()).isEqualTo(ErrorReason.INVALID_PAYMENT_REQUIREMENTS.wire());
        assertThat(settled.transaction()).isEmpty();

        chain.mine();
        assertThat(chain.balance(FACILITATOR.address())).isEqualTo(ethBefore);
        assertThat(nonce(FACILITATOR.address(), "pending")).isEqualTo(pendingBefore);
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore);
        // the same payment settles under the default cap: the nonce was not burnt
        SettleResponse ok = facilitator.settle(new FacilitatorRequest(2, p, r));
        assertThat(ok.success()).as(ok.toString()).isTrue();
    }

    @Test
    void theAllowedTokenStillSettles() {
        PaymentRequirements r = requirements(CHAIN.toString(), usdc.address(), MERCHANT.address(), AMOUNT,
                domainExtra(usdc.name(), usdc.version()));
        BigInteger before = usdc.balanceOf(MERCHANT.address());
        SettleResponse settled = facilitator.settle(new FacilitatorRequest(2, payer.pay(r, RESOURCE, Instant.now()), r));
        assertThat(settled.success()).as(settled.toString()).isTrue();
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(before.add(BigInteger.valueOf(AMOUNT)));
    }

    @Test
    void enrichGivesTheAllowedDomainAndNothingForAnUnknownToken() {
        PaymentRequirements known = scheme.enrich(requirements(CHAIN.toString(), usdc.address(), MERCHANT.address(),
                AMOUNT, domainExtra(null, null)));
        assertThat(known.extraText("name")).contains(usdc.name());
        assertThat(known.extraText("version")).contains(usdc.version());
        PaymentRequirements unknown = requirements(CHAIN.toString(), burner, MERCHANT.address(), AMOUNT,
                domainExtra(null, null));
        assertThat(scheme.enrich(unknown)).isEqualTo(unknown);
    }
}
