package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.BROKE;
import static dev.x402j.evm.EvmFixtures.FACILITATOR;
import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
import static dev.x402j.evm.EvmFixtures.STRANGER;
import static dev.x402j.evm.EvmFixtures.authorization;
import static dev.x402j.evm.EvmFixtures.domainExtra;
import static dev.x402j.evm.EvmFixtures.requirements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.BroadcastRejectedException;
import dev.x402j.core.ChainId;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.Confirmation;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Facilitator;
import dev.x402j.core.InvalidPaymentException;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.evm.internal.Eip712;
import dev.x402j.evm.internal.Hex;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.TestUsdc;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;

/**
 * The exact scheme against a real anvil node posing as Base Sepolia, with the USDC-like TestUSDC token: every
 * rejection with its reason and no money moved, settlement moving exactly the amount, and the node's failure modes.
 */
class EvmExactSchemeIT {
    private static final ChainId CHAIN = ChainId.eip155(84532);
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/report");
    private static final long AMOUNT = 1_250_000;

    private static AnvilChain chain;
    private static TestUsdc usdc;
    private static Scheme scheme;
    private static Facilitator facilitator;
    private static final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());

    @BeforeAll
    static void startChain() {
        chain = AnvilChain.start(CHAIN.evmChainId().orElseThrow());
        usdc = TestUsdc.deploy(chain);
        usdc.mint(PAYER.address(), BigInteger.valueOf(500_000_000));
        usdc.mint(BROKE.address(), BigInteger.valueOf(AMOUNT - 1));
        scheme = schemeWith(Clock.systemUTC());
        facilitator = facilitator(scheme);
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    private static Scheme schemeWith(Clock clock) {
        return EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(chain.rpcUrl())).withAssets(EvmFixtures.assets(usdc)),
                EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex()), clock, NetworkRegistry.defaults());
    }

    static Facilitator facilitator(Scheme s) {
        return Facilitator.builder().scheme(s).confirmTimeout(Duration.ofSeconds(20)).build();
    }

    private static PaymentRequirements req() {
        return requirements(CHAIN.toString(), usdc.address(), MERCHANT.address(), AMOUNT, domainExtra("USD Coin", "2"));
    }

    private static Eip712Domain domain(PaymentRequirements r) {
        return new Eip712Domain(r.extraText("name").orElseThrow(), r.extraText("version").orElseThrow(), 84532,
                r.asset());
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    /** Verify and a real settle attempt both refuse with {@code reason}, and no token moves. */
    private static void assertRefused(PaymentPayload p, PaymentRequirements r, ErrorReason reason, String messagePart) {
        String from = p.payload().get("authorization").get("from").asText();
        BigInteger fromBefore = usdc.balanceOf(from);
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());

        VerifyResult v = scheme.verify(p, r);
        assertThat(v).isInstanceOf(VerifyResult.Invalid.class);
        VerifyResult.Invalid invalid = (VerifyResult.Invalid) v;
        assertThat(invalid.reason()).isEqualTo(reason);
        assertThat(invalid.message()).contains(messagePart);
        assertThat(invalid.payer()).isEqualToIgnoringCase(from);

        SettleResponse settled = facilitator.settle(new FacilitatorRequest(2, p, r));
        assertThat(settled.success()).isFalse();
        assertThat(settled.errorReason()).isEqualTo(reason.wire());
        assertThat(settled.transaction()).isEmpty();

        assertThat(usdc.balanceOf(from)).isEqualTo(fromBefore);
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore);
    }

    // ------------------------------------------------------------------------------------------ happy path

    @Test
    void aValidPaymentVerifies() {
        PaymentPayload p = payer.pay(req(), RESOURCE, Instant.now());
        assertThat(scheme.verify(p, req())).isEqualTo(VerifyResult.valid(PAYER.address()));
        assertThat(facilitator.verify(new FacilitatorRequest(2, p, req())).isValid()).isTrue();
    }

    @Test
    void prepareBroadcastConfirmMovesExactlyTheAmount() throws Exception {
        PaymentPayload p = payer.pay(req(), RESOURCE, Instant.now());
        BigInteger payerBefore = usdc.balanceOf(PAYER.address());
        BigInteger merchantBefore = usdc.balanceOf(MERCHANT.address());
        BigInteger facilitatorEthBefore = chain.balance(FACILITATOR.address());

        SignedTransaction tx = scheme.prepareSettlement(p, req());
        SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(Hex.encode(tx.bytes()));
        assertThat(decoded.getFrom()).isEqualToIgnoringCase(FACILITATOR.address());
        assertThat(decoded.getTo()).isEqualToIgnoringCase(usdc.address());
        assertThat(tx.reference()).matches("0x[0-9a-f]{64}");

        scheme.broadcast(tx);
        assertThat(scheme.confirm(tx.reference(), Duration.ofSeconds(10))).isEqualTo(new Confirmation.Confirmed(tx.reference()));

        assertThat(usdc.balanceOf(PAYER.address())).isEqualTo(payerBefore.subtract(BigInteger.valueOf(AMOUNT)));
        assertThat(usdc.balanceOf(MERCHANT.address())).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
        assertThat(chain.balance(FACILITATOR.address())).as("the facilitator paid the gas").isLessThan(facilitatorEthBefore);
        JsonNode receipt = chain.rpc("eth_getTransactionReceipt", tx.reference());
        assertThat(receipt.get("status").asText()).isEqualTo("0x1");
        assertThat(scheme.confirm(tx.reference(), Duration.ZERO)).isInstanceOf(Confirmation.Confirmed.class);
    }

    @Test
    void theDomainSeparatorIsTheContractsOwn() {
        assertThat(Hex.encode(Eip712.domainSeparator(domain(req())))).isEqualTo(usdc.domainSeparator());
    }

    @Test
    void enrichReadsTheTokensDomainFromTheChain() {
        PaymentRequirements bare = requirements(CHAIN.toString(), usdc.address(), MERCHANT.address(), AMOUNT,
                domainExtra(null, null));
        PaymentRequirements enriched = scheme.enrich(bare);
        assertThat(enriched.extraText("name")).contains("USD Coin");
        assertThat(enriched.extraText("version")).contains("2");
        assertThat(scheme.enrich(bare)).isEqualTo(enriched); // cached, same answer
    }

    // ------------------------------------------------------------------------------------------ rejections

    @Test
    void expired() {
        Eip3009Authorization auth = authorization(PAYER.address(), MERCHANT.address(), AMOUNT, now() - 600, now() - 1);
        assertRefused(payer.pay(req(), RESOURCE, auth, domain(req())), req(),
                EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE, "validBefore");
    }

    @Test
    void notYetValid() {
        Eip3009Authorization auth = authorization(PAYER.address(), MERCHANT.address(), AMOUNT, now() + 3600, now() + 7200);
        assertRefused(payer.pay(req(), RESOURCE, auth, domain(req())), req(),
                EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER, "validAfter");
    }

    @Test
    void wrongRecipient() {
        Eip3009Authorization auth = authorization(PAYER.address(), STRANGER.address(), AMOUNT, now() - 600, now() + 60);
        assertRefused(payer.pay(req(), RESOURCE, auth, domain(req())), req(),
                EvmReasons.INVALID_EXACT_EVM_RECIPIENT_MISMATCH, STRANGER.address());
    }

    @Test
    void wrongAmount() {
        Eip3009Authorization auth = authorization(PAYER.address(), MERCHANT.address(), AMOUNT - 1, now() - 600, now() + 60);
        assertRefused(payer.pay(req(), RESOURCE, auth, domain(req())), req(),
                EvmReasons.INVALID_EXACT_EVM_AUTHORIZATION_VALUE, "differs from the required amount");
    }

    @Test
    void wrongChainIdInTheDomain() {
        Eip3009Authorization auth = authorization(PAYER.address(), MERCHANT.address(), AMOUNT, now() - 600, now() + 60);
        Eip712Domain mainnet = new Eip712Domain("USD Coin", "2", 8453, usdc.address());
        assertRefused(payer.pay(req(), RESOURCE, auth, mainnet), req(), EvmReasons.INVALID_EXACT_EVM_SIGNATURE,
                "not the authorization's from");
    }

    @Test
    void wrongTokenName() {
        PaymentRequirements r = req().withExtra(domainExtra("USDC", "2"));
        assertRefused(payer.pay(r, RESOURCE, Instant.now()), r, EvmReasons.INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH,
                "has EIP-712 name \"USD Coin\", requirements.extra.name is \"USDC\"");
    }

    @Test
    void wrongTokenVersion() {
        PaymentRequirements r = req().withExtra(domainExtra("USD Coin", "1"));
        assertRefused(payer.pay(r, RESOURCE, Instant.now()), r, EvmReasons.INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH,
                "has EIP-712 version \"2\"");
    }

    @Test
    void badSignature() {
        Eip3009Authorization auth = authorization(PAYER.address(), MERCHANT.address(), AMOUNT, now() - 600, now() + 60);
        PaymentPayload byStranger =
                EvmPaymentSigner.fromHex(STRANGER.privateKeyHex()).pay(req(), RESOURCE, auth, domain(req()));
        assertRefused(byStranger, req(), EvmReasons.INVALID_EXACT_EVM_SIGNATURE, STRANGER.address());
    }

    @Test
    void insufficientBalance() {
        PaymentPayload p = EvmPaymentSigner.fromHex(BROKE.privateKeyHex()).pay(req(), RESOURCE, Instant.now());
        assertRefused(p, req(), EvmReasons.INVALID_EXACT_EVM_INSUFFICIENT_BALANCE,
                "holds " + (AMOUNT - 1) + " of token");
    }

    @Test
    void nonceAlreadyUsedAfterSettling() {
        PaymentPayload p = payer.pay(req(), RESOURCE, Instant.now());
        SettleResponse first = facilitator.settle(new FacilitatorRequest(2, p, req()));
        assertThat(first.success()).isTrue();

        // the same payment replayed at another facilitator (its own ledger): the chain says the nonce is used
        Facilitator elsewhere = facilitator(scheme);
        BigInteger payerBefore = usdc.balanceOf(PAYER.address());
        SettleResponse replay = elsewhere.settle(new FacilitatorRequest(2, p, req()));
        assertThat(replay.success()).isFalse();
        assertThat(replay.errorReason()).isEqualTo(EvmReasons.INVALID_EXACT_EVM_NONCE_ALREADY_USED.wire());
        assertThat(usdc.balanceOf(PAYER.address())).isEqualTo(payerBefore);

        VerifyResult v = scheme.verify(p, req());
        assertThat(v).isInstanceOfSatisfying(VerifyResult.Invalid.class, i -> {
            assertThat(i.reason()).isEqualTo(EvmReasons.INVALID_EXACT_EVM_NONCE_ALREADY_USED);
            assertThat(i.message()).contains("already used");
        });
        assertThatThrownBy(() -> scheme.prepareSettlement(p, req()))
                .isInstanceOfSatisfying(InvalidPaymentException.class,
                        e -> assertThat(e.reason()).isEqualTo(EvmReasons.INVALID_EXACT_EVM_NONCE_ALREADY_USED));
    }

    @Test
    void wrongNetwork() {
        PaymentRequirements mainnet = req().withNetwork("eip155:8453");
        PaymentPayload paidForMainnet = payer.pay(mainnet, RESOURCE, Instant.now());
        PaymentPayload p = new PaymentPayload(2, RESOURCE, mainnet, paidForMainnet.payload(), null);
        assertRefused(p, req(), EvmReasons.INVALID_EXACT_EVM_NETWORK_MISMATCH, "eip155:8453");
        assertThat(scheme.verify(paidForMainnet, mainnet)).isInstanceOfSatisfying(VerifyResult.Invalid.class,
                i -> assertThat(i.reason()).isEqualTo(EvmReasons.INVALID_EXACT_EVM_NETWORK_MISMATCH));
    }

    @Test
    void anyOtherRevertIsASimulationFailureNamingTheContractsError() {
        // The facilitator's clock runs 2 h ahead of the chain: the window looks open to it, the token disagrees.
        Scheme ahead = schemeWith(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        Eip3009Authorization auth = authorization(PAYER.address(), MERCHANT.address(), AMOUNT, now() + 3600, now() + 3 * 3600);
        PaymentPayload p = payer.pay(req(), RESOURCE, auth, domain(req()));

        VerifyResult v = ahead.verify(p, req());

        assertThat(v).isInstanceOfSatisfying(VerifyResult.Invalid.class, i -> {
            assertThat(i.reason()).isEqualTo(EvmReasons.INVALID_EXACT_EVM_TRANSACTION_SIMULATION_FAILED);
            assertThat(i.message()).contains("ERC3009InvalidAuthorizationTime");
            assertThat(i.payer()).isEqualTo(PAYER.address());
        });
        assertThatThrownBy(() -> ahead.prepareSettlement(p, req()))
                .isInstanceOfSatisfying(InvalidPaymentException.class, e -> assertThat(e.reason())
                        .isEqualTo(EvmReasons.INVALID_EXACT_EVM_TRANSACTION_SIMULATION_FAILED));
    }

    // ------------------------------------------------------------------------------------------ settlement edges

    @Test
    void aSecondTransactionForTheSamePaymentRevertsOnChainAndIsReportedFailed() {
        PaymentPayload p = payer.pay(req(), RESOURCE, Instant.now());
        BigInteger payerBefore = usdc.balanceOf(PAYER.address());
        SignedTransaction first = scheme.prepareSettlement(p, req());
        SignedTransaction second = scheme.prepareSettlement(p, req()); // the ledger prevents this; the chain too

        scheme.broadcast(first);
        scheme.broadcast(second);

        assertThat(scheme.confirm(first.reference(), Duration.ofSeconds(10))).isInstanceOf(Confirmation.Confirmed.class);
        assertThat(scheme.confirm(second.reference(), Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(Confirmation.Failed.class, f -> {
                    assertThat(f.reason()).isEqualTo(EvmReasons.INVALID_EXACT_EVM_TRANSACTION_FAILED);
                    assertThat(f.message()).contains("reverted");
                });
        assertThat(usdc.balanceOf(PAYER.address())).isEqualTo(payerBefore.subtract(BigInteger.valueOf(AMOUNT)));
    }

    @Test
    void sendingTheSameBytesAgainIsHarmless() {
        PaymentPayload p = payer.pay(req(), RESOURCE, Instant.now());
        BigInteger payerBefore = usdc.balanceOf(PAYER.address());
        SignedTransaction tx = scheme.prepareSettlement(p, req());

        scheme.broadcast(tx);
        scheme.broadcast(tx); // mined already (automine): "nonce too low" for a transaction the node knows
        assertThat(scheme.confirm(tx.reference(), Duration.ofSeconds(10))).isInstanceOf(Confirmation.Confirmed.class);
        scheme.broadcast(tx);

        assertThat(usdc.balanceOf(PAYER.address())).isEqualTo(payerBefore.subtract(BigInteger.valueOf(AMOUNT)));
    }

    @Test
    void aFacilitatorWithoutGasIsRefusedThenRecoversItsNonce() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        EvmPrivateKeySigner poor = EvmPrivateKeySigner.fromHex(HexFormat.of().formatHex(key));
        Scheme poorScheme = EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(chain.rpcUrl())).withAssets(EvmFixtures.assets(usdc)), poor,
                Clock.systemUTC(), NetworkRegistry.defaults());
        PaymentPayload p = payer.pay(req(), RESOURCE, Instant.now());

        SignedTransaction refused = poorScheme.prepareSettlement(p, req());
        assertThatThrownBy(() -> poorScheme.broadcast(refused))
                .isInstanceOfSatisfying(BroadcastRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ErrorReason.UNEXPECTED_SETTLE_ERROR);
                    assertThat(e.getMessage()).containsIgnoringCase("funds");
                });

        chain.setBalance(poor.address(), new BigInteger("1000000000000000000"));
        SignedTransaction retried = poorScheme.prepareSettlement(p, req());
        SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(Hex.encode(retried.bytes()));
        assertThat(decoded.getNonce()).as("resynchronised: the refused nonce is reused").isZero();
        poorScheme.broadcast(retried);
        assertThat(poorScheme.confirm(retried.reference(), Duration.ofSeconds(10))).isInstanceOf(Confirmation.Confirmed.class);
    }

    @Test
    void anUnknownTransactionIsPending() {
        String unknown = "0x" + "12".repeat(32);
        assertThat(scheme.confirm(unknown, Duration.ZERO)).isEqualTo(new Confirmation.Pending(unknown));
        long started = System.nanoTime();
        assertThat(scheme.confirm(unknown, Duration.ofMillis(400))).isEqualTo(new Confirmation.Pending(unknown));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    // ------------------------------------------------------------------------------------------ node faults

    @Test
    void anEndpointServingAnotherChainIsAFaultNamingTheChainIds() {
        Scheme misconfigured = EvmSchemes.exact(EvmNetworkConfig.of(ChainId.eip155(8453), URI.create(chain.rpcUrl())).withAssets(EvmFixtures.assets(usdc)),
                EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex()), Clock.systemUTC(), NetworkRegistry.defaults());
        PaymentRequirements base = requirements("eip155:8453", usdc.address(), MERCHANT.address(), AMOUNT,
                domainExtra("USD Coin", "2"));
        PaymentPayload p = payer.pay(base, RESOURCE, Instant.now());

        assertThatThrownBy(() -> misconfigured.verify(p, base))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("serves chain id 84532, not 8453");
        assertThatThrownBy(() -> misconfigured.prepareSettlement(p, base)).isInstanceOf(ChainUnavailableException.class);
    }

    @Test
    void aNodeThatIsDownIsAFaultNeverAPaymentReason() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Scheme down = EvmSchemes.exact(
                new EvmNetworkConfig(CHAIN, URI.create("http://127.0.0.1:" + port + "/v2/key"), Duration.ofSeconds(2)).withAssets(EvmFixtures.assets(usdc)),
                EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex()), Clock.systemUTC(), NetworkRegistry.defaults());
        PaymentPayload p = payer.pay(req(), RESOURCE, Instant.now());

        assertThatThrownBy(() -> down.verify(p, req()))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("eip155:84532")
                .hasMessageNotContaining("/v2/key");
        assertThatThrownBy(() -> down.prepareSettlement(p, req())).isInstanceOf(ChainUnavailableException.class);
        assertThatThrownBy(() -> down.broadcast(new SignedTransaction("0x" + "00".repeat(32), new byte[] {1})))
                .isInstanceOf(ChainUnavailableException.class);
        assertThatThrownBy(() -> down.confirm("0x" + "00".repeat(32), Duration.ZERO))
                .isInstanceOf(ChainUnavailableException.class);

        SettleResponse settled = facilitator(down).settle(new FacilitatorRequest(2, p, req()));
        assertThat(settled.success()).isFalse();
        assertThat(settled.errorReason()).isEqualTo(ErrorReason.UNEXPECTED_VERIFY_ERROR.wire());
    }
}
