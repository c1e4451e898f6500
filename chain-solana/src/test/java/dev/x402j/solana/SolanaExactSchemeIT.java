package dev.x402j.solana;

import static dev.x402j.solana.SolanaFixtures.DEVNET;
import static dev.x402j.solana.SolanaFixtures.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.Asset;
import dev.x402j.core.BroadcastRejectedException;
import dev.x402j.core.ChainId;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.Confirmation;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Facilitator;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.solana.internal.Base58;
import dev.x402j.testkit.LiteSvmRpc;
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
 * The scheme's settlement steps one by one on the LiteSVM JSON-RPC front: re-sending, confirming, a transaction that
 * can no longer land, and what a node fault looks like (never a payment reason).
 */
class SolanaExactSchemeIT {
    private static final long AMOUNT = 1_000;

    private static LiteSvmRpc solana;
    private static Scheme scheme;
    private static String usdc;
    private static SolanaPrivateKeySigner feePayer;
    private static SolanaPaymentSigner payer;
    private static String merchant;

    @BeforeAll
    static void start() {
        solana = LiteSvmRpc.start();
        usdc = solana.createMint(6);
        feePayer = SolanaFixtures.randomSigner();
        solana.setSol(feePayer.address(), 1_000_000_000L);
        payer = SolanaFixtures.randomPayer();
        solana.mintTo(usdc, payer.address(), BigInteger.valueOf(1_000_000));
        merchant = SolanaFixtures.randomAddress();
        solana.mintTo(usdc, merchant, BigInteger.ZERO);
        scheme = SolanaSchemes.exact(SolanaNetworkConfig.of(DEVNET, URI.create(solana.rpcUrl()))
                        .withAssets(List.of(Asset.of(usdc, "USDC", 6))), feePayer,
                Clock.systemUTC(), NetworkRegistry.defaults());
    }

    @AfterAll
    static void stop() {
        if (solana != null) {
            solana.close();
        }
    }

    private static PaymentRequirements req() {
        return scheme.enrich(new PaymentRequirements("exact", DEVNET.toString(), BigInteger.valueOf(AMOUNT), usdc,
                merchant, 60, null));
    }

    @Test
    void theSignedTransactionsReferenceIsTheFeePayersSignatureKnownBeforeSending() {
        PaymentRequirements r = req();
        PaymentPayload p = payer.pay(r, RESOURCE);

        SignedTransaction tx = scheme.prepareSettlement(p, r);

        assertThat(Base58.decode(tx.reference())).hasSize(64);
        assertThat(scheme.confirm(tx.reference(), Duration.ZERO)).isInstanceOf(Confirmation.Pending.class);
        scheme.broadcast(tx);
        assertThat(scheme.confirm(tx.reference(), Duration.ofSeconds(5)))
                .isEqualTo(new Confirmation.Confirmed(tx.reference()));
    }

    @Test
    void sendingTheSameBytesAgainIsHarmless() {
        PaymentRequirements r = req();
        SignedTransaction tx = scheme.prepareSettlement(payer.pay(r, RESOURCE), r);
        BigInteger before = solana.tokenBalance(merchant, usdc);

        scheme.broadcast(tx);
        scheme.broadcast(tx); // AlreadyProcessed: a success
        scheme.broadcast(tx);

        assertThat(solana.tokenBalance(merchant, usdc)).isEqualTo(before.add(BigInteger.valueOf(AMOUNT)));
        assertThat(scheme.prepareSettlement(payer.pay(r, RESOURCE), r).reference())
                .as("a new payment (new memo nonce) is a new transaction")
                .isNotEqualTo(tx.reference());
    }

    @Test
    void aTransactionWhoseBlockhashExpiredBeforeSendingIsRefusedAndReportedDropped() {
        PaymentRequirements r = req();
        SignedTransaction tx = scheme.prepareSettlement(payer.pay(r, RESOURCE), r);
        solana.expireBlockhash();

        assertThatThrownBy(() -> scheme.broadcast(tx))
                .isInstanceOfSatisfying(BroadcastRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(SolanaReasons.TRANSACTION_SIMULATION_FAILED));
        assertThat(scheme.confirm(tx.reference(), Duration.ZERO))
                .isInstanceOfSatisfying(Confirmation.Failed.class, f -> {
                    assertThat(f.reason()).isEqualTo(SolanaReasons.TRANSACTION_FAILED);
                    assertThat(f.message()).contains("dropped");
                });
    }

    @Test
    void aTransactionThatFailsOnChainIsConfirmedFailed() {
        // Preflight would refuse it; a transaction can still fail on chain when the state changes between simulation
        // and execution. Send it skipping preflight, as another sender might, and look it up.
        SolanaPaymentSigner poor = SolanaFixtures.randomPayer();
        solana.mintTo(usdc, poor.address(), BigInteger.ONE);
        PaymentRequirements r = req();
        SignedTransaction tx = scheme.prepareSettlement(poor.pay(r, RESOURCE), r);
        solana.rpc("sendTransaction", java.util.Base64.getEncoder().encodeToString(tx.bytes()),
                java.util.Map.of("encoding", "base64", "skipPreflight", true));

        assertThat(scheme.confirm(tx.reference(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(Confirmation.Failed.class, f -> {
                    assertThat(f.reason()).isEqualTo(SolanaReasons.TRANSACTION_FAILED);
                    assertThat(f.message()).contains("InstructionError");
                });
    }

    @Test
    void aPaymentAtTheComputeCapsCostsTheFeePayerExactlyTheFeeTheChecksComputeAndOneOverIsNeverSent() {
        // 200 000 units at 0.5 lamport per unit: each within its cap, 100 000 + 10 000 lamports in all.
        long limit = 200_000;
        long price = 500_000;
        long fee = OfflineChecks.fee(2, limit, BigInteger.valueOf(price)).longValueExact();
        assertThat(fee).isEqualTo(110_000L);
        Facilitator facilitator = Facilitator.builder().scheme(scheme).build();
        PaymentRequirements r = req();
        SolanaPaymentSigner.Draft atCaps = payer.draft(r)
                .withInstruction(0, SolanaInstruction.computeUnitLimit((int) limit))
                .withInstruction(1, SolanaInstruction.computeUnitPrice(price));
        long lamportsBefore = solana.balance(feePayer.address());
        BigInteger merchantBefore = solana.tokenBalance(merchant, usdc);

        SettleResponse settled = facilitator.settle(new FacilitatorRequest(2, payer.pay(r, RESOURCE, atCaps), r));

        assertThat(settled.success()).as("%s", settled).isTrue();
        assertThat(solana.balance(feePayer.address())).as("the chain charged what OfflineChecks.fee computed")
                .isEqualTo(lamportsBefore - fee);
        assertThat(solana.tokenBalance(merchant, usdc)).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));

        // One micro-lamport more per unit: 100 000.2 lamports of priority fee, charged as 100 001, over the cap.
        PaymentRequirements r2 = req();
        SolanaPaymentSigner.Draft over = payer.draft(r2)
                .withInstruction(0, SolanaInstruction.computeUnitLimit((int) limit))
                .withInstruction(1, SolanaInstruction.computeUnitPrice(price + 1));
        SettleResponse refused = facilitator.settle(new FacilitatorRequest(2, payer.pay(r2, RESOURCE, over), r2));
        SolanaPaymentSigner.Draft tooManyUnits = payer.draft(r2)
                .withInstruction(0, SolanaInstruction.computeUnitLimit(1_400_000));
        SettleResponse refusedUnits = facilitator.settle(new FacilitatorRequest(2, payer.pay(r2, RESOURCE,
                tooManyUnits), r2));

        assertThat(refused.success()).isFalse();
        assertThat(refused.errorReason()).isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_FEE_TOO_HIGH.wire());
        assertThat(refusedUnits.errorReason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_COMPUTE_UNIT_LIMIT_TOO_HIGH.wire());
        assertThat(solana.balance(feePayer.address())).as("nothing was sent").isEqualTo(lamportsBefore - fee);
        assertThat(solana.tokenBalance(merchant, usdc)).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
    }

    @Test
    void anUnknownSignatureIsPending() {
        String unknown = Base58.encode(new byte[64]);
        assertThat(scheme.confirm(unknown, Duration.ofMillis(300))).isEqualTo(new Confirmation.Pending(unknown));
    }

    @Test
    void anEndpointOfAnotherChainIsAFaultNamingTheGenesisHash() {
        ChainId mainnet = ChainId.parse("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp");
        Scheme wrong = SolanaSchemes.exact(SolanaNetworkConfig.of(mainnet, URI.create(solana.rpcUrl())), feePayer,
                Clock.systemUTC(), NetworkRegistry.defaults());
        PaymentRequirements r = new PaymentRequirements("exact", mainnet.toString(), BigInteger.ONE, usdc, merchant, 60,
                null);

        assertThatThrownBy(() -> wrong.enrich(r))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageContaining("genesis hash")
                .hasMessageContaining("EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
    }

    @Test
    void aNodeThatIsDownIsAnUnexpectedErrorNeverAPaymentReason() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Scheme down = SolanaSchemes.exact(new SolanaNetworkConfig(DEVNET,
                        URI.create("http://127.0.0.1:" + closedPort + "/?api-key=SECRET"), Duration.ofSeconds(2),
                        "confirmed", 5_000_000).withAssets(List.of(Asset.of(usdc, "USDC", 6))), feePayer, Clock.systemUTC(), NetworkRegistry.defaults());
        PaymentRequirements r = req();
        PaymentPayload p = payer.pay(r, RESOURCE);

        assertThatThrownBy(() -> down.verify(p, r))
                .isInstanceOf(ChainUnavailableException.class)
                .hasMessageNotContaining("SECRET");
        VerifyResponse v = Facilitator.builder().scheme(down).build().verify(new FacilitatorRequest(2, p, r));
        assertThat(v.isValid()).isFalse();
        assertThat(v.invalidReason()).isEqualTo(ErrorReason.UNEXPECTED_VERIFY_ERROR.wire());
        assertThat(v.invalidMessage()).doesNotContain("SECRET");
    }

    @Test
    void enrichReadsTheMintOnceAndABlockhashEveryTime() {
        PaymentRequirements first = req();
        solana.expireBlockhash();
        PaymentRequirements second = req();

        assertThat(first.extra().get("decimals").asInt()).isEqualTo(6);
        assertThat(second.extra().get("decimals").asInt()).isEqualTo(6);
        assertThat(second.extraText("recentBlockhash")).isNotEqualTo(first.extraText("recentBlockhash"))
                .contains(solana.latestBlockhash());
        assertThat(List.of(first.extraText("tokenProgram").orElseThrow()))
                .containsExactly(SolanaInstruction.TOKEN_PROGRAM);
    }
}
