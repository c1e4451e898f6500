package dev.x402j.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.BroadcastRejectedException;
import dev.x402j.core.ChainId;
import dev.x402j.core.ChainSigner;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.Confirmation;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidPaymentException;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.PaymentId;
import dev.x402j.core.Scheme;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import dev.x402j.core.rpc.JsonRpcClient;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.core.rpc.Polling;
import dev.x402j.solana.internal.Base58;
import dev.x402j.solana.internal.Ed25519;
import dev.x402j.solana.internal.ExactSvmPayload;
import dev.x402j.solana.internal.Instruction;
import dev.x402j.solana.internal.Message;
import dev.x402j.solana.internal.Pda;
import dev.x402j.solana.internal.ProgramInstructions;
import dev.x402j.solana.internal.ProgramInstructions.TransferChecked;
import dev.x402j.solana.internal.Programs;
import dev.x402j.solana.internal.Pubkey;
import dev.x402j.solana.internal.SolanaRpc;
import dev.x402j.solana.internal.Transaction;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code exact} scheme on one Solana network: the client partially signs a transaction whose fee payer is one of
 * the facilitator's keys; the facilitator checks it, co-signs as fee payer and sends it. Thread-safe; see
 * {@link SolanaSchemes#exact}.
 */
final class SolanaExactScheme implements Scheme {
    static final String EXACT = "exact";

    private static final Logger log = LoggerFactory.getLogger(SolanaExactScheme.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final int MIN_INSTRUCTIONS = 3;
    private static final int MAX_INSTRUCTIONS = 6;
    private static final int TRANSFER_INDEX = 2;
    /** SPL Token's {@code TokenError::InsufficientFunds}. */
    private static final int TOKEN_ERROR_INSUFFICIENT_FUNDS = 1;
    private static final int MINT_DECIMALS_OFFSET = 44;
    private static final int MINT_SIZE = 82;
    private static final int TOKEN_ACCOUNT_AMOUNT_OFFSET = 64;
    private static final int REMEMBERED_BLOCKHASHES = 10_000;
    private static final List<ErrorReason> UNKNOWN_OPTIONAL_INSTRUCTION = List.of(
            ErrorReason.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FOURTH_INSTRUCTION,
            ErrorReason.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_FIFTH_INSTRUCTION,
            ErrorReason.INVALID_EXACT_SVM_PAYLOAD_UNKNOWN_SIXTH_INSTRUCTION);

    private final SolanaNetworkConfig config;
    private final ChainId network;
    private final String networkText;
    private final List<String> feePayerAddresses;
    private final Map<Pubkey, ChainSigner> feePayers;
    private final NetworkRegistry networks;
    private final JsonRpcClient rpc;
    private final AtomicLong rotation = new AtomicLong();
    private final Map<Pubkey, MintInfo> mints = new ConcurrentHashMap<>();
    /** Blockhash of each transaction prepared here, to tell a dropped transaction from a slow one. */
    private final Map<String, String> blockhashOfPrepared = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > REMEMBERED_BLOCKHASHES;
                }
            });
    private volatile boolean chainChecked;

    /** A mint's token program and decimals. */
    private record MintInfo(Pubkey tokenProgram, int decimals) {}

    /** What the offline checks found: a refusal, or the transfer to look at on chain. */
    record Offline(VerifyResult.Invalid invalid, TransferChecked transfer, String payer) {}

    SolanaExactScheme(SolanaNetworkConfig config, List<ChainSigner> signers, NetworkRegistry networks) {
        this.config = config;
        this.network = config.network();
        this.networkText = network.toString();
        Map<Pubkey, ChainSigner> byKey = new LinkedHashMap<>();
        for (ChainSigner s : signers) {
            byKey.put(Pubkey.parse(s.address(), "fee payer address"), s);
        }
        this.feePayers = java.util.Collections.unmodifiableMap(byKey);
        this.feePayerAddresses = byKey.keySet().stream().map(Pubkey::base58).toList();
        this.networks = networks;
        this.rpc = SolanaRpc.client(networkText, network.reference(), config.rpcUrls(), config.rpcOptions());
    }

    // ------------------------------------------------------------------------------------------ identity

    @Override
    public String scheme() {
        return EXACT;
    }

    @Override
    public ChainId network() {
        return network;
    }

    /** v2 with the CAIP-2 id and v1 with the network's name when the registry knows it; both name a fee payer. */
    @Override
    public List<SupportedKind> supported() {
        ObjectNode extra = JsonNodeFactory.instance.objectNode().put("feePayer", nextFeePayer());
        List<SupportedKind> kinds = new ArrayList<>();
        kinds.add(new SupportedKind(2, EXACT, networkText, extra));
        networks.byChainId(network).ifPresent(n -> kinds.add(new SupportedKind(1, EXACT, n.name(), extra)));
        return List.copyOf(kinds);
    }

    @Override
    public List<String> signerAddresses() {
        return feePayerAddresses;
    }

    /** The fee payers in rotation, so that load spreads over all of them. */
    private String nextFeePayer() {
        return feePayerAddresses.get((int) Math.floorMod(rotation.getAndIncrement(), feePayerAddresses.size()));
    }

    // ------------------------------------------------------------------------------------------ enrich

    /**
     * Fills what a client needs to pay without an RPC of its own: {@code feePayer} (in rotation), {@code decimals}
     * and {@code tokenProgram} (read from the mint once, then cached) and {@code recentBlockhash} (fresh every time).
     * Fields the caller set are kept.
     */
    @Override
    public PaymentRequirements enrich(PaymentRequirements requirements) {
        ObjectNode extra = requirements.extra();
        if (missing(extra, "feePayer")) {
            extra.put("feePayer", nextFeePayer());
        }
        boolean needMint = missing(extra, "decimals") || missing(extra, "tokenProgram");
        boolean needBlockhash = missing(extra, "recentBlockhash");
        Pubkey mint = Pubkey.isValid(requirements.asset()) ? Pubkey.parse(requirements.asset()) : null;
        if (mint == null) {
            needMint = false;
        }
        MintInfo known = mint == null ? null : mints.get(mint);
        boolean readMint = needMint && known == null;
        if (readMint || needBlockhash) {
            ensureChain();
            List<Call> calls = new ArrayList<>();
            if (readMint) {
                calls.add(Call.of("getAccountInfo", mint.base58(), Map.of("encoding", "base64", "commitment",
                        config.commitment())));
            }
            if (needBlockhash) {
                calls.add(Call.of("getLatestBlockhash", Map.of("commitment", config.commitment())));
            }
            List<Answer> answers = rpc.batch(calls);
            int i = 0;
            if (readMint) {
                known = mintInfo(mint, answer(answers.get(i++)).path("value")).orElse(null);
            }
            if (needBlockhash) {
                String blockhash = answer(answers.get(i)).path("value").path("blockhash").asText("");
                if (blockhash.isEmpty()) {
                    throw new ChainUnavailableException(networkText, "getLatestBlockhash answered no blockhash", null);
                }
                extra.put("recentBlockhash", blockhash);
            }
        }
        if (needMint && known != null) {
            if (missing(extra, "decimals")) {
                extra.put("decimals", known.decimals());
            }
            if (missing(extra, "tokenProgram")) {
                extra.put("tokenProgram", known.tokenProgram().base58());
            }
        }
        return requirements.withExtra(extra);
    }

    private static boolean missing(ObjectNode extra, String field) {
        JsonNode n = extra.get(field);
        return n == null || n.isNull() || (n.isTextual() && n.asText().isBlank());
    }

    /** Decimals and token program of a mint account (cached); empty when the account is not a mint. */
    private Optional<MintInfo> mintInfo(Pubkey mint, JsonNode account) {
        if (account == null || !account.isObject()) {
            log.debug("mint {} on {} does not exist", mint, networkText);
            return Optional.empty();
        }
        Pubkey owner = Pubkey.isValid(account.path("owner").asText()) ? Pubkey.parse(account.path("owner").asText()) : null;
        byte[] data = accountData(account);
        if (owner == null || !Programs.isTokenProgram(owner) || data == null || data.length < MINT_SIZE) {
            log.debug("account {} on {} is not an SPL Token or Token-2022 mint", mint, networkText);
            return Optional.empty();
        }
        MintInfo info = new MintInfo(owner, data[MINT_DECIMALS_OFFSET] & 0xff);
        mints.put(mint, info);
        return Optional.of(info);
    }

    private static byte[] accountData(JsonNode account) {
        JsonNode data = account.path("data");
        if (data.isArray() && data.size() == 2 && "base64".equals(data.get(1).asText())) {
            try {
                return Base64.getDecoder().decode(data.get(0).asText());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ verify

    @Override
    public VerifyResult verify(PaymentPayload payload, PaymentRequirements requirements) {
        Transaction tx;
        try {
            tx = ExactSvmPayload.decode(payload.payload());
        } catch (IllegalArgumentException e) {
            return VerifyResult.invalid(
                    ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED, e.getMessage(), null);
        }
        Offline offline = checkOffline(payload, requirements, tx);
        if (offline.invalid() != null) {
            return offline.invalid();
        }
        return checkOnChain(requirements, tx, offline.transfer(), offline.payer());
    }

    /**
     * Every rule that needs no chain, in this order: scheme → network → {@code extra.feePayer} → the transaction's fee
     * payer is ours → instruction layout (3 to 6: compute limit, compute price within the cap, TransferChecked of SPL
     * Token or Token-2022, then only Memo or Lighthouse) → our keys neither authorize nor fund the transfer → mint →
     * destination is the associated token account of payTo → exact amount → no instruction touches our keys → memo →
     * every signature but the fee payer's is valid.
     */
    Offline checkOffline(PaymentPayload payload, PaymentRequirements req, Transaction tx) {
        Message m = tx.message();
        String payer = tokenPayer(m);

        if (!EXACT.equals(payload.accepted().scheme()) || !EXACT.equals(req.scheme())) {
            return refuse(ErrorReason.UNSUPPORTED_SCHEME, "scheme must be '" + EXACT + "' (payment: '"
                    + payload.accepted().scheme() + "', requirements: '" + req.scheme() + "')", payer);
        }
        Optional<ChainId> paid = chainOf(payload.accepted().network());
        Optional<ChainId> required = chainOf(req.network());
        if (!paid.equals(Optional.of(network)) || !required.equals(Optional.of(network))) {
            return refuse(ErrorReason.NETWORK_MISMATCH, "payment is for network '" + payload.accepted().network()
                    + "', requirements for '" + req.network() + "'; this scheme serves " + networkText, payer);
        }
        Optional<String> feePayerWanted = req.extraText("feePayer").filter(s -> !s.isBlank());
        if (feePayerWanted.isEmpty()) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_MISSING_FEE_PAYER,
                    "requirements.extra.feePayer must name the facilitator's fee payer", payer);
        }
        if (!feePayerAddresses.contains(feePayerWanted.get())) {
            return refuse(ErrorReason.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR, "requirements.extra.feePayer "
                    + feePayerWanted.get() + " is not a fee payer of this facilitator", payer);
        }
        if (!feePayers.containsKey(m.feePayer())) {
            return refuse(ErrorReason.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR, "the transaction's fee payer "
                    + m.feePayer() + " is not a fee payer of this facilitator", payer);
        }
        if (!Pubkey.isValid(req.asset()) || !Pubkey.isValid(req.payTo())) {
            return refuse(ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                    "requirements.asset (the mint) and requirements.payTo must be Solana addresses", payer);
        }
        if (!m.lookups().isEmpty()) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED,
                    "address lookup tables are not supported in an exact payment", payer);
        }
        List<Instruction> ixs = m.decompile();

        if (ixs.size() < MIN_INSTRUCTIONS || ixs.size() > MAX_INSTRUCTIONS) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_LENGTH, "the transaction has "
                    + ixs.size() + " instructions; an exact payment has " + MIN_INSTRUCTIONS + " to " + MAX_INSTRUCTIONS,
                    payer);
        }
        if (ProgramInstructions.computeUnitLimit(ixs.get(0)).isEmpty()) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_LIMIT_INSTRUCTION,
                    "instruction 0 must be ComputeBudget SetComputeUnitLimit", payer);
        }
        Optional<BigInteger> price = ProgramInstructions.computeUnitPrice(ixs.get(1));
        if (price.isEmpty()) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION,
                    "instruction 1 must be ComputeBudget SetComputeUnitPrice", payer);
        }
        if (price.get().compareTo(BigInteger.valueOf(config.maxComputeUnitPriceMicroLamports())) > 0) {
            return refuse(
                    ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_INSTRUCTIONS_COMPUTE_PRICE_INSTRUCTION_TOO_HIGH,
                    "compute unit price " + price.get() + " micro-lamports exceeds the cap of "
                            + config.maxComputeUnitPriceMicroLamports(), payer);
        }
        Optional<TransferChecked> parsed = ProgramInstructions.transferChecked(ixs.get(TRANSFER_INDEX));
        if (parsed.isEmpty()) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_NO_TRANSFER_INSTRUCTION,
                    "instruction 2 must be TransferChecked of the SPL Token or Token-2022 program", payer);
        }
        TransferChecked transfer = parsed.get();
        payer = transfer.authority().base58();

        Pubkey mint = Pubkey.parse(req.asset());
        if (feePayers.containsKey(transfer.authority())) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS,
                    "the transfer's authority " + transfer.authority() + " is a fee payer of this facilitator", payer);
        }
        for (Pubkey ours : feePayers.keySet()) {
            if (transfer.source().equals(ours)
                    || transfer.source().equals(Pda.associatedTokenAddress(ours, transfer.mint(), transfer.program()))) {
                return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_TRANSFERRING_FUNDS,
                        "the transfer's source " + transfer.source() + " belongs to fee payer " + ours, payer);
            }
        }
        if (!transfer.mint().equals(mint)) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_MINT_MISMATCH, "the transfer moves mint "
                    + transfer.mint() + ", requirements.asset is " + req.asset(), payer);
        }
        Pubkey expected = Pda.associatedTokenAddress(Pubkey.parse(req.payTo()), mint, transfer.program());
        if (!transfer.destination().equals(expected)) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_RECIPIENT_MISMATCH, "the transfer pays "
                    + transfer.destination() + ", not " + expected + ", the associated token account of payTo "
                    + req.payTo(), payer);
        }
        if (!transfer.amount().equals(req.amount())) {
            return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_AMOUNT_MISMATCH, "the transfer moves "
                    + transfer.amount() + ", the required amount is " + req.amount(), payer);
        }
        for (int i = MIN_INSTRUCTIONS; i < ixs.size(); i++) {
            Pubkey program = ixs.get(i).program();
            if (!Programs.MEMO.equals(program) && !Programs.LIGHTHOUSE.equals(program)) {
                return refuse(UNKNOWN_OPTIONAL_INSTRUCTION.get(i - MIN_INSTRUCTIONS), "instruction " + i
                        + " calls program " + program + "; only Memo and Lighthouse may follow the transfer", payer);
            }
        }
        for (int i = 0; i < ixs.size(); i++) {
            for (var account : ixs.get(i).accounts()) {
                if (feePayers.containsKey(account.address())) {
                    return refuse(
                            ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_FEE_PAYER_INCLUDED_IN_INSTRUCTION_ACCOUNTS,
                            "instruction " + i + " uses fee payer " + account.address() + " as an account", payer);
                }
            }
        }
        Optional<String> memo = req.extraText("memo").filter(s -> !s.isEmpty());
        if (memo.isPresent()) {
            List<String> memos = ixs.subList(MIN_INSTRUCTIONS, ixs.size()).stream()
                    .map(ProgramInstructions::memoText)
                    .flatMap(Optional::stream)
                    .toList();
            if (memos.size() != 1) {
                return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_MEMO_COUNT, "requirements.extra.memo is set: the "
                        + "transaction must carry exactly one memo, it carries " + memos.size(), payer);
            }
            if (!memos.get(0).equals(memo.get())) {
                return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_MEMO_MISMATCH,
                        "the transaction's memo differs from requirements.extra.memo", payer);
            }
        }
        byte[] message = tx.messageBytes();
        for (int i = 1; i < m.numRequiredSignatures(); i++) {
            Pubkey signer = m.accountKeys().get(i);
            if (tx.isUnsigned(i)) {
                return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                        "signer " + signer + " has not signed the transaction", payer);
            }
            if (!Ed25519.verify(signer, message, tx.signature(i))) {
                return refuse(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                        "the signature of " + signer + " does not verify over the transaction's message", payer);
            }
        }
        return new Offline(null, transfer, payer);
    }

    private static Offline refuse(ErrorReason reason, String message, String payer) {
        return new Offline(new VerifyResult.Invalid(reason, message, payer), null, payer);
    }

    /** The owner of the first token instruction's source (its fourth account), as the official SDK names the payer. */
    private static String tokenPayer(Message m) {
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

    /**
     * The chain's part: the blockhash is still valid and the transaction has not landed yet (one batch), then a
     * simulation of the fee-payer-signed transaction with signature verification. A failed simulation is diagnosed:
     * the payer's token balance, an expired blockhash, else the node's error.
     */
    private VerifyResult checkOnChain(PaymentRequirements req, Transaction tx, TransferChecked transfer, String payer) {
        Transaction signed = signAsFeePayer(tx);
        String id = signed.id();
        String blockhash = tx.message().recentBlockhashBase58();
        ensureChain();
        List<Answer> a = rpc.batch(List.of(
                Call.of("isBlockhashValid", blockhash, Map.of("commitment", config.commitment())),
                Call.of("getSignatureStatuses", List.of(id), Map.of("searchTransactionHistory", true))));
        JsonNode status = answer(a.get(1)).path("value").path(0);
        if (status.isObject()) {
            return VerifyResult.invalid(ErrorReason.DUPLICATE_SETTLEMENT, "this transaction (" + id
                    + ") has already been sent, in slot " + status.path("slot").asText("?"), payer);
        }
        if (!answer(a.get(0)).path("value").asBoolean(false)) {
            return VerifyResult.invalid(ErrorReason.TRANSACTION_SIMULATION_FAILED, "the transaction's recent "
                    + "blockhash " + blockhash + " has expired (isBlockhashValid is false); sign a new transaction", payer);
        }
        JsonNode value;
        try {
            value = rpc.call("simulateTransaction", base64(signed), Map.of(
                    "encoding", "base64",
                    "sigVerify", true,
                    "replaceRecentBlockhash", false,
                    "commitment", config.commitment())).path("value");
        } catch (JsonRpcException e) {
            if (e.code() == SolanaRpc.TRANSACTION_SIGNATURE_VERIFICATION_FAILURE) {
                return VerifyResult.invalid(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                        "the node rejected the transaction's signatures: " + e.rpcMessage(), payer);
            }
            if (e.code() == SolanaRpc.INVALID_PARAMS) {
                return VerifyResult.invalid(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED,
                        "the node cannot read the transaction: " + e.rpcMessage(), payer);
            }
            throw unavailable(e);
        }
        JsonNode err = value.path("err");
        if (err.isMissingNode() || err.isNull()) {
            return VerifyResult.valid(payer);
        }
        return diagnose(err, value.path("logs"), transfer, req, payer);
    }

    /** Why a simulation failed, in payment terms where the cause is the payment's. */
    private VerifyResult diagnose(JsonNode err, JsonNode logs, TransferChecked transfer, PaymentRequirements req,
            String payer) {
        if (isTokenInsufficientFunds(err)) {
            return VerifyResult.invalid(ErrorReason.INSUFFICIENT_FUNDS, "the payer's token account "
                    + transfer.source() + " holds less than " + req.amount() + " of " + transfer.mint(), payer);
        }
        if ("BlockhashNotFound".equals(err.asText())) {
            return VerifyResult.invalid(ErrorReason.TRANSACTION_SIMULATION_FAILED, "the transaction's recent "
                    + "blockhash is unknown to the node (expired); sign a new transaction", payer);
        }
        JsonNode source = answer(rpc.batch(List.of(Call.of("getAccountInfo", transfer.source().base58(),
                Map.of("encoding", "base64", "commitment", config.commitment())))).get(0)).path("value");
        if (!source.isObject()) {
            return VerifyResult.invalid(ErrorReason.INSUFFICIENT_FUNDS, "the payer has no token account "
                    + transfer.source() + " for " + transfer.mint(), payer);
        }
        byte[] data = accountData(source);
        if (data != null && data.length >= TOKEN_ACCOUNT_AMOUNT_OFFSET + 8) {
            BigInteger held = new BigInteger(Long.toUnsignedString(ByteBuffer.wrap(data)
                    .order(ByteOrder.LITTLE_ENDIAN).getLong(TOKEN_ACCOUNT_AMOUNT_OFFSET)));
            if (held.compareTo(req.amount()) < 0) {
                return VerifyResult.invalid(ErrorReason.INSUFFICIENT_FUNDS, "the payer's token account "
                        + transfer.source() + " holds " + held + ", the payment moves " + req.amount(), payer);
            }
        }
        String why = "InsufficientFundsForFee".equals(err.asText())
                ? "the fee payer has too little SOL to pay the fee"
                : err.toString();
        return VerifyResult.invalid(ErrorReason.TRANSACTION_SIMULATION_FAILED,
                "simulation failed: " + why + lastLog(logs), payer);
    }

    /** {@code {"InstructionError":[2,{"Custom":1}]}}: the token program's InsufficientFunds in the transfer. */
    private static boolean isTokenInsufficientFunds(JsonNode err) {
        JsonNode ie = err.path("InstructionError");
        return ie.isArray() && ie.size() == 2 && ie.get(0).asInt(-1) == TRANSFER_INDEX
                && ie.get(1).path("Custom").asInt(-1) == TOKEN_ERROR_INSUFFICIENT_FUNDS;
    }

    private static String lastLog(JsonNode logs) {
        if (!logs.isArray() || logs.isEmpty()) {
            return "";
        }
        String last = logs.get(logs.size() - 1).asText("");
        return last.isEmpty() ? "" : " (" + (last.length() > 200 ? last.substring(0, 200) + "…" : last) + ")";
    }

    private Optional<ChainId> chainOf(String nameOrCaip2) {
        Optional<ChainId> known = networks.resolve(nameOrCaip2).map(Network::chainId);
        if (known.isPresent()) {
            return known;
        }
        try {
            return Optional.of(ChainId.parse(nameOrCaip2));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------------------------------ payment id

    /**
     * {@code <caip2>/<base58 SHA-256 of the transaction's message>}. The message, not a signature: it is what the chain
     * executes at most once, and it is the same however the payer's signature is produced (ed25519 lets a signer make
     * several valid signatures of one message), so two payloads that would pay once never count as two payments.
     */
    @Override
    public PaymentId paymentId(PaymentPayload payload, PaymentRequirements requirements) {
        Transaction tx = decodeOrThrow(payload);
        return new PaymentId(networkText + "/" + Base58.encode(sha256(tx.messageBytes())));
    }

    // ------------------------------------------------------------------------------------------ settle

    @Override
    public SignedTransaction prepareSettlement(PaymentPayload payload, PaymentRequirements requirements) {
        Transaction tx = decodeOrThrow(payload);
        if (!feePayers.containsKey(tx.message().feePayer())) {
            throw new InvalidPaymentException(ErrorReason.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR,
                    "the transaction's fee payer " + tx.message().feePayer() + " is not a fee payer of this facilitator");
        }
        Transaction signed = signAsFeePayer(tx);
        String id = signed.id();
        blockhashOfPrepared.put(id, tx.message().recentBlockhashBase58());
        log.info("prepared settlement {} on {}: fee payer {}, payer {}", id, networkText, tx.message().feePayer(),
                tokenPayer(tx.message()));
        return new SignedTransaction(id, signed.serialize());
    }

    /** Signs as the transaction's fee payer (slot 0) and checks what the signer answered. */
    private Transaction signAsFeePayer(Transaction tx) {
        Pubkey feePayer = tx.message().feePayer();
        ChainSigner signer = feePayers.get(feePayer);
        if (signer == null) {
            throw new InvalidPaymentException(ErrorReason.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR,
                    "the transaction's fee payer " + feePayer + " is not a fee payer of this facilitator");
        }
        byte[] message = tx.messageBytes();
        byte[] signature = signer.sign(message);
        if (signature == null || signature.length != Ed25519.SIGNATURE_LENGTH
                || !Ed25519.verify(feePayer, message, signature)) {
            throw new IllegalStateException("fee payer signer " + feePayer + " returned an invalid ed25519 signature");
        }
        return tx.withSignature(0, signature);
    }

    /**
     * Sends with preflight. "Already processed" is a success (the same bytes were sent before); a preflight or signature
     * failure is a definite refusal; anything else leaves the outcome unknown.
     */
    @Override
    public void broadcast(SignedTransaction transaction) {
        String id = transaction.reference();
        try {
            ensureChain();
            JsonNode answer = rpc.call("sendTransaction", Base64.getEncoder().encodeToString(transaction.bytes()),
                    Map.of("encoding", "base64", "skipPreflight", false, "preflightCommitment", config.commitment()));
            if (answer.isTextual() && !answer.asText().equals(id)) {
                log.warn("broadcast {} on {}: the node answered another signature, {}", id, networkText, answer.asText());
            }
            log.info("broadcast settlement {} on {}", id, networkText);
        } catch (JsonRpcException e) {
            JsonNode err = SolanaRpc.transactionError(e);
            if ((err != null && "AlreadyProcessed".equals(err.asText()))
                    || e.rpcMessage().contains("already been processed")) {
                log.debug("broadcast {} on {}: already processed", id, networkText);
                return;
            }
            if (SolanaRpc.isTransient(e)) {
                throw unavailable(e);
            }
            if (e.code() == SolanaRpc.SEND_TRANSACTION_PREFLIGHT_FAILURE) {
                ErrorReason reason = err != null && isTokenInsufficientFunds(err)
                        ? ErrorReason.INSUFFICIENT_FUNDS
                        : ErrorReason.TRANSACTION_SIMULATION_FAILED;
                log.warn("broadcast {} on {} refused by preflight: {}", id, networkText, e.rpcMessage());
                throw new BroadcastRejectedException(reason, "the node refused settlement transaction " + id + ": "
                        + e.rpcMessage());
            }
            if (e.code() == SolanaRpc.TRANSACTION_SIGNATURE_VERIFICATION_FAILURE) {
                throw new BroadcastRejectedException(ErrorReason.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                        "the node refused the signatures of settlement transaction " + id + ": " + e.rpcMessage());
            }
            if (e.code() == SolanaRpc.INVALID_PARAMS) {
                throw new BroadcastRejectedException(ErrorReason.TRANSACTION_FAILED,
                        "the node cannot read settlement transaction " + id + ": " + e.rpcMessage());
            }
            throw unavailable(e);
        }
    }

    /**
     * Polls {@code getSignatureStatuses} until the configured commitment: an error is {@code transaction_failed}. A
     * transaction still unseen when its blockhash has expired will never land and is reported failed too.
     */
    @Override
    public Confirmation confirm(String transaction, Duration timeout) {
        return Polling.until(networkText, timeout, POLL_INTERVAL, deadline -> {
            JsonNode status = signatureStatus(transaction);
            if (status.isObject()) {
                return Optional.ofNullable(outcome(transaction, status));
            } else if (deadline.passed() && dropped(transaction)) {
                log.warn("settlement {} on {} was dropped: its blockhash expired before it landed", transaction,
                        networkText);
                return Optional.of(new Confirmation.Failed(transaction, ErrorReason.TRANSACTION_FAILED, "settlement "
                        + "transaction " + transaction + " was dropped: its blockhash expired before it landed"));
            }
            return Optional.empty();
        }).orElseGet(() -> new Confirmation.Pending(transaction));
    }

    private JsonNode signatureStatus(String transaction) {
        return rpc.call("getSignatureStatuses", List.of(transaction), Map.of("searchTransactionHistory", true))
                .path("value")
                .path(0);
    }

    /** The outcome once the status reaches the configured commitment; {@code null} before. */
    private Confirmation outcome(String transaction, JsonNode status) {
        String level = status.path("confirmationStatus").asText("");
        if (level.isEmpty() && status.path("confirmations").isNull()) {
            level = "finalized"; // rooted
        }
        if (rank(level) < rank(config.commitment())) {
            return null;
        }
        JsonNode err = status.path("err");
        if (!err.isMissingNode() && !err.isNull()) {
            log.warn("settlement {} on {} failed in slot {}: {}", transaction, networkText,
                    status.path("slot").asText("?"), err);
            return new Confirmation.Failed(transaction, ErrorReason.TRANSACTION_FAILED, "settlement transaction "
                    + transaction + " failed in slot " + status.path("slot").asText("?") + ": " + err);
        }
        log.info("settlement {} on {} {} in slot {}", transaction, networkText, level, status.path("slot").asText("?"));
        return new Confirmation.Confirmed(transaction);
    }

    private static int rank(String commitment) {
        return switch (commitment) {
            case "processed" -> 0;
            case "confirmed" -> 1;
            case "finalized" -> 2;
            default -> -1;
        };
    }

    /**
     * Whether a transaction prepared here can no longer land: its blockhash is invalid even at {@code processed} and,
     * checked after that, the chain still has no status for it. Unknown (prepared by another instance) → false.
     */
    private boolean dropped(String transaction) {
        String blockhash = blockhashOfPrepared.get(transaction);
        if (blockhash == null) {
            return false;
        }
        boolean valid = rpc.call("isBlockhashValid", blockhash, Map.of("commitment", "processed"))
                .path("value")
                .asBoolean(true);
        return !valid && !signatureStatus(transaction).isObject();
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Checks once, on first use, that the endpoint serves this network (CAIP-2 reference = genesis hash prefix). */
    private void ensureChain() {
        if (chainChecked) {
            return;
        }
        String genesis;
        try {
            genesis = rpc.call("getGenesisHash").asText("");
        } catch (JsonRpcException e) {
            if (SolanaRpc.isTransient(e)) {
                throw unavailable(e);
            }
            log.warn("{} cannot tell its genesis hash ({}); assuming it serves {}", config.endpointForLogs(),
                    e.rpcMessage(), networkText);
            chainChecked = true;
            return;
        }
        String reference = network.reference();
        if (!genesis.startsWith(reference)) {
            throw new ChainUnavailableException(networkText, "the RPC endpoint " + config.endpointForLogs()
                    + " serves the chain with genesis hash " + genesis + ", not " + networkText + ": check its URL",
                    null);
        }
        chainChecked = true;
    }

    private JsonNode answer(Answer a) {
        if (a.failed()) {
            throw unavailable(a.error());
        }
        return a.result();
    }

    private ChainUnavailableException unavailable(JsonRpcException e) {
        return new ChainUnavailableException(networkText, e.getMessage(), e);
    }

    private static Transaction decodeOrThrow(PaymentPayload payload) {
        try {
            return ExactSvmPayload.decode(payload.payload());
        } catch (IllegalArgumentException e) {
            throw new InvalidPaymentException(
                    ErrorReason.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED, e.getMessage());
        }
    }

    private static String base64(Transaction tx) {
        return Base64.getEncoder().encodeToString(tx.serialize());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SolanaExactScheme[" + networkText + ", fee payers " + feePayerAddresses + ", rpc "
                + config.endpointForLogs() + "]";
    }
}
