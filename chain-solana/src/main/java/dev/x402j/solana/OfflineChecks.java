package dev.x402j.solana;

import dev.x402j.core.Asset;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.SchemeTarget;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.solana.internal.Ed25519;
import dev.x402j.solana.internal.Instruction;
import dev.x402j.solana.internal.Message;
import dev.x402j.solana.internal.Pda;
import dev.x402j.solana.internal.ProgramInstructions;
import dev.x402j.solana.internal.ProgramInstructions.TransferChecked;
import dev.x402j.solana.internal.Programs;
import dev.x402j.solana.internal.Pubkey;
import dev.x402j.solana.internal.Transaction;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every rule of verify that needs no chain, in this order: scheme → network → {@code extra.feePayer} → the
 * transaction's fee payer is ours → the mint is one this network serves → at most the capped number of required signatures → instruction layout (3 to 6:
 * compute limit within its cap, compute price within its cap, the whole fee within its cap, TransferChecked of SPL Token or Token-2022, then only Memo or Lighthouse) → our keys neither authorize nor fund the
 * transfer → mint → destination is the associated token account of payTo → exact amount → no instruction touches our
 * keys → memo → every signature but the fee payer's is valid.
 *
 * <p>The rules come in phases, because later ones read what earlier ones established: the envelope (addressing, fee
 * payer, requirements), the layout (which decides where the transfer is), the transfer, and the rest of the
 * transaction. Within a phase the first refusal wins. Immutable.
 */
final class OfflineChecks {
    static final int MIN_INSTRUCTIONS = 3;
    static final int MAX_INSTRUCTIONS = 6;
    /** Where the layout puts the transfer. */
    static final int TRANSFER_INDEX = 2;
    private static final List<ErrorReason> UNKNOWN_OPTIONAL_INSTRUCTION = List.of(
            SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION,
            SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FIFTH_INSTRUCTION,
            SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_SIXTH_INSTRUCTION);

    /** What the checks found: a refusal, or the transfer to look at on chain; and who pays. */
    record Offline(VerifyResult.Invalid invalid, TransferChecked transfer, String payer) {}

    private record Refusal(ErrorReason reason, String message) {}

    /** Solana's base fee, per signature the transaction requires. */
    static final long LAMPORTS_PER_SIGNATURE = 5_000L;
    private static final BigInteger MICRO_LAMPORTS_PER_LAMPORT = BigInteger.valueOf(1_000_000L);

    private final SchemeTarget target;
    private final FeePayers feePayers;
    private final BigInteger maxComputeUnitPrice;
    private final long maxComputeUnitLimit;
    private final int maxSignatures;
    private final BigInteger maxFeeLamports;
    private final List<Asset> servedMints;

    /** @param servedMints the mints this network serves: the catalogue's USDC and the configured assets */
    OfflineChecks(SchemeTarget target, FeePayers feePayers, SolanaNetworkConfig config, List<Asset> servedMints) {
        this.target = target;
        this.feePayers = feePayers;
        this.maxComputeUnitPrice = BigInteger.valueOf(config.maxComputeUnitPriceMicroLamports());
        this.maxComputeUnitLimit = config.maxComputeUnitLimit();
        this.maxSignatures = config.maxSignatures();
        this.maxFeeLamports = BigInteger.valueOf(config.maxFeeLamports());
        this.servedMints = List.copyOf(servedMints);
    }

    /** Whether payments in {@code mint} are served here. */
    boolean serves(Pubkey mint) {
        return servedMints.stream().anyMatch(a -> Pubkey.parse(a.address()).equals(mint));
    }

    Offline check(PaymentPayload payload, PaymentRequirements req, Transaction tx) {
        Message m = tx.message();
        // Until the transfer is found, the payer is named as the official SDK names it.
        String tokenPayer = tokenPayer(m);
        Optional<Refusal> envelope = addressedHere(payload, req)
                .or(() -> feePayerIsOurs(req, m))
                .or(() -> requirementsNameAccounts(req))
                .or(() -> mintServed(req))
                .or(() -> noLookupTables(m))
                .or(() -> signaturesWithinCap(m));
        if (envelope.isPresent()) {
            return refused(envelope.get(), tokenPayer);
        }
        List<Instruction> ixs = m.decompile();
        Optional<Refusal> layout = instructionCount(ixs).or(() -> computeBudget(m, ixs));
        if (layout.isPresent()) {
            return refused(layout.get(), tokenPayer);
        }
        Optional<TransferChecked> parsed = ProgramInstructions.transferChecked(ixs.get(TRANSFER_INDEX));
        if (parsed.isEmpty()) {
            return refused(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION,
                    "instruction 2 must be TransferChecked of the SPL Token or Token-2022 program"), tokenPayer);
        }
        TransferChecked transfer = parsed.get();
        String payer = transfer.authority().base58();
        return notFundedByUs(transfer)
                .or(() -> paysWhatIsRequired(transfer, req))
                .or(() -> onlyMemoOrLighthouseFollow(ixs))
                .or(() -> noInstructionUsesOurKeys(ixs))
                .or(() -> memoAsRequired(req, ixs))
                .or(() -> signedByEveryoneElse(tx))
                .map(why -> refused(why, payer))
                .orElseGet(() -> new Offline(null, transfer, payer));
    }

    private static Offline refused(Refusal why, String payer) {
        return new Offline(new VerifyResult.Invalid(why.reason(), why.message(), payer), null, payer);
    }

    /** The owner of the first token instruction's source (its fourth account), as the official SDK names the payer. */
    static String tokenPayer(Message m) {
        List<Pubkey> keys = m.accountKeys();
        for (Message.CompiledInstruction ix : m.instructions()) {
            int[] accounts = ix.accountIndexes();
            if (Programs.isTokenProgram(keys.get(ix.programIdIndex())) && accounts.length >= 4
                    && accounts[3] < keys.size()) {
                return keys.get(accounts[3]).base58();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ the envelope

    private Optional<Refusal> addressedHere(PaymentPayload payload, PaymentRequirements req) {
        return target.schemeMismatch(payload, req)
                .map(why -> new Refusal(ErrorReason.UNSUPPORTED_SCHEME, why))
                .or(() -> target.networkMismatch(payload, req)
                        .map(why -> new Refusal(SolanaReasons.NETWORK_MISMATCH, why)));
    }

    /** The requirements name one of our fee payers, and so does the transaction (not necessarily the same one). */
    private Optional<Refusal> feePayerIsOurs(PaymentRequirements req, Message m) {
        Optional<String> named = req.extraText("feePayer").filter(s -> !s.isBlank());
        if (named.isEmpty()) {
            return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MISSING_FEE_PAYER,
                    "requirements.extra.feePayer must name the facilitator's fee payer"));
        }
        if (!feePayers.isOurs(named.get())) {
            return Optional.of(new Refusal(SolanaReasons.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR,
                    "requirements.extra.feePayer " + named.get() + " is not a fee payer of this facilitator"));
        }
        if (!feePayers.isOurs(m.feePayer())) {
            return Optional.of(new Refusal(SolanaReasons.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR,
                    "the transaction's fee payer " + m.feePayer() + " is not a fee payer of this facilitator"));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> requirementsNameAccounts(PaymentRequirements req) {
        if (Pubkey.isValid(req.asset()) && Pubkey.isValid(req.payTo())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                "requirements.asset (the mint) and requirements.payTo must be Solana addresses"));
    }

    /** The fee payer only pays for payments in mints the operator chose to serve. */
    private Optional<Refusal> mintServed(PaymentRequirements req) {
        if (serves(Pubkey.parse(req.asset()))) {
            return Optional.empty();
        }
        String served = servedMints.isEmpty() ? "none" : servedMints.stream()
                .map(a -> a.symbol() + " " + a.address()).collect(Collectors.joining(", "));
        return Optional.of(new Refusal(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "requirements.asset " + req.asset()
                + " is not a mint served on " + target.network() + " (served: " + served + "); to serve it, add it"
                + " with SolanaNetworkConfig.withAssets or the setting x402j.solana.assets"));
    }

    private static Optional<Refusal> noLookupTables(Message m) {
        if (m.lookups().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED,
                "address lookup tables are not supported in an exact payment"));
    }

    /** The fee payer pays the base fee of every signature the transaction requires. */
    private Optional<Refusal> signaturesWithinCap(Message m) {
        if (m.numRequiredSignatures() <= maxSignatures) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TOO_MANY_SIGNATURES,
                "the transaction requires " + m.numRequiredSignatures() + " signatures; this facilitator pays for at"
                        + " most " + maxSignatures + " (the fee payer and the payer)"));
    }

    // ------------------------------------------------------------------------------------------ the layout

    private static Optional<Refusal> instructionCount(List<Instruction> ixs) {
        if (ixs.size() >= MIN_INSTRUCTIONS && ixs.size() <= MAX_INSTRUCTIONS) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH,
                "the transaction has " + ixs.size() + " instructions; an exact payment has " + MIN_INSTRUCTIONS
                        + " to " + MAX_INSTRUCTIONS));
    }

    /**
     * Instruction 0 sets a compute unit limit within the cap, instruction 1 a compute unit price within the cap, and
     * the fee they and the signatures make stays within the fee cap.
     */
    private Optional<Refusal> computeBudget(Message m, List<Instruction> ixs) {
        Optional<Long> limit = ProgramInstructions.computeUnitLimit(ixs.get(0));
        if (limit.isEmpty()) {
            return Optional.of(new Refusal(
                    SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_LIMIT_INSTRUCTION,
                    "instruction 0 must be ComputeBudget SetComputeUnitLimit"));
        }
        if (limit.get() > maxComputeUnitLimit) {
            return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_COMPUTE_UNIT_LIMIT_TOO_HIGH,
                    "compute unit limit " + limit.get() + " exceeds the cap of " + maxComputeUnitLimit));
        }
        Optional<BigInteger> price = ProgramInstructions.computeUnitPrice(ixs.get(1));
        if (price.isEmpty()) {
            return Optional.of(new Refusal(
                    SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION,
                    "instruction 1 must be ComputeBudget SetComputeUnitPrice"));
        }
        if (price.get().compareTo(maxComputeUnitPrice) > 0) {
            return Optional.of(new Refusal(
                    SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH,
                    "compute unit price " + price.get() + " micro-lamports exceeds the cap of "
                            + maxComputeUnitPrice));
        }
        BigInteger fee = fee(m.numRequiredSignatures(), limit.get(), price.get());
        if (fee.compareTo(maxFeeLamports) > 0) {
            return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_FEE_TOO_HIGH, "the transaction "
                    + "would cost the fee payer " + fee + " lamports (" + m.numRequiredSignatures() + " signatures, "
                    + limit.get() + " compute units at " + price.get() + " micro-lamports); the cap is "
                    + maxFeeLamports));
        }
        return Optional.empty();
    }

    /** What the fee payer is charged: the base fee per signature plus units × price, in lamports rounded up. */
    static BigInteger fee(int signatures, long computeUnitLimit, BigInteger microLamportsPerUnit) {
        BigInteger[] priority = BigInteger.valueOf(computeUnitLimit).multiply(microLamportsPerUnit)
                .divideAndRemainder(MICRO_LAMPORTS_PER_LAMPORT);
        BigInteger priorityLamports = priority[1].signum() > 0 ? priority[0].add(BigInteger.ONE) : priority[0];
        return BigInteger.valueOf(LAMPORTS_PER_SIGNATURE).multiply(BigInteger.valueOf(signatures)).add(priorityLamports);
    }

    // ------------------------------------------------------------------------------------------ the transfer

    /** Neither the transfer's authority nor its source is one of our keys or their token accounts. */
    private Optional<Refusal> notFundedByUs(TransferChecked transfer) {
        if (feePayers.isOurs(transfer.authority())) {
            return Optional.of(new Refusal(
                    SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS,
                    "the transfer's authority " + transfer.authority() + " is a fee payer of this facilitator"));
        }
        for (Pubkey ours : feePayers.keys()) {
            if (transfer.source().equals(ours)
                    || transfer.source().equals(Pda.associatedTokenAddress(ours, transfer.mint(), transfer.program()))) {
                return Optional.of(new Refusal(
                        SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS,
                        "the transfer's source " + transfer.source() + " belongs to fee payer " + ours));
            }
        }
        return Optional.empty();
    }

    /** The mint, the destination (payTo's associated token account) and the exact amount, in that order. */
    private static Optional<Refusal> paysWhatIsRequired(TransferChecked transfer, PaymentRequirements req) {
        Pubkey mint = Pubkey.parse(req.asset());
        if (!transfer.mint().equals(mint)) {
            return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MINT_MISMATCH,
                    "the transfer moves mint " + transfer.mint() + ", requirements.asset is " + req.asset()));
        }
        Pubkey expected = Pda.associatedTokenAddress(Pubkey.parse(req.payTo()), mint, transfer.program());
        if (!transfer.destination().equals(expected)) {
            return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH,
                    "the transfer pays " + transfer.destination() + ", not " + expected
                            + ", the associated token account of payTo " + req.payTo()));
        }
        if (!transfer.amount().equals(req.amount())) {
            return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_AMOUNT_MISMATCH, "the transfer moves "
                    + transfer.amount() + ", the required amount is " + req.amount()));
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------ the rest

    private static Optional<Refusal> onlyMemoOrLighthouseFollow(List<Instruction> ixs) {
        for (int i = MIN_INSTRUCTIONS; i < ixs.size(); i++) {
            Pubkey program = ixs.get(i).program();
            if (!Programs.MEMO.equals(program) && !Programs.LIGHTHOUSE.equals(program)) {
                return Optional.of(new Refusal(UNKNOWN_OPTIONAL_INSTRUCTION.get(i - MIN_INSTRUCTIONS), "instruction "
                        + i + " calls program " + program + "; only Memo and Lighthouse may follow the transfer"));
            }
        }
        return Optional.empty();
    }

    private Optional<Refusal> noInstructionUsesOurKeys(List<Instruction> ixs) {
        ErrorReason reason =
                SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS;
        for (int i = 0; i < ixs.size(); i++) {
            for (var account : ixs.get(i).accounts()) {
                if (feePayers.isOurs(account.address())) {
                    return Optional.of(new Refusal(reason,
                            "instruction " + i + " uses fee payer " + account.address() + " as an account"));
                }
            }
        }
        return Optional.empty();
    }

    /** When {@code extra.memo} is set, the transaction carries exactly one memo, that one. */
    private static Optional<Refusal> memoAsRequired(PaymentRequirements req, List<Instruction> ixs) {
        Optional<String> memo = req.extraText("memo").filter(s -> !s.isEmpty());
        if (memo.isEmpty()) {
            return Optional.empty();
        }
        List<String> memos = ixs.subList(MIN_INSTRUCTIONS, ixs.size()).stream()
                .map(ProgramInstructions::memoText)
                .flatMap(Optional::stream)
                .toList();
        if (memos.size() != 1) {
            return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MEMO_COUNT, "requirements.extra.memo "
                    + "is set: the transaction must carry exactly one memo, it carries " + memos.size()));
        }
        if (!memos.get(0).equals(memo.get())) {
            return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_MEMO_MISMATCH,
                    "the transaction's memo differs from requirements.extra.memo"));
        }
        return Optional.empty();
    }

    /** Every required signature but the fee payer's (slot 0, ours to add) is present and verifies. */
    private static Optional<Refusal> signedByEveryoneElse(Transaction tx) {
        Message m = tx.message();
        byte[] message = tx.messageBytes();
        for (int i = 1; i < m.numRequiredSignatures(); i++) {
            Pubkey signer = m.accountKeys().get(i);
            if (tx.isUnsigned(i)) {
                return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                        "signer " + signer + " has not signed the transaction"));
            }
            if (!Ed25519.verify(signer, message, tx.signature(i))) {
                return Optional.of(new Refusal(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                        "the signature of " + signer + " does not verify over the transaction's message"));
            }
        }
        return Optional.empty();
    }
}
