package dev.x402j.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.client.PaymentSigner;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.rpc.JsonRpcClient;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.solana.internal.Base58;
import dev.x402j.solana.internal.Ed25519;
import dev.x402j.solana.internal.ExactSvmPayload;
import dev.x402j.solana.internal.MessageCompiler;
import dev.x402j.solana.internal.Pda;
import dev.x402j.solana.internal.Programs;
import dev.x402j.solana.internal.Pubkey;
import dev.x402j.solana.internal.SolanaRpc;
import dev.x402j.solana.internal.Transaction;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The paying side of the {@code exact} scheme on Solana: builds and partially signs the transaction the official x402
 * client builds — a version-0 message whose fee payer is {@code extra.feePayer}, with SetComputeUnitLimit (20 000),
 * SetComputeUnitPrice (1 micro-lamport), TransferChecked of exactly {@code amount} from the payer's associated token
 * account to payTo's, and a Memo ({@code extra.memo}, or a random 16-byte hex nonce that keeps two equal payments
 * distinct) — and wraps it in an x402 v2 payment payload.
 *
 * <p>The blockhash, the mint's decimals and its token program come from {@code extra.recentBlockhash},
 * {@code extra.decimals} and {@code extra.tokenProgram} (a facilitator's {@code /accepts} fills them), else from the
 * RPC endpoint given with {@link #withRpc(URI)}.
 *
 * <p>Thread-safe. {@link #toString()} shows the address only; the key never leaves this object.
 */
public final class SolanaPaymentSigner implements PaymentSigner {
    /** The official client's compute unit limit. */
    public static final int DEFAULT_COMPUTE_UNIT_LIMIT = 20_000;
    /** The official client's compute unit price, in micro-lamports. */
    public static final long DEFAULT_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS = 1;
    /** The official client's limit on {@code extra.memo}. */
    public static final int MAX_MEMO_BYTES = 256;

    private final Ed25519.PrivateKey key;
    private final JsonRpcClient rpc;
    private final SecureRandom random;

    /**
     * A payment transaction before signing: its fee payer, recent blockhash and instructions. {@link #draft} gives the
     * official one; change it (tests craft payments the facilitator must refuse this way) and sign it with
     * {@link #pay(PaymentRequirements, ResourceInfo, Draft)}.
     */
    public record Draft(String feePayer, String recentBlockhash, List<SolanaInstruction> instructions) {
        public Draft {
            if (!Pubkey.isValid(feePayer)) {
                throw new IllegalArgumentException("feePayer " + feePayer + " is not a Solana address");
            }
            Base58.decode(recentBlockhash, 32, "recentBlockhash");
            instructions = List.copyOf(instructions);
        }

        public Draft withFeePayer(String newFeePayer) {
            return new Draft(newFeePayer, recentBlockhash, instructions);
        }

        public Draft withRecentBlockhash(String newBlockhash) {
            return new Draft(feePayer, newBlockhash, instructions);
        }

        public Draft withInstructions(List<SolanaInstruction> newInstructions) {
            return new Draft(feePayer, recentBlockhash, newInstructions);
        }

        /** A copy with instruction {@code index} replaced. */
        public Draft withInstruction(int index, SolanaInstruction instruction) {
            List<SolanaInstruction> copy = new ArrayList<>(instructions);
            copy.set(index, instruction);
            return withInstructions(copy);
        }

        /** A copy with {@code more} appended. */
        public Draft plus(SolanaInstruction... more) {
            List<SolanaInstruction> copy = new ArrayList<>(instructions);
            copy.addAll(List.of(more));
            return withInstructions(copy);
        }
    }

    private SolanaPaymentSigner(Ed25519.PrivateKey key, JsonRpcClient rpc, SecureRandom random) {
        this.key = key;
        this.rpc = rpc;
        this.random = random;
    }

    /**
     * A payment signer for a secret key in base58: 64 bytes (wallet / {@code solana-keygen} keypair) or a 32-byte seed.
     *
     * @throws IllegalArgumentException if it is not such a key (the message never contains the input)
     */
    public static SolanaPaymentSigner fromBase58(String secretKey) {
        return new SolanaPaymentSigner(SolanaPrivateKeySigner.parseKey(secretKey), null, new SecureRandom());
    }

    /** A payment signer for a secret key of 64 bytes (seed ‖ public key) or a 32-byte seed. */
    public static SolanaPaymentSigner fromBytes(byte[] secretKey) {
        return new SolanaPaymentSigner(Ed25519.privateKey(secretKey), null, new SecureRandom());
    }

    /** This signer, reading what {@code extra} lacks (blockhash, mint) from this JSON-RPC endpoint (10 s timeout). */
    public SolanaPaymentSigner withRpc(URI rpcUrl) {
        return withRpc(rpcUrl, SolanaNetworkConfig.DEFAULT_RPC_TIMEOUT);
    }

    public SolanaPaymentSigner withRpc(URI rpcUrl, Duration timeout) {
        Objects.requireNonNull(rpcUrl, "rpcUrl");
        Objects.requireNonNull(timeout, "timeout");
        RpcOptions options = RpcOptions.defaults().withRequestTimeout(timeout);
        return new SolanaPaymentSigner(key, SolanaRpc.client("solana client", null, List.of(rpcUrl), options), random);
    }

    /** The payer's address (base58 public key). */
    public String address() {
        return key.publicKey().base58();
    }

    /** The associated token account of {@code owner} for {@code mint} under {@code tokenProgram} (all base58). */
    public static String associatedTokenAddress(String owner, String mint, String tokenProgram) {
        return Pda.associatedTokenAddress(Pubkey.parse(owner, "owner"), Pubkey.parse(mint, "mint"),
                        Pubkey.parse(tokenProgram, "tokenProgram"))
                .base58();
    }

    @Override
    public boolean supports(PaymentRequirements requirements) {
        return "exact".equals(requirements.scheme())
                && requirements.network().startsWith("solana")
                && requirements.extraText("feePayer").filter(Pubkey::isValid).filter(f -> !f.equals(address()))
                        .isPresent()
                && Pubkey.isValid(requirements.asset())
                && Pubkey.isValid(requirements.payTo());
    }

    @Override
    public PaymentPayload sign(PaymentRequirements requirements, ResourceInfo resource, Instant now) {
        return pay(requirements, resource);
    }

    /** Pays {@code req} exactly as the official client does. */
    public PaymentPayload pay(PaymentRequirements req, ResourceInfo resource) {
        return pay(req, resource, draft(req));
    }

    /**
     * The transaction the official client would build for {@code req}, not yet signed.
     *
     * @throws IllegalArgumentException if {@code req} lacks {@code extra.feePayer}, names the payer itself as fee
     *     payer, names invalid addresses or has a memo over 256 bytes
     * @throws IllegalStateException if the blockhash or the mint must be read and no RPC endpoint was given, or the
     *     asset is not a mint
     */
    public Draft draft(PaymentRequirements req) {
        Objects.requireNonNull(req, "req");
        String feePayer = req.extraText("feePayer").filter(s -> !s.isBlank()).orElseThrow(() ->
                new IllegalArgumentException("requirements.extra.feePayer is required for Solana payments"));
        if (feePayer.equals(address())) {
            // Signing slot 0 with our own key would make the payer pay the fees the facilitator promised to pay.
            throw new IllegalArgumentException("requirements.extra.feePayer " + feePayer + " is this payer's own"
                    + " address: the payer would pay the transaction's fees; refusing to sign");
        }
        Pubkey mint = Pubkey.parse(req.asset(), "requirements.asset");
        Pubkey payTo = Pubkey.parse(req.payTo(), "requirements.payTo");
        String memo = req.extraText("memo").filter(s -> !s.isEmpty()).orElse(null);
        if (memo != null && memo.getBytes(StandardCharsets.UTF_8).length > MAX_MEMO_BYTES) {
            throw new IllegalArgumentException("requirements.extra.memo exceeds " + MAX_MEMO_BYTES + " bytes");
        }

        Optional<String> blockhash = req.extraText("recentBlockhash").filter(s -> !s.isBlank());
        Optional<Integer> decimals = number(req.extra().get("decimals"));
        Optional<String> tokenProgram = req.extraText("tokenProgram").filter(Pubkey::isValid)
                .filter(p -> Programs.isTokenProgram(Pubkey.parse(p)));
        if (blockhash.isEmpty() || decimals.isEmpty() || tokenProgram.isEmpty()) {
            Chain read = read(mint, decimals.isEmpty() || tokenProgram.isEmpty(), blockhash.isEmpty());
            blockhash = blockhash.or(() -> Optional.ofNullable(read.blockhash()));
            decimals = decimals.or(() -> Optional.ofNullable(read.decimals()));
            tokenProgram = tokenProgram.or(() -> Optional.ofNullable(read.tokenProgram()));
        }
        Pubkey program = Pubkey.parse(tokenProgram.orElseThrow());
        Pubkey source = Pda.associatedTokenAddress(key.publicKey(), mint, program);
        Pubkey destination = Pda.associatedTokenAddress(payTo, mint, program);
        List<SolanaInstruction> instructions = List.of(
                SolanaInstruction.computeUnitLimit(DEFAULT_COMPUTE_UNIT_LIMIT),
                SolanaInstruction.computeUnitPrice(DEFAULT_COMPUTE_UNIT_PRICE_MICRO_LAMPORTS),
                SolanaInstruction.transferChecked(program.base58(), source.base58(), mint.base58(),
                        destination.base58(), address(), req.amount(), decimals.orElseThrow()),
                SolanaInstruction.memo(memo != null ? memo : nonce()));
        return new Draft(feePayer, blockhash.orElseThrow(), instructions);
    }

    /**
     * Compiles {@code draft} into a version-0 message, signs the payer's slot (when the payer is a signer; every other
     * slot stays empty for its owner, the fee payer's for the facilitator) and wraps it in a v2 payload accepting
     * {@code req}. Nothing is checked against {@code req}, so tests can build payments that must be refused.
     */
    public PaymentPayload pay(PaymentRequirements req, ResourceInfo resource, Draft draft) {
        Objects.requireNonNull(req, "req");
        Objects.requireNonNull(draft, "draft");
        Transaction tx = Transaction.unsigned(MessageCompiler.compileV0(
                Pubkey.parse(draft.feePayer()),
                draft.instructions().stream().map(SolanaInstruction::toInternal).toList(),
                Base58.decode(draft.recentBlockhash(), 32, "recentBlockhash")));
        if (tx.message().signers().contains(key.publicKey())) {
            tx = tx.sign(key);
        }
        return new PaymentPayload(2, resource, req, ExactSvmPayload.encode(tx), null);
    }

    /** Base64 of the signed-by-payer wire transaction of a payload this class produced. */
    public static String transactionOf(PaymentPayload payload) {
        return payload.payload().path("transaction").asText();
    }

    /** What was read from the chain; fields not asked for are null. */
    private record Chain(String blockhash, Integer decimals, String tokenProgram) {}

    private Chain read(Pubkey mint, boolean readMint, boolean readBlockhash) {
        if (rpc == null) {
            throw new IllegalStateException("requirements.extra lacks "
                    + (readBlockhash ? "recentBlockhash " : "") + (readMint ? "decimals/tokenProgram " : "")
                    + "and this signer has no RPC endpoint to read them: use withRpc(url) or a facilitator's /accepts");
        }
        List<Call> calls = new ArrayList<>();
        if (readMint) {
            calls.add(Call.of("getAccountInfo", mint.base58(), Map.of("encoding", "base64", "commitment", "confirmed")));
        }
        if (readBlockhash) {
            calls.add(Call.of("getLatestBlockhash", Map.of("commitment", "confirmed")));
        }
        List<Answer> answers = rpc.batch(calls);
        for (Answer a : answers) {
            if (a.failed()) {
                throw new ChainUnavailableException("solana", "the client's RPC endpoint " + rpc.endpoints().get(0)
                        + " refused " + a.error().method() + ": " + a.error().rpcMessage(), a.error());
            }
        }
        int i = 0;
        Integer decimals = null;
        String program = null;
        if (readMint) {
            JsonNode account = answers.get(i++).get().path("value");
            String owner = account.path("owner").asText("");
            JsonNode data = account.path("data");
            byte[] bytes = data.isArray() && data.size() == 2 ? Base64.getDecoder().decode(data.get(0).asText()) : null;
            if (!Pubkey.isValid(owner) || !Programs.isTokenProgram(Pubkey.parse(owner)) || bytes == null
                    || bytes.length < 82) {
                throw new IllegalStateException("requirements.asset " + mint
                        + " is not an SPL Token or Token-2022 mint on this chain");
            }
            decimals = bytes[44] & 0xff;
            program = owner;
        }
        String blockhash = readBlockhash ? answers.get(i).get().path("value").path("blockhash").asText(null) : null;
        return new Chain(blockhash, decimals, program);
    }

    private static Optional<Integer> number(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (n.isIntegralNumber() && n.canConvertToInt()) {
            return Optional.of(n.asInt()).filter(d -> d >= 0 && d <= 255);
        }
        if (n.isTextual() && n.asText().matches("\\d{1,3}")) {
            return Optional.of(Integer.parseInt(n.asText())).filter(d -> d <= 255);
        }
        return Optional.empty();
    }

    private String nonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public String toString() {
        return "SolanaPaymentSigner[" + address() + "]";
    }
}
