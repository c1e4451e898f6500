package dev.x402j.solana;

import static dev.x402j.solana.SolanaFixtures.BLOCKHASH;
import static dev.x402j.solana.SolanaFixtures.DEVNET;
import static dev.x402j.solana.SolanaFixtures.MINT;
import static dev.x402j.solana.SolanaFixtures.RESOURCE;
import static dev.x402j.solana.SolanaFixtures.extra;
import static dev.x402j.solana.SolanaFixtures.requirements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidPaymentException;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import dev.x402j.solana.SolanaPaymentSigner.Draft;
import dev.x402j.solana.internal.Base58;
import java.math.BigInteger;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every rule the exact scheme checks without the chain, one payment per rule, in the order of the official SDK. No
 * socket is opened: the RPC endpoint is never contacted by these checks.
 */
class SolanaExactSchemeTest {
    private static final SolanaPrivateKeySigner FEE_PAYER = SolanaFixtures.feePayer();
    private static final SolanaPrivateKeySigner OTHER_FEE_PAYER = SolanaFixtures.randomSigner();
    private static final SolanaPaymentSigner PAYER = SolanaFixtures.payer();
    private static final String PAY_TO = SolanaFixtures.payTo();
    private static final String TOKEN = SolanaInstruction.TOKEN_PROGRAM;

    /** No node listens there: a check that reached for the chain would fail with ChainUnavailableException. */
    private static final SolanaNetworkConfig LOCAL = SolanaNetworkConfig.of(DEVNET, URI.create("http://127.0.0.1:9"))
            .withAssets(List.of(Asset.of(MINT, "USDC", 6)));
    private final SolanaExactScheme scheme = schemeWith(LOCAL);

    private static PaymentRequirements req() {
        return requirements(DEVNET.toString(), MINT, PAY_TO, 10_000, extra(FEE_PAYER.address(), 6, TOKEN, BLOCKHASH));
    }

    private static Draft draft() {
        return PAYER.draft(req());
    }

    private static PaymentPayload pay(Draft d) {
        return PAYER.pay(req(), RESOURCE, d);
    }

    private VerifyResult.Invalid refusal(PaymentPayload p, PaymentRequirements r) {
        OfflineChecks.Offline o = scheme.offlineChecks().check(p, r,
                dev.x402j.solana.internal.ExactSvmPayload.decode(p.payload()));
        assertThat(o.invalid()).as("expected a refusal").isNotNull();
        return o.invalid();
    }

    private VerifyResult.Invalid refusal(PaymentPayload p) {
        return refusal(p, req());
    }

    private static SolanaInstruction transfer(String source, String mint, String destination, String authority,
            long amount) {
        return SolanaInstruction.transferChecked(TOKEN, source, mint, destination, authority, BigInteger.valueOf(amount), 6);
    }

    private static String ata(String owner) {
        return SolanaPaymentSigner.associatedTokenAddress(owner, MINT, TOKEN);
    }

    // ------------------------------------------------------------------------------------------ the good one

    @Test
    void theOfficialClientsPaymentPassesEveryOfflineRule() {
        PaymentPayload p = PAYER.pay(req(), RESOURCE);

        OfflineChecks.Offline o = scheme.offlineChecks().check(p, req(),
                dev.x402j.solana.internal.ExactSvmPayload.decode(p.payload()));

        assertThat(o.invalid()).isNull();
        assertThat(o.payer()).isEqualTo(PAYER.address());
        assertThat(o.transfer().amount()).isEqualTo(BigInteger.valueOf(10_000));
    }

    @Test
    void lighthouseAndMemoMayFollowTheTransferUpToSixInstructions() {
        SolanaInstruction lighthouse = SolanaInstruction.of(SolanaInstruction.LIGHTHOUSE_PROGRAM, List.of(), new byte[] {1});
        Draft d = draft();
        Draft six = d.withInstructions(List.of(d.instructions().get(0), d.instructions().get(1),
                d.instructions().get(2), lighthouse, lighthouse, SolanaInstruction.memo("m")));

        PaymentPayload p = pay(six);

        assertThat(scheme.offlineChecks().check(p, req(), dev.x402j.solana.internal.ExactSvmPayload.decode(p.payload()))
                        .invalid())
                .isNull();
    }

    @Test
    void theTokenProgramMayBeToken2022() {
        PaymentRequirements r = requirements(DEVNET.toString(), MINT, PAY_TO, 10_000,
                extra(FEE_PAYER.address(), 6, SolanaInstruction.TOKEN_2022_PROGRAM, BLOCKHASH));
        PaymentPayload p = PAYER.pay(r, RESOURCE);

        assertThat(scheme.offlineChecks().check(p, r, dev.x402j.solana.internal.ExactSvmPayload.decode(p.payload())).invalid())
                .isNull();
    }

    // ------------------------------------------------------------------------------------------ decoding

    @Test
    void anUndecodablePayloadIsRefusedBeforeAnything() {
        PaymentPayload good = PAYER.pay(req(), RESOURCE);
        for (String bad : List.of("not base64!", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}), "")) {
            VerifyResult r = scheme.verify(SolanaFixtures.withTransaction(good, bad), req());
            assertThat(r).isInstanceOfSatisfying(VerifyResult.Invalid.class, i -> assertThat(i.reason())
                    .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED));
        }
        assertThatThrownBy(() -> scheme.paymentId(SolanaFixtures.withTransaction(good, "AAAA"), req()))
                .isInstanceOfSatisfying(InvalidPaymentException.class, e -> assertThat(e.reason())
                        .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED));
    }

    // ------------------------------------------------------------------------------------------ requirements

    @Test
    void schemeAndNetworkMustMatch() {
        PaymentPayload p = PAYER.pay(req(), RESOURCE);
        PaymentRequirements upto = new PaymentRequirements("upto", DEVNET.toString(), req().amount(), MINT, PAY_TO, 60,
                req().extra());
        assertThat(refusal(p, upto).reason()).isEqualTo(ErrorReason.UNSUPPORTED_SCHEME);

        PaymentRequirements mainnet = req().withNetwork("solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp");
        assertThat(refusal(p, mainnet).reason()).isEqualTo(SolanaReasons.NETWORK_MISMATCH);
    }

    @Test
    void onlyTheCataloguesUsdcAndConfiguredMintsAreServedAndOthersAreRefusedWithoutTheChain() {
        String devnetUsdc = NetworkRegistry.defaults().byChainId(DEVNET).flatMap(n -> n.usdc()).orElseThrow()
                .address();
        SolanaExactScheme byDefault = schemeWith(SolanaNetworkConfig.of(DEVNET, URI.create("http://127.0.0.1:9")));
        PaymentRequirements inUsdc = requirements(DEVNET.toString(), devnetUsdc, PAY_TO, 10_000,
                extra(FEE_PAYER.address(), 6, TOKEN, BLOCKHASH));
        PaymentPayload usdcPayment = PAYER.pay(inUsdc, RESOURCE);
        assertThat(byDefault.offlineChecks().check(usdcPayment, inUsdc,
                        dev.x402j.solana.internal.ExactSvmPayload.decode(usdcPayment.payload())).invalid())
                .as("devnet's catalogue USDC is served by default").isNull();

        PaymentPayload p = PAYER.pay(req(), RESOURCE);
        VerifyResult refused = byDefault.verify(p, req());
        assertThat(refused).as("refused before any RPC (none answers here)")
                .isInstanceOfSatisfying(VerifyResult.Invalid.class, i -> {
                    assertThat(i.reason()).isEqualTo(ErrorReason.INVALID_PAYMENT_REQUIREMENTS);
                    assertThat(i.message()).contains(MINT).contains(devnetUsdc).contains("withAssets")
                            .contains("x402j.solana.assets");
                });
        ObjectNode onlyBlockhash = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("feePayer", FEE_PAYER.address()).put("recentBlockhash", BLOCKHASH);
        assertThat(byDefault.enrich(req().withExtra(onlyBlockhash)).extra().has("decimals"))
                .as("enrich does not read an unserved mint (a read would fail here: no node)").isFalse();
        assertThat(check(scheme, p).invalid()).as("added with withAssets, it is served").isNull();
    }

    @Test
    void theV1NameOfTheNetworkIsTheSameNetwork() {
        PaymentRequirements v1 = req().withNetwork("solana-devnet");
        PaymentPayload p = PAYER.pay(v1, RESOURCE);
        assertThat(scheme.offlineChecks().check(p, v1, dev.x402j.solana.internal.ExactSvmPayload.decode(p.payload())).invalid())
                .isNull();
    }

    @Test
    void theFeePayerMustBeNamedAndBeOneOfOurs() {
        PaymentPayload p = PAYER.pay(req(), RESOURCE);
        ObjectNode none = req().extra();
        none.remove("feePayer");
        assertThat(refusal(p, req().withExtra(none)).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MISSING_FEE_PAYER);

        ObjectNode foreign = req().extra().put("feePayer", SolanaFixtures.randomAddress());
        assertThat(refusal(p, req().withExtra(foreign)).reason())
                .isEqualTo(SolanaReasons.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR);

        PaymentPayload paidByStranger = pay(draft().withFeePayer(SolanaFixtures.randomAddress()));
        assertThat(refusal(paidByStranger).reason()).isEqualTo(SolanaReasons.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR);
    }

    @Test
    void anyOfOurFeePayersMayPayEvenIfRequirementsNamedAnother() {
        PaymentPayload p = pay(draft().withFeePayer(OTHER_FEE_PAYER.address()));
        assertThat(scheme.offlineChecks().check(p, req(), dev.x402j.solana.internal.ExactSvmPayload.decode(p.payload())).invalid())
                .isNull();
    }

    // ------------------------------------------------------------------------------------------ layout

    @Test
    void threeToSixInstructions() {
        Draft d = draft();
        assertThat(refusal(pay(d.withInstructions(d.instructions().subList(0, 2)))).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH);
        Draft seven = d.plus(SolanaInstruction.memo("a"), SolanaInstruction.memo("b"), SolanaInstruction.memo("c"));
        assertThat(refusal(pay(seven)).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH);
    }

    @Test
    void theFirstTwoAreTheComputeBudget() {
        Draft d = draft();
        assertThat(refusal(pay(d.withInstruction(0, SolanaInstruction.memo("x")))).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_LIMIT_INSTRUCTION);
        assertThat(refusal(pay(d.withInstruction(0, SolanaInstruction.computeUnitPrice(1)))).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_LIMIT_INSTRUCTION);
        assertThat(refusal(pay(d.withInstruction(1, SolanaInstruction.computeUnitLimit(1)))).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION);
    }

    @Test
    void theComputeUnitPriceIsCappedAtFiveLamports() {
        Draft atCap = draft().withInstruction(1, SolanaInstruction.computeUnitPrice(5_000_000));
        PaymentPayload ok = pay(atCap);
        assertThat(scheme.offlineChecks().check(ok, req(), dev.x402j.solana.internal.ExactSvmPayload.decode(ok.payload()))
                        .invalid())
                .isNull();

        Draft over = draft().withInstruction(1, SolanaInstruction.computeUnitPrice(5_000_001));
        assertThat(refusal(pay(over)).reason()).isEqualTo(
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH);
        Draft huge = draft().withInstruction(1, SolanaInstruction.computeUnitPrice(-1)); // u64 max
        assertThat(refusal(pay(huge)).reason()).isEqualTo(
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH);
    }

    private static SolanaExactScheme schemeWith(SolanaNetworkConfig config) {
        return (SolanaExactScheme) SolanaSchemes.exact(config, List.of(FEE_PAYER, OTHER_FEE_PAYER),
                Clock.systemUTC(), NetworkRegistry.defaults());
    }

    private static OfflineChecks.Offline check(SolanaExactScheme s, PaymentPayload p) {
        return s.offlineChecks().check(p, req(), dev.x402j.solana.internal.ExactSvmPayload.decode(p.payload()));
    }

    @Test
    void theComputeUnitLimitIsCappedAt200000ByDefaultAndConfigurable() {
        PaymentPayload atCap = pay(draft().withInstruction(0, SolanaInstruction.computeUnitLimit(200_000)));
        assertThat(check(scheme, atCap).invalid()).isNull();

        VerifyResult.Invalid over = refusal(pay(draft().withInstruction(0, SolanaInstruction.computeUnitLimit(200_001))));
        assertThat(over.reason()).isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_COMPUTE_UNIT_LIMIT_TOO_HIGH);
        assertThat(over.message()).contains("200001").contains("200000");
        assertThat(over.payer()).isEqualTo(PAYER.address());
        Draft u32Max = draft().withInstruction(0, SolanaInstruction.computeUnitLimit(-1));
        assertThat(refusal(pay(u32Max)).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_COMPUTE_UNIT_LIMIT_TOO_HIGH);

        SolanaExactScheme lower = schemeWith(LOCAL.withMaxComputeUnitLimit(10_000));
        assertThat(check(lower, PAYER.pay(req(), RESOURCE)).invalid().reason())
                .as("the official client's 20 000 units over a cap of 10 000")
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_COMPUTE_UNIT_LIMIT_TOO_HIGH);
    }

    @Test
    void theFeePayerPaysForAtMostTwoSignaturesByDefault() {
        SolanaPrivateKeySigner third = SolanaFixtures.randomSigner();
        SolanaInstruction memoSignedByAThird = SolanaInstruction.of(SolanaInstruction.MEMO_PROGRAM,
                List.of(new SolanaInstruction.Account(third.address(), true, false)), "m".getBytes());
        PaymentPayload threeSigners = pay(draft().withInstruction(3, memoSignedByAThird));

        VerifyResult.Invalid tooMany = refusal(threeSigners);
        assertThat(tooMany.reason()).isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TOO_MANY_SIGNATURES);
        assertThat(tooMany.message()).contains("requires 3 signatures").contains("at most 2");

        SolanaExactScheme three = schemeWith(LOCAL.withMaxSignatures(3));
        assertThat(check(three, threeSigners).invalid().reason())
                .as("within a cap of 3 the next rule speaks: the third signer has not signed")
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID);
        assertThat(check(schemeWith(LOCAL.withMaxSignatures(1)), PAYER.pay(req(), RESOURCE)).invalid().reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TOO_MANY_SIGNATURES);
    }

    @Test
    void theWholeFeeIsCappedEvenWhenLimitAndPriceAreEachWithinTheirCaps() {
        // 200 000 units (within the cap) at 5 lamports per unit (within the cap): 1 000 000 + 10 000 lamports.
        Draft d = draft().withInstruction(0, SolanaInstruction.computeUnitLimit(200_000))
                .withInstruction(1, SolanaInstruction.computeUnitPrice(5_000_000));
        VerifyResult.Invalid expensive = refusal(pay(d));
        assertThat(expensive.reason()).isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_FEE_TOO_HIGH);
        assertThat(expensive.message()).contains("1010000 lamports").contains("the cap is 110000");

        assertThat(check(schemeWith(LOCAL.withMaxFeeLamports(1_010_000)), pay(d)).invalid()).isNull();
        // The official client's fee: 2 × 5 000 + 20 000 units × 1 micro-lamport (0.02 lamport, rounded up to 1).
        PaymentPayload official = PAYER.pay(req(), RESOURCE);
        assertThat(check(schemeWith(LOCAL.withMaxFeeLamports(10_001)), official).invalid()).isNull();
        assertThat(check(schemeWith(LOCAL.withMaxFeeLamports(10_000)), official).invalid().reason())
                .as("the priority fee is rounded up, as the runtime charges it")
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_FEE_TOO_HIGH);
    }

    @Test
    void theFeeIsTheBaseFeePerSignaturePlusThePriorityFeeRoundedUp() {
        assertThat(OfflineChecks.fee(2, 20_000, BigInteger.ONE)).isEqualTo(BigInteger.valueOf(10_001));
        assertThat(OfflineChecks.fee(2, 1_000_000, BigInteger.ONE)).isEqualTo(BigInteger.valueOf(10_001));
        assertThat(OfflineChecks.fee(2, 1_000_001, BigInteger.ONE)).isEqualTo(BigInteger.valueOf(10_002));
        assertThat(OfflineChecks.fee(1, 0, BigInteger.ZERO)).isEqualTo(BigInteger.valueOf(5_000));
        assertThat(OfflineChecks.fee(2, 4_294_967_295L, new BigInteger("18446744073709551615")))
                .as("u32 × u64 does not overflow")
                .isEqualTo(new BigInteger("4294967295").multiply(new BigInteger("18446744073709551615"))
                        .add(BigInteger.valueOf(999_999)).divide(BigInteger.valueOf(1_000_000))
                        .add(BigInteger.valueOf(10_000)));
    }

    @Test
    void theThirdIsTransferCheckedOfATokenProgram() {
        Draft d = draft();
        assertThat(refusal(pay(d.withInstruction(2, SolanaInstruction.memo("not a transfer")))).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION);
        SolanaInstruction t = d.instructions().get(2);
        byte[] plainTransfer = t.data();
        plainTransfer[0] = 3;
        assertThat(refusal(pay(d.withInstruction(2, SolanaInstruction.of(TOKEN, t.accounts(), plainTransfer))))
                        .reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION);
        SolanaInstruction fakeProgram = SolanaInstruction.of(SolanaFixtures.randomAddress(), t.accounts(), t.data());
        assertThat(refusal(pay(d.withInstruction(2, fakeProgram))).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION);
    }

    @Test
    void onlyMemoAndLighthouseMayFollowNamingThePosition() {
        SolanaInstruction unknown = SolanaInstruction.of(SolanaFixtures.randomAddress(), List.of(), new byte[] {9});
        Draft three = draft().withInstructions(draft().instructions().subList(0, 3));
        assertThat(refusal(pay(three.plus(unknown))).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION);
        assertThat(refusal(pay(three.plus(SolanaInstruction.memo("m"), unknown))).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FIFTH_INSTRUCTION);
        assertThat(refusal(pay(three.plus(SolanaInstruction.memo("m"), SolanaInstruction.memo("n"), unknown)))
                        .reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_SIXTH_INSTRUCTION);
        SolanaInstruction systemTransfer = SolanaInstruction.of("11111111111111111111111111111111", List.of(),
                new byte[] {2, 0, 0, 0});
        assertThat(refusal(pay(three.plus(systemTransfer))).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION);
    }

    // ------------------------------------------------------------------------------------------ the transfer

    @Test
    void ourFeePayerMustNotAuthorizeTheTransfer() {
        Draft d = draft().withInstruction(2, transfer(ata(FEE_PAYER.address()), MINT, ata(PAY_TO), FEE_PAYER.address(),
                10_000));
        assertThat(refusal(pay(d)).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS);
        Draft other = draft().withInstruction(2, transfer(ata(PAYER.address()), MINT, ata(PAY_TO),
                OTHER_FEE_PAYER.address(), 10_000));
        assertThat(refusal(pay(other)).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS);
    }

    @Test
    void ourFeePayersTokensMustNotBeTheSource() {
        Draft fromOurAta = draft().withInstruction(2, transfer(ata(OTHER_FEE_PAYER.address()), MINT, ata(PAY_TO),
                PAYER.address(), 10_000));
        assertThat(refusal(pay(fromOurAta)).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS);
        Draft fromOurAccount = draft().withInstruction(2, transfer(FEE_PAYER.address(), MINT, ata(PAY_TO),
                PAYER.address(), 10_000));
        assertThat(refusal(pay(fromOurAccount)).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS);
    }

    @Test
    void mintRecipientAndAmountMustMatchExactly() {
        String otherMint = SolanaFixtures.randomAddress();
        Draft wrongMint = draft().withInstruction(2, transfer(
                SolanaPaymentSigner.associatedTokenAddress(PAYER.address(), otherMint, TOKEN), otherMint,
                SolanaPaymentSigner.associatedTokenAddress(PAY_TO, otherMint, TOKEN), PAYER.address(), 10_000));
        assertThat(refusal(pay(wrongMint)).reason()).isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MINT_MISMATCH);

        Draft wrongRecipient = draft().withInstruction(2, transfer(ata(PAYER.address()), MINT,
                ata(SolanaFixtures.randomAddress()), PAYER.address(), 10_000));
        assertThat(refusal(pay(wrongRecipient)).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH);
        Draft toTheOwnerNotItsAta = draft().withInstruction(2, transfer(ata(PAYER.address()), MINT, PAY_TO,
                PAYER.address(), 10_000));
        assertThat(refusal(pay(toTheOwnerNotItsAta)).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH);
        Draft token2022Ata = draft().withInstruction(2, transfer(ata(PAYER.address()), MINT,
                SolanaPaymentSigner.associatedTokenAddress(PAY_TO, MINT, SolanaInstruction.TOKEN_2022_PROGRAM),
                PAYER.address(), 10_000));
        assertThat(refusal(pay(token2022Ata)).reason())
                .as("the ATA must be the one of the transfer's own token program")
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH);

        for (long amount : new long[] {9_999, 10_001, 0}) {
            Draft d = draft().withInstruction(2, transfer(ata(PAYER.address()), MINT, ata(PAY_TO), PAYER.address(),
                    amount));
            assertThat(refusal(pay(d)).reason()).isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_AMOUNT_MISMATCH);
        }
    }

    @Test
    void ourFeePayerMustNotAppearInAnyInstruction() {
        SolanaInstruction memoSignedByUs = SolanaInstruction.of(SolanaInstruction.MEMO_PROGRAM,
                List.of(new SolanaInstruction.Account(FEE_PAYER.address(), true, false)), "m".getBytes());
        Draft d = draft().withInstruction(3, memoSignedByUs);
        assertThat(refusal(pay(d)).reason()).isEqualTo(
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS);

        SolanaInstruction t = draft().instructions().get(2);
        List<SolanaInstruction.Account> withMultisigSigner = new java.util.ArrayList<>(t.accounts());
        withMultisigSigner.add(new SolanaInstruction.Account(OTHER_FEE_PAYER.address(), true, false));
        Draft e = draft().withInstruction(2, SolanaInstruction.of(TOKEN, withMultisigSigner, t.data()));
        assertThat(refusal(pay(e)).reason())
                .as("a third signer is over the default cap of two signatures, which is checked first")
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TOO_MANY_SIGNATURES);
        assertThat(check(schemeWith(LOCAL.withMaxSignatures(3)), pay(e)).invalid().reason()).isEqualTo(
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS);
    }

    // ------------------------------------------------------------------------------------------ memo

    @Test
    void aRequiredMemoMustBeTheOnlyMemoAndMatch() {
        PaymentRequirements withMemo = req().withExtra(req().extra().put("memo", "order-42"));
        PaymentPayload right = PAYER.pay(withMemo, RESOURCE);
        assertThat(scheme.offlineChecks().check(right, withMemo,
                        dev.x402j.solana.internal.ExactSvmPayload.decode(right.payload())).invalid())
                .isNull();

        Draft d = PAYER.draft(withMemo);
        assertThat(refusal(PAYER.pay(withMemo, RESOURCE, d.withInstruction(3, SolanaInstruction.memo("order-43"))),
                        withMemo).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MEMO_MISMATCH);
        assertThat(refusal(PAYER.pay(withMemo, RESOURCE, d.plus(SolanaInstruction.memo("order-42"))), withMemo)
                        .reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MEMO_COUNT);
        assertThat(refusal(PAYER.pay(withMemo, RESOURCE, d.withInstructions(d.instructions().subList(0, 3))),
                        withMemo).reason())
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MEMO_COUNT);
    }

    // ------------------------------------------------------------------------------------------ signatures

    @Test
    void thePayersSignatureMustVerify() {
        PaymentPayload flipped = SolanaFixtures.withFlippedPayerSignature(PAYER.pay(req(), RESOURCE));
        assertThat(refusal(flipped).reason()).isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID);

        PaymentPayload signedByAnother = SolanaFixtures.randomPayer().pay(req(), RESOURCE, draft());
        assertThat(refusal(signedByAnother).reason())
                .as("the draft's authority is PAYER, so its slot stays empty")
                .isEqualTo(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID);
    }

    // ------------------------------------------------------------------------------------------ identity

    @Test
    void thePaymentIdIsTheNetworkAndTheHashOfTheMessage() throws Exception {
        PaymentPayload p = PAYER.pay(req(), RESOURCE);
        byte[] message = dev.x402j.solana.internal.ExactSvmPayload.decode(p.payload()).messageBytes();
        String expected = DEVNET + "/" + Base58.encode(MessageDigest.getInstance("SHA-256").digest(message));

        assertThat(scheme.paymentId(p, req()).value()).isEqualTo(expected);
        assertThat(scheme.paymentId(SolanaFixtures.withFlippedPayerSignature(p), req()).value())
                .as("another signature of the same message is the same payment")
                .isEqualTo(expected);
        assertThat(scheme.paymentId(PAYER.pay(req(), RESOURCE), req()))
                .as("a new payment has a new memo nonce")
                .isNotEqualTo(scheme.paymentId(p, req()));
    }

    @Test
    void supportedNamesAFeePayerInRotationAndTheV1Name() {
        List<SupportedKind> first = scheme.supported();
        List<SupportedKind> second = scheme.supported();

        assertThat(first).extracting(k -> k.x402Version() + " " + k.network())
                .containsExactly("2 " + DEVNET, "1 solana-devnet");
        assertThat(List.of(first.get(0).extra().get("feePayer").asText(),
                        second.get(0).extra().get("feePayer").asText()))
                .containsExactlyInAnyOrder(FEE_PAYER.address(), OTHER_FEE_PAYER.address());
        assertThat(scheme.signerAddresses()).containsExactly(FEE_PAYER.address(), OTHER_FEE_PAYER.address());
        assertThat(scheme.scheme()).isEqualTo("exact");
        assertThat(scheme.network()).isEqualTo(DEVNET);
    }

    @Test
    void enrichLeavesWhatTheCallerSetAndNeedsNoChainThen() {
        PaymentRequirements complete = req();
        assertThat(scheme.enrich(complete).extra()).isEqualTo(complete.extra());
    }

    @Test
    void theFactoryRefusesBadFeePayers() {
        SolanaNetworkConfig config = SolanaNetworkConfig.of(DEVNET, URI.create("http://127.0.0.1:9"));
        assertThatThrownBy(() -> SolanaSchemes.exact(config, List.of(), Clock.systemUTC(), NetworkRegistry.defaults()))
                .hasMessageContaining("at least one fee payer");
        assertThatThrownBy(() -> SolanaSchemes.exact(config, List.of(FEE_PAYER, FEE_PAYER), Clock.systemUTC(),
                        NetworkRegistry.defaults()))
                .hasMessageContaining("twice");
        dev.x402j.core.ChainSigner evmLike = new dev.x402j.core.ChainSigner() {
            @Override
            public String address() {
                return "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
            }

            @Override
            public byte[] sign(byte[] message) {
                return new byte[64];
            }
        };
        assertThatThrownBy(() -> SolanaSchemes.exact(config, evmLike, Clock.systemUTC(), NetworkRegistry.defaults()))
                .hasMessageContaining("not a Solana address");
    }
}
