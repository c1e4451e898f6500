package dev.x402j.solana;

import static dev.x402j.solana.SolanaFixtures.DEVNET;
import static dev.x402j.solana.SolanaFixtures.RESOURCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Facilitator;
import dev.x402j.core.InMemorySettlementStore;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.solana.SolanaPaymentSigner.Draft;
import dev.x402j.testkit.LiteSvmRpc;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exact scheme inside a real {@link Facilitator} (core builder, in-memory ledger) on the real SVM: LiteSVM with the
 * real SPL Token, Token-2022 and Associated Token Account programs behind Solana JSON-RPC ({@link LiteSvmRpc}). Money
 * moves by exactly the amount when a payment is good; when it is not, it is refused with the official reason and
 * nothing moves.
 *
 * <p>What differs from a validator (see testkit/solana-rpc/server.mjs): transactions are final when
 * {@code sendTransaction} returns, there is one valid blockhash until {@code x402j_expireBlockhash}, and the fee is a
 * flat 5000 lamports per signature plus the priority fee.
 */
class SolanaFacilitatorIT {
    private static final long AMOUNT = 10_000; // 0.01 of a 6-decimal token
    private static final long SOL = 1_000_000_000L;

    private static LiteSvmRpc solana;
    private static Facilitator facilitator;
    private static Scheme scheme;
    private static String usdc;
    private static String token2022;
    private static SolanaPrivateKeySigner feePayer;
    private static SolanaPrivateKeySigner otherFeePayer;
    private static SolanaPaymentSigner payer;
    private static String merchant;

    @BeforeAll
    static void start() {
        solana = LiteSvmRpc.start();
        usdc = solana.createMint(6);
        token2022 = solana.createMint(6, "spl-token-2022");
        feePayer = SolanaFixtures.randomSigner();
        otherFeePayer = SolanaFixtures.randomSigner();
        solana.setSol(feePayer.address(), 10 * SOL);
        solana.setSol(otherFeePayer.address(), 10 * SOL);
        payer = SolanaFixtures.randomPayer();
        solana.mintTo(usdc, payer.address(), BigInteger.valueOf(1_000_000_000));
        merchant = SolanaFixtures.randomAddress();
        solana.mintTo(usdc, merchant, BigInteger.ZERO); // the merchant's associated token account exists
        // The test mints are served besides devnet's catalogue USDC, as an operator would add them.
        scheme = SolanaSchemes.exact(SolanaNetworkConfig.of(DEVNET, URI.create(solana.rpcUrl()))
                        .withAssets(List.of(Asset.of(usdc, "USDC", 6), Asset.of(token2022, "USDT", 6))),
                List.of(feePayer, otherFeePayer), Clock.systemUTC(), NetworkRegistry.defaults());
        facilitator = newFacilitator();
    }

    private static Facilitator newFacilitator() {
        return Facilitator.builder()
                .scheme(scheme)
                .settlementStore(new InMemorySettlementStore())
                .confirmTimeout(Duration.ofSeconds(20))
                .build();
    }

    @AfterAll
    static void stop() {
        if (solana != null) {
            solana.close();
        }
    }

    /** Requirements completed by the facilitator's /accepts, as a resource server would put them in its 402. */
    private static PaymentRequirements accepted(String asset, long amount) {
        PaymentRequirements offer = new PaymentRequirements("exact", DEVNET.toString(), BigInteger.valueOf(amount),
                asset, merchant, 60, null);
        PaymentRequired answered = facilitator.accepts(PaymentRequired.of(RESOURCE, List.of(offer), null));
        assertThat(answered.accepts()).hasSize(1);
        return answered.accepts().get(0);
    }

    private static PaymentRequirements req() {
        return accepted(usdc, AMOUNT);
    }

    private static FacilitatorRequest request(PaymentPayload p, PaymentRequirements r) {
        return new FacilitatorRequest(2, p, r);
    }

    /** The token balances of the payer and the merchant, and the fee payers' lamports. */
    private record Balances(BigInteger payer, BigInteger merchant, long feePayer, long otherFeePayer) {}

    private static Balances balances() {
        return balances(payer.address());
    }

    private static Balances balances(String payerAddress) {
        return new Balances(solana.tokenBalance(payerAddress, usdc), solana.tokenBalance(merchant, usdc),
                solana.balance(feePayer.address()), solana.balance(otherFeePayer.address()));
    }

    private static void assertRefused(PaymentPayload p, PaymentRequirements r, ErrorReason reason) {
        Balances before = balances();
        VerifyResponse verified = facilitator.verify(request(p, r));
        SettleResponse settled = facilitator.settle(request(p, r));

        assertThat(verified.isValid()).as("%s", verified).isFalse();
        assertThat(verified.invalidReason()).as("%s", verified).isEqualTo(reason.wire());
        assertThat(settled.success()).as("%s", settled).isFalse();
        assertThat(settled.errorReason()).as("%s", settled).isEqualTo(reason.wire());
        assertThat(settled.transaction()).isEmpty();
        assertThat(balances()).as("nothing moves").isEqualTo(before);
    }

    private static SolanaInstruction transfer(String source, String mint, String destination, String authority,
            long amount) {
        return SolanaInstruction.transferChecked(SolanaInstruction.TOKEN_PROGRAM, source, mint, destination, authority,
                BigInteger.valueOf(amount), 6);
    }

    private static String ata(String owner, String mint) {
        return SolanaPaymentSigner.associatedTokenAddress(owner, mint, SolanaInstruction.TOKEN_PROGRAM);
    }

    // ------------------------------------------------------------------------------------------ discovery

    @Test
    void supportedListsBothVersionsAndEveryFeePayer() {
        SupportedResponse s = facilitator.supported();

        assertThat(s.kinds()).extracting(k -> k.x402Version() + " " + k.network())
                .containsExactlyInAnyOrder("2 " + DEVNET, "1 solana-devnet");
        assertThat(s.kinds()).allSatisfy(k -> assertThat(k.extra().get("feePayer").asText())
                .isIn(feePayer.address(), otherFeePayer.address()));
        assertThat(s.signers()).containsEntry("solana:*", List.of(feePayer.address(), otherFeePayer.address()));
    }

    @Test
    void acceptsFillsWhatTheClientNeedsToPayWithoutAnRpc() {
        PaymentRequirements r = req();

        assertThat(r.extraText("feePayer")).get().isIn(feePayer.address(), otherFeePayer.address());
        assertThat(r.extra().get("decimals").asInt()).isEqualTo(6);
        assertThat(r.extraText("tokenProgram")).contains(SolanaInstruction.TOKEN_PROGRAM);
        assertThat(r.extraText("recentBlockhash")).contains(solana.latestBlockhash());
        assertThat(List.of(req().extraText("feePayer").orElseThrow(), req().extraText("feePayer").orElseThrow()))
                .as("fee payers in rotation")
                .containsExactlyInAnyOrder(feePayer.address(), otherFeePayer.address());
    }

    // ------------------------------------------------------------------------------------------ the good path

    @Test
    void aValidPaymentSettlesAndMovesExactlyTheAmount() {
        PaymentRequirements r = req();
        PaymentPayload p = payer.pay(r, RESOURCE);
        Balances before = balances();

        VerifyResponse verified = facilitator.verify(request(p, r));
        SettleResponse first = facilitator.settle(request(p, r));
        SettleResponse again = facilitator.settle(request(p, r));

        assertThat(verified.isValid()).as("%s", verified).isTrue();
        assertThat(verified.payer()).isEqualTo(payer.address());
        assertThat(first.success()).as("%s", first).isTrue();
        assertThat(first.payer()).isEqualTo(payer.address());
        assertThat(first.network()).isEqualTo(DEVNET.toString());
        assertThat(first.transaction()).matches("[1-9A-HJ-NP-Za-km-z]{64,88}");
        assertThat(solana.rpc("getSignatureStatuses", List.of(first.transaction())).path("value").path(0)
                        .path("err").isNull())
                .isTrue();
        assertThat(again.withoutSettlementOwner()).as("a second settle answers the recorded outcome")
                .isEqualTo(first.withoutSettlementOwner());
        assertThat(again.settlementOwner()).contains(false);

        Balances after = balances();
        assertThat(after.payer()).isEqualTo(before.payer().subtract(BigInteger.valueOf(AMOUNT)));
        assertThat(after.merchant()).isEqualTo(before.merchant().add(BigInteger.valueOf(AMOUNT)));
        String paidBy = r.extraText("feePayer").orElseThrow();
        long feePaid = paidBy.equals(feePayer.address())
                ? before.feePayer() - after.feePayer()
                : before.otherFeePayer() - after.otherFeePayer();
        assertThat(feePaid).as("two signatures and 1 micro-lamport × 20 000 CU").isEqualTo(2 * 5000 + 1);
    }

    /** A transfer of 0 would still cost the fee payer its fees: refused, and no lamport of any fee payer moves. */
    @Test
    void aZeroAmountTransferIsRefusedAndCostsTheFeePayersNothing() {
        PaymentRequirements zero = accepted(usdc, 0);
        assertRefused(payer.pay(zero, RESOURCE), zero, ErrorReason.INVALID_PAYMENT_REQUIREMENTS);
    }

    @Test
    void aPaymentSignedWithTheClientsOwnRpcSettlesToo() {
        ObjectNode extra = JsonNodeFactory.instance.objectNode().put("feePayer", otherFeePayer.address());
        PaymentRequirements bare = new PaymentRequirements("exact", DEVNET.toString(), BigInteger.valueOf(AMOUNT), usdc,
                merchant, 60, extra);
        PaymentPayload p = payer.withRpc(URI.create(solana.rpcUrl())).pay(bare, RESOURCE);
        BigInteger merchantBefore = solana.tokenBalance(merchant, usdc);

        SettleResponse settled = facilitator.settle(request(p, bare));

        assertThat(settled.success()).as("%s", settled).isTrue();
        assertThat(solana.tokenBalance(merchant, usdc)).isEqualTo(merchantBefore.add(BigInteger.valueOf(AMOUNT)));
    }

    @Test
    void aToken2022PaymentSettles() {
        String mint = token2022;
        solana.mintTo(mint, payer.address(), BigInteger.valueOf(50_000));
        solana.mintTo(mint, merchant, BigInteger.ZERO);
        PaymentRequirements r = accepted(mint, AMOUNT);
        assertThat(r.extraText("tokenProgram")).contains(SolanaInstruction.TOKEN_2022_PROGRAM);

        SettleResponse settled = facilitator.settle(request(payer.pay(r, RESOURCE), r));

        assertThat(settled.success()).as("%s", settled).isTrue();
        assertThat(solana.tokenBalance(merchant, mint)).isEqualTo(BigInteger.valueOf(AMOUNT));
        assertThat(solana.tokenBalance(payer.address(), mint)).isEqualTo(BigInteger.valueOf(40_000));
    }

    @Test
    void twentyConcurrentSettlesOfOnePaymentSendOnceAndAllAgree() throws Exception {
        PaymentRequirements r = req();
        PaymentPayload p = payer.pay(r, RESOURCE);
        Balances before = balances();

        List<SettleResponse> answers = race(20, () -> facilitator.settle(request(p, r)));

        // All alike but for which call owns the settlement: exactly one does.
        assertThat(answers).hasSize(20).allSatisfy(a -> assertThat(a.withoutSettlementOwner()).as("%s", a)
                .isEqualTo(answers.get(0).withoutSettlementOwner()));
        assertThat(answers).filteredOn(a -> a.settlementOwner().orElse(false)).hasSize(1);
        assertThat(answers.get(0).success()).as("%s", answers.get(0)).isTrue();
        Balances after = balances();
        assertThat(after.payer()).isEqualTo(before.payer().subtract(BigInteger.valueOf(AMOUNT)));
        assertThat(after.merchant()).isEqualTo(before.merchant().add(BigInteger.valueOf(AMOUNT)));
        assertThat((before.feePayer() - after.feePayer()) + (before.otherFeePayer() - after.otherFeePayer()))
                .as("one transaction's fee").isEqualTo(10_001);
    }

    // ------------------------------------------------------------------------------------------ replays

    @Test
    void aSettledTransactionCannotBeSettledAgainElsewhere() {
        PaymentRequirements r = req();
        PaymentPayload p = payer.pay(r, RESOURCE);
        assertThat(facilitator.settle(request(p, r)).success()).isTrue();

        // The same facilitator answers its ledger; verify alone says the payment is spent.
        assertThat(facilitator.verify(request(p, r)).invalidReason())
                .isEqualTo(ErrorReason.DUPLICATE_SETTLEMENT.wire());
        // Another facilitator, with its own ledger, finds the transaction on chain and sends nothing.
        Facilitator elsewhere = newFacilitator();
        Balances before = balances();
        SettleResponse replay = elsewhere.settle(request(p, r));

        assertThat(replay.success()).as("%s", replay).isFalse();
        assertThat(replay.errorReason()).isEqualTo(ErrorReason.DUPLICATE_SETTLEMENT.wire());
        assertThat(balances()).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------ refusals

    @Test
    void aMintTheNetworkDoesNotServeIsRefusedAndNotEvenReadForAccepts() {
        String unserved = solana.createMint(6);
        solana.mintTo(unserved, payer.address(), BigInteger.valueOf(AMOUNT));
        solana.mintTo(unserved, merchant, BigInteger.ZERO);
        PaymentRequirements bare = new PaymentRequirements("exact", DEVNET.toString(), BigInteger.valueOf(AMOUNT),
                unserved, merchant, 60, null);
        PaymentRequirements accepted = facilitator.accepts(PaymentRequired.of(RESOURCE, List.of(bare), null))
                .accepts().get(0);
        assertThat(accepted.extra().has("decimals")).as("the unserved mint is not read").isFalse();
        PaymentRequirements r = accepted.withExtra(accepted.extra().put("decimals", 6)
                .put("tokenProgram", SolanaInstruction.TOKEN_PROGRAM));
        PaymentPayload p = payer.pay(r, RESOURCE);

        assertRefused(p, r, ErrorReason.INVALID_PAYMENT_REQUIREMENTS);
        assertThat(facilitator.verify(request(p, r)).invalidMessage()).contains(unserved).contains("withAssets")
                .contains("x402j.solana.assets");
    }

    @Test
    void wrongMint() {
        String other = solana.createMint(6);
        solana.mintTo(other, payer.address(), BigInteger.valueOf(AMOUNT));
        solana.mintTo(other, merchant, BigInteger.ZERO);
        PaymentRequirements r = req();
        Draft d = payer.draft(r).withInstruction(2, transfer(ata(payer.address(), other), other, ata(merchant, other),
                payer.address(), AMOUNT));

        assertRefused(payer.pay(r, RESOURCE, d), r, SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MINT_MISMATCH);
    }

    @Test
    void wrongRecipient() {
        String thief = SolanaFixtures.randomAddress();
        solana.mintTo(usdc, thief, BigInteger.ZERO);
        PaymentRequirements r = req();
        Draft d = payer.draft(r).withInstruction(2, transfer(ata(payer.address(), usdc), usdc, ata(thief, usdc),
                payer.address(), AMOUNT));

        assertRefused(payer.pay(r, RESOURCE, d), r, SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH);
        assertThat(solana.tokenBalance(thief, usdc)).isZero();
    }

    @Test
    void wrongAmount() {
        PaymentRequirements r = req();
        for (long amount : new long[] {AMOUNT - 1, AMOUNT + 1}) {
            Draft d = payer.draft(r).withInstruction(2, transfer(ata(payer.address(), usdc), usdc, ata(merchant, usdc),
                    payer.address(), amount));
            assertRefused(payer.pay(r, RESOURCE, d), r, SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_AMOUNT_MISMATCH);
        }
    }

    @Test
    void theFeePayerAsTransferAuthorityOrSource() {
        solana.mintTo(usdc, feePayer.address(), BigInteger.valueOf(AMOUNT));
        PaymentRequirements r = req();
        Draft asAuthority = payer.draft(r).withInstruction(2, transfer(ata(feePayer.address(), usdc), usdc,
                ata(merchant, usdc), feePayer.address(), AMOUNT));
        Draft asSource = payer.draft(r).withInstruction(2, transfer(ata(feePayer.address(), usdc), usdc,
                ata(merchant, usdc), payer.address(), AMOUNT));

        assertRefused(payer.pay(r, RESOURCE, asAuthority), r,
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS);
        assertRefused(payer.pay(r, RESOURCE, asSource), r,
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS);
        assertThat(solana.tokenBalance(feePayer.address(), usdc)).isEqualTo(BigInteger.valueOf(AMOUNT));
    }

    @Test
    void theFeePayerInAnotherInstruction() {
        PaymentRequirements r = req();
        String ours = r.extraText("feePayer").orElseThrow();
        SolanaInstruction memo = SolanaInstruction.of(SolanaInstruction.MEMO_PROGRAM,
                List.of(new SolanaInstruction.Account(ours, true, false)), "hi".getBytes());
        Draft d = payer.draft(r).withInstruction(3, memo);

        assertRefused(payer.pay(r, RESOURCE, d), r,
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS);
    }

    @Test
    void tooManyOrUnknownInstructions() {
        PaymentRequirements r = req();
        Draft seven = payer.draft(r).plus(SolanaInstruction.memo("a"), SolanaInstruction.memo("b"),
                SolanaInstruction.memo("c"));
        assertRefused(payer.pay(r, RESOURCE, seven), r,
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH);

        // A System transfer of the payer's own SOL would be harmless to us, but is not part of an exact payment.
        SolanaInstruction systemTransfer = SolanaInstruction.of("11111111111111111111111111111111", List.of(
                        new SolanaInstruction.Account(payer.address(), true, true),
                        new SolanaInstruction.Account(merchant, false, true)),
                new byte[] {2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0});
        Draft unknown = payer.draft(r).withInstruction(3, systemTransfer);
        assertRefused(payer.pay(r, RESOURCE, unknown), r,
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION);
    }

    @Test
    void computePriceOverTheCap() {
        PaymentRequirements r = req();
        Draft d = payer.draft(r).withInstruction(1, SolanaInstruction.computeUnitPrice(5_000_001));

        assertRefused(payer.pay(r, RESOURCE, d), r,
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH);
    }

    @Test
    void badPayerSignature() {
        PaymentRequirements r = req();

        assertRefused(SolanaFixtures.withFlippedPayerSignature(payer.pay(r, RESOURCE)), r,
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID);
    }

    @Test
    void expiredBlockhash() {
        PaymentRequirements r = req();
        PaymentPayload p = payer.pay(r, RESOURCE);
        solana.expireBlockhash();

        assertRefused(p, r, SolanaReasons.TRANSACTION_SIMULATION_FAILED);
        assertThat(facilitator.verify(request(p, r)).invalidMessage()).contains("expired");
    }

    @Test
    void insufficientBalance() {
        SolanaPaymentSigner poor = SolanaFixtures.randomPayer();
        solana.mintTo(usdc, poor.address(), BigInteger.valueOf(AMOUNT - 1));
        SolanaPaymentSigner penniless = SolanaFixtures.randomPayer(); // no token account at all
        PaymentRequirements r = req();

        for (SolanaPaymentSigner who : List.of(poor, penniless)) {
            PaymentPayload p = who.pay(r, RESOURCE);
            Balances before = balances(who.address());
            SettleResponse settled = facilitator.settle(request(p, r));
            assertThat(settled.errorReason()).as("%s", settled).isEqualTo(ErrorReason.INSUFFICIENT_FUNDS.wire());
            assertThat(settled.payer()).isEqualTo(who.address());
            assertThat(balances(who.address())).isEqualTo(before);
        }
    }

    @Test
    void aFeePayerNotOursIsRefusedBeforeAnythingIsSigned() {
        PaymentRequirements r = req();
        Draft d = payer.draft(r).withFeePayer(SolanaFixtures.randomAddress());

        assertRefused(payer.pay(r, RESOURCE, d), r, SolanaReasons.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR);
    }

    private static List<SettleResponse> race(int n, Supplier<SettleResponse> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SettleResponse>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.get();
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
