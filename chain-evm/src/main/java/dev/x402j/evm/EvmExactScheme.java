package dev.x402j.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
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
import dev.x402j.evm.internal.Abi;
import dev.x402j.evm.internal.Eip1559Fees;
import dev.x402j.evm.internal.Eip1559Transaction;
import dev.x402j.evm.internal.Eip712;
import dev.x402j.evm.internal.EvmRpc;
import dev.x402j.evm.internal.ExactEvmPayload;
import dev.x402j.evm.internal.Hex;
import dev.x402j.evm.internal.NonceManager;
import dev.x402j.evm.internal.Secp256k1;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code exact} scheme on one EVM network: EIP-3009 {@code transferWithAuthorization}, settled from the
 * facilitator's keys in rotation, each with its own {@link NonceManager}. Thread-safe; see {@link EvmSchemes#exact}.
 */
final class EvmExactScheme implements Scheme {
    static final String EXACT = "exact";
    /** An authorization must stay valid at least this long after verification (as the official SDK requires). */
    static final long MIN_VALIDITY_SECONDS = 6;

    private static final Logger log = LoggerFactory.getLogger(EvmExactScheme.class);
    private static final String TRANSFER_WITH_AUTHORIZATION =
            "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(150);

    private final EvmNetworkConfig config;
    private final ChainId network;
    private final String networkText;
    /** The keys in rotation, each with its own nonces. */
    private final List<SignerSlot> slots;
    private final Map<String, SignerSlot> slotsByAddress;
    private final AtomicLong rotation = new AtomicLong();
    /** Transactions signed with a fresh nonce and not sent yet: if they never are, the nonce is handed out again. */
    private final Map<String, Reserved> unsent = new ConcurrentHashMap<>();
    private final Clock clock;
    private final NetworkRegistry networks;
    private final JsonRpcClient rpc;
    private final Map<String, TokenDomain> tokenDomains = new ConcurrentHashMap<>();
    private volatile boolean chainChecked;

    /** The EIP-712 name and version a token reports; either may be unknown (the token has no such function). */
    private record TokenDomain(String name, String version) {}

    /** A reason and the message that explains it. */
    private record Diagnosis(ErrorReason reason, String message) {}

    /** One facilitator key: its signer, its checksummed address and its nonces. */
    private record SignerSlot(ChainSigner signer, String address, NonceManager nonces) {}

    /** The nonce a signed, unsent transaction holds. */
    private record Reserved(SignerSlot slot, long nonce) {}

    /** One of our signed transactions, decoded, and its key. */
    private record Ours(Eip1559Transaction transaction, SignerSlot slot) {}

    EvmExactScheme(EvmNetworkConfig config, List<? extends ChainSigner> signers, Clock clock, NetworkRegistry networks) {
        this.config = config;
        this.network = config.network();
        this.networkText = network.toString();
        List<SignerSlot> all = new ArrayList<>();
        Map<String, SignerSlot> byAddress = new LinkedHashMap<>();
        for (ChainSigner signer : signers) {
            SignerSlot slot = new SignerSlot(signer, Secp256k1.checksum(signer.address()), new NonceManager());
            all.add(slot);
            byAddress.put(Hex.lowerAddress(slot.address()), slot);
        }
        this.slots = List.copyOf(all);
        this.slotsByAddress = Map.copyOf(byAddress);
        this.clock = clock;
        this.networks = networks;
        this.rpc = EvmRpc.client(networkText, config.chainId(), config.rpcUrls(), config.rpcOptions());
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

    @Override
    public List<SupportedKind> supported() {
        List<SupportedKind> kinds = new ArrayList<>();
        kinds.add(new SupportedKind(2, EXACT, networkText, null));
        networks.byChainId(network).ifPresent(n -> kinds.add(new SupportedKind(1, EXACT, n.name(), null)));
        return List.copyOf(kinds);
    }

    @Override
    public List<String> signerAddresses() {
        return slots.stream().map(SignerSlot::address).toList();
    }

    // ------------------------------------------------------------------------------------------ enrich

    @Override
    public PaymentRequirements enrich(PaymentRequirements requirements) {
        ObjectNode extra = requirements.extra();
        boolean needName = missing(extra, "name");
        boolean needVersion = missing(extra, "version");
        if ((!needName && !needVersion) || !Hex.isAddress(requirements.asset())) {
            return requirements;
        }
        TokenDomain domain = knownDomain(requirements.asset()).orElseGet(() -> readDomain(requirements.asset()));
        if (needName && domain.name() != null) {
            extra.put("name", domain.name());
        }
        if (needVersion && domain.version() != null) {
            extra.put("version", domain.version());
        }
        return requirements.withExtra(extra);
    }

    private static boolean missing(ObjectNode extra, String field) {
        JsonNode n = extra.get(field);
        return n == null || n.isNull();
    }

    /** The catalogue's USDC of this network, when the asset is that token. */
    private Optional<TokenDomain> knownDomain(String asset) {
        return networks.byChainId(network)
                .flatMap(Network::usdc)
                .filter(Asset::hasEip712Domain)
                .filter(a -> a.address().equalsIgnoreCase(asset))
                .map(a -> new TokenDomain(a.eip712Name(), a.eip712Version()));
    }

    /** name() and version() read from the token, in one round trip, cached per asset. */
    private TokenDomain readDomain(String asset) {
        String key = Hex.lowerAddress(asset);
        TokenDomain cached = tokenDomains.get(key);
        if (cached != null) {
            return cached;
        }
        ensureChain();
        List<Answer> answers = batch(List.of(ethCall(asset, Abi.call("name()")), ethCall(asset, Abi.call("version()"))));
        TokenDomain read = new TokenDomain(
                decodeStringOrNull(answers.get(0), "name()"), decodeStringOrNull(answers.get(1), "version()"));
        tokenDomains.put(key, read);
        return read;
    }

    // ------------------------------------------------------------------------------------------ verify

    @Override
    public VerifyResult verify(PaymentPayload payload, PaymentRequirements requirements) {
        ExactEvmPayload p;
        try {
            p = ExactEvmPayload.decode(payload.payload());
        } catch (IllegalArgumentException e) {
            return VerifyResult.invalid(ErrorReason.INVALID_PAYLOAD, e.getMessage(), null);
        }
        Eip3009Authorization auth = p.authorization();
        String payer = auth.from();

        VerifyResult offline = checkOffline(payload, requirements, p);
        if (offline != null) {
            return offline;
        }

        byte[] data = transferCalldata(auth, p.signature());
        try {
            ensureChain();
            rpc.call("eth_call", callObject(requirements.asset(), data), "latest");
        } catch (JsonRpcException e) {
            if (!EvmRpc.isExecutionFailure(e)) {
                throw unavailable(e);
            }
            Diagnosis d = diagnose(auth, requirements.asset(), requirements.extraText("name"),
                    requirements.extraText("version"), e);
            log.debug("payment {} from {} would not settle: {}", abbreviatedNonce(auth), payer, d.message());
            return VerifyResult.invalid(d.reason(), d.message(), payer);
        }
        return VerifyResult.valid(payer);
    }

    /** Every check that needs no chain, in the official order; {@code null} when all pass. */
    VerifyResult checkOffline(PaymentPayload payload, PaymentRequirements req, ExactEvmPayload p) {
        Eip3009Authorization auth = p.authorization();
        String payer = auth.from();

        if (!EXACT.equals(payload.accepted().scheme()) || !EXACT.equals(req.scheme())) {
            return VerifyResult.invalid(ErrorReason.INVALID_EXACT_EVM_SCHEME, "scheme must be '" + EXACT
                    + "' (payment: '" + payload.accepted().scheme() + "', requirements: '" + req.scheme() + "')", payer);
        }
        Optional<ChainId> paid = chainOf(payload.accepted().network());
        Optional<ChainId> required = chainOf(req.network());
        if (!paid.equals(Optional.of(network)) || !required.equals(Optional.of(network))) {
            return VerifyResult.invalid(ErrorReason.INVALID_EXACT_EVM_NETWORK_MISMATCH, "payment is for network '"
                    + payload.accepted().network() + "', requirements for '" + req.network() + "'; this scheme serves "
                    + networkText, payer);
        }
        Optional<String> name = req.extraText("name").filter(s -> !s.isBlank());
        Optional<String> version = req.extraText("version").filter(s -> !s.isBlank());
        if (name.isEmpty() || version.isEmpty()) {
            return VerifyResult.invalid(ErrorReason.INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN,
                    "requirements.extra must give the token's EIP-712 name and version (missing: "
                            + (name.isEmpty() ? version.isEmpty() ? "name, version" : "name" : "version") + ")", payer);
        }
        if (!Hex.isAddress(req.asset())) {
            return VerifyResult.invalid(ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                    "requirements.asset must be a token contract address (0x + 40 hex digits)", payer);
        }

        Eip712Domain domain = new Eip712Domain(name.get(), version.get(), config.chainId(), req.asset());
        byte[] digest = Eip712.transferWithAuthorizationDigest(domain, auth);
        String signedBy;
        try {
            signedBy = Secp256k1.recoverAddress(digest, p.signature());
        } catch (IllegalArgumentException e) {
            return VerifyResult.invalid(ErrorReason.INVALID_EXACT_EVM_SIGNATURE, e.getMessage(), payer);
        }
        if (!signedBy.equalsIgnoreCase(auth.from())) {
            return VerifyResult.invalid(ErrorReason.INVALID_EXACT_EVM_SIGNATURE, "the signature over the authorization "
                    + "(domain " + domain.name() + "/" + domain.version() + ", chain " + domain.chainId() + ", token "
                    + req.asset() + ") recovers " + signedBy + ", not the authorization's from " + auth.from(), payer);
        }

        if (!auth.to().equalsIgnoreCase(req.payTo())) {
            return VerifyResult.invalid(ErrorReason.INVALID_EXACT_EVM_RECIPIENT_MISMATCH, "authorization pays "
                    + auth.to() + ", requirements.payTo is " + req.payTo(), payer);
        }
        long now = clock.instant().getEpochSecond();
        BigInteger earliestExpiry = BigInteger.valueOf(now + MIN_VALIDITY_SECONDS);
        if (auth.validBefore().compareTo(earliestExpiry) < 0) {
            return VerifyResult.invalid(ErrorReason.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE,
                    "authorization validBefore " + auth.validBefore() + " is less than " + MIN_VALIDITY_SECONDS
                            + " s after now (" + now + ")", payer);
        }
        if (auth.validAfter().compareTo(BigInteger.valueOf(now)) > 0) {
            return VerifyResult.invalid(ErrorReason.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER,
                    "authorization validAfter " + auth.validAfter() + " is after now (" + now + ")", payer);
        }
        if (!auth.value().equals(req.amount())) {
            return VerifyResult.invalid(ErrorReason.INVALID_EXACT_EVM_AUTHORIZATION_VALUE, "authorization value "
                    + auth.value() + " differs from the required amount " + req.amount(), payer);
        }
        return null;
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

    /**
     * Why {@code transferWithAuthorization} reverts, from the token's state, in one batched round trip: balance,
     * nonce state, EIP-712 name and version. A check the token cannot answer (no such function) is skipped.
     */
    private Diagnosis diagnose(Eip3009Authorization auth, String asset, Optional<String> wantedName,
            Optional<String> wantedVersion, JsonRpcException revert) {
        List<Answer> a = batch(List.of(
                ethCall(asset, Abi.call("balanceOf(address)", Abi.address(auth.from()))),
                ethCall(asset, Abi.call("authorizationState(address,bytes32)", Abi.address(auth.from()),
                        Abi.bytes32(Hex.decode(auth.nonceHex())))),
                ethCall(asset, Abi.call("name()")),
                ethCall(asset, Abi.call("version()"))));

        BigInteger balance = decode(a.get(0), "balanceOf(address)", Abi::decodeUint);
        if (balance != null && balance.compareTo(auth.value()) < 0) {
            return new Diagnosis(ErrorReason.INVALID_EXACT_EVM_INSUFFICIENT_BALANCE, "payer " + auth.from()
                    + " holds " + balance + " of token " + asset + ", the authorization moves " + auth.value());
        }
        Boolean used = decode(a.get(1), "authorizationState(address,bytes32)", Abi::decodeBool);
        if (Boolean.TRUE.equals(used)) {
            return new Diagnosis(ErrorReason.INVALID_EXACT_EVM_NONCE_ALREADY_USED, "authorization nonce "
                    + auth.nonceHex() + " of " + auth.from() + " is already used or cancelled on token " + asset);
        }
        String name = decodeStringOrNull(a.get(2), "name()");
        if (name != null && wantedName.isPresent() && !name.equals(wantedName.get())) {
            return new Diagnosis(ErrorReason.INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH, "token " + asset
                    + " has EIP-712 name \"" + name + "\", requirements.extra.name is \"" + wantedName.get() + "\"");
        }
        String version = decodeStringOrNull(a.get(3), "version()");
        if (version != null && wantedVersion.isPresent() && !version.equals(wantedVersion.get())) {
            return new Diagnosis(ErrorReason.INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH, "token " + asset
                    + " has EIP-712 version \"" + version + "\", requirements.extra.version is \""
                    + wantedVersion.get() + "\"");
        }
        return new Diagnosis(ErrorReason.INVALID_EXACT_EVM_TRANSACTION_SIMULATION_FAILED,
                "transferWithAuthorization on token " + asset + " would revert: " + EvmRpc.revertReason(revert));
    }

    // ------------------------------------------------------------------------------------------ payment id

    @Override
    public PaymentId paymentId(PaymentPayload payload, PaymentRequirements requirements) {
        Eip3009Authorization auth = decodeOrThrow(payload).authorization();
        String asset = requireAssetAddress(requirements);
        return new PaymentId(networkText + "/" + Hex.lowerAddress(asset) + "/" + Hex.lowerAddress(auth.from()) + "/"
                + auth.nonceHex().toLowerCase(Locale.ROOT));
    }

    // ------------------------------------------------------------------------------------------ settle

    @Override
    public SignedTransaction prepareSettlement(PaymentPayload payload, PaymentRequirements requirements) {
        ExactEvmPayload p = decodeOrThrow(payload);
        Eip3009Authorization auth = p.authorization();
        String asset = requireAssetAddress(requirements);
        byte[] data = transferCalldata(auth, p.signature());
        ensureChain();
        SignedTransaction tx = signFresh(asset, data, revert -> {
            Diagnosis d = diagnose(auth, asset, requirements.extraText("name"), requirements.extraText("version"), revert);
            return new InvalidPaymentException(d.reason(), d.message());
        });
        log.info("prepared settlement {} on {}: {} of {} from {} to {}", tx.reference(), networkText, auth.value(), asset,
                auth.from(), auth.to());
        return tx;
    }

    /**
     * Signs a transaction calling {@code to} with {@code data} from the next key in rotation, with a fresh nonce of that
     * key and the market's fees (held to the cap), without sending it. The nonce is reserved until the transaction is
     * sent or {@linkplain #abandon abandoned}.
     *
     * @param whyRevert what to throw when the call would revert (the gas estimate fails)
     */
    private SignedTransaction signFresh(String to, byte[] data, Function<JsonRpcException, InvalidPaymentException> whyRevert) {
        SignerSlot slot = nextSlot();
        List<Answer> a = batch(List.of(
                Call.of("eth_estimateGas", Map.of("from", slot.address(), "to", to, "data", Hex.encode(data))),
                Call.of("eth_getBlockByNumber", "latest", false),
                Call.of("eth_maxPriorityFeePerGas"),
                Call.of("eth_getTransactionCount", slot.address(), "pending"),
                Call.of("eth_getTransactionCount", slot.address(), "latest")));

        if (a.get(0).failed()) {
            JsonRpcException e = a.get(0).error();
            if (!EvmRpc.isExecutionFailure(e)) {
                throw unavailable(e);
            }
            throw whyRevert.apply(e);
        }
        BigInteger estimate = quantity(a.get(0), "eth_estimateGas");
        BigInteger gasLimit = estimate.add(estimate.divide(BigInteger.valueOf(5))); // +20 % headroom
        JsonNode block = answer(a.get(1));
        if (!block.isObject() || !block.hasNonNull("baseFeePerGas")) {
            throw new ChainUnavailableException(networkText,
                    "the latest block has no baseFeePerGas: EIP-1559 transactions are not supported here", null);
        }
        BigInteger baseFee = parseQuantity(block.get("baseFeePerGas"), "baseFeePerGas");
        BigInteger tip = quantity(a.get(2), "eth_maxPriorityFeePerGas");
        Eip1559Fees fees = Eip1559Fees.market(baseFee, tip).capped(baseFee, config.maxFeePerGas())
                .orElseThrow(() -> new ChainUnavailableException(networkText, "the base fee (" + baseFee
                        + " wei) and tip (" + tip + " wei) are above the configured maxFeePerGas of "
                        + config.maxFeePerGas() + " wei: not settling until fees fall", null));
        NonceManager.ChainCounts counts = counts(a.get(3), a.get(4));

        long nonce = slot.nonces().take(counts);
        Eip1559Transaction tx = new Eip1559Transaction(config.chainId(), nonce, fees.maxPriorityFeePerGas(),
                fees.maxFeePerGas(), gasLimit, to, BigInteger.ZERO, data);
        byte[] raw;
        try {
            raw = signTransaction(slot, tx);
        } catch (RuntimeException e) {
            slot.nonces().release(nonce); // never sent: the nonce is handed out again, so no gap is left
            throw e;
        }
        String hash = Hex.encode(Eip1559Transaction.hashOf(raw));
        unsent.put(hash, new Reserved(slot, nonce));
        log.debug("signed {} on {} from {} (nonce {}, gas {}, max fee {}, tip {})", hash, networkText, slot.address(),
                nonce, gasLimit, fees.maxFeePerGas(), fees.maxPriorityFeePerGas());
        return new SignedTransaction(hash, raw);
    }

    /** The next key in rotation. */
    private SignerSlot nextSlot() {
        return slots.get((int) Math.floorMod(rotation.getAndIncrement(), (long) slots.size()));
    }

    private NonceManager.ChainCounts counts(Answer pending, Answer latest) {
        return new NonceManager.ChainCounts(
                quantity(pending, "eth_getTransactionCount").longValueExact(),
                quantity(latest, "eth_getTransactionCount").longValueExact());
    }

    /** The key's transaction counts now, pending and mined. */
    private NonceManager.ChainCounts counts(SignerSlot slot) {
        List<Answer> a = batch(List.of(
                Call.of("eth_getTransactionCount", slot.address(), "pending"),
                Call.of("eth_getTransactionCount", slot.address(), "latest")));
        return counts(a.get(0), a.get(1));
    }

    /** Signs with the key's {@link ChainSigner}, normalising its answer (v in {0,1,27,28}, high s) and checking the key. */
    private byte[] signTransaction(SignerSlot slot, Eip1559Transaction tx) {
        String address = slot.address();
        byte[] hash = tx.signingHash();
        byte[] sig = slot.signer().sign(hash);
        if (sig == null || sig.length != 65) {
            throw new IllegalStateException("signer " + address + " returned a signature that is not 65 bytes");
        }
        byte[] r = Arrays.copyOfRange(sig, 0, 32);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        int v = sig[64] & 0xff;
        int yParity = v >= 27 ? v - 27 : v;
        if (yParity != 0 && yParity != 1) {
            throw new IllegalStateException("signer " + address + " returned v = " + v);
        }
        BigInteger n = org.web3j.crypto.Sign.CURVE_PARAMS.getN();
        if (s.compareTo(n.shiftRight(1)) > 0) {
            s = n.subtract(s);
            yParity ^= 1;
        }
        byte[] sBytes = Abi.uint256(s);
        byte[] normalized = new byte[65];
        System.arraycopy(r, 0, normalized, 0, 32);
        System.arraycopy(sBytes, 0, normalized, 32, 32);
        normalized[64] = (byte) yParity;
        String recovered;
        try {
            recovered = Secp256k1.recoverAddress(hash, normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("signer " + address + " returned an invalid signature: " + e.getMessage());
        }
        if (!recovered.equalsIgnoreCase(address)) {
            throw new IllegalStateException("signer " + address + " signed with another key (" + recovered + ")");
        }
        return tx.encodeSigned(yParity, r, sBytes);
    }

    /** One of our transactions, decoded, and the key that signed it; {@code null} for bytes that are not one. */
    private Ours ours(SignedTransaction transaction) {
        Eip1559Transaction.Signed decoded;
        String sender;
        try {
            decoded = Eip1559Transaction.decodeSigned(transaction.bytes());
            sender = decoded.sender();
        } catch (IllegalArgumentException e) {
            log.warn("transaction {} on {} is not an EIP-1559 transaction of this scheme: {}", transaction.reference(),
                    networkText, e.getMessage());
            return null;
        }
        SignerSlot slot = slotsByAddress.get(Hex.lowerAddress(sender));
        if (slot == null) {
            log.warn("transaction {} on {} was signed by {}, not one of this scheme's keys", transaction.reference(),
                    networkText, sender);
            return null;
        }
        return new Ours(decoded.transaction(), slot);
    }

    @Override
    public void broadcast(SignedTransaction transaction) {
        String reference = transaction.reference();
        Ours ours = ours(transaction);
        // Reserved: this is the first send of a transaction signed with a fresh nonce.
        Reserved reserved = unsent.remove(reference);
        JsonNode answer;
        try {
            ensureChain();
            answer = rpc.call("eth_sendRawTransaction", Hex.encode(transaction.bytes()));
        } catch (JsonRpcException e) {
            String m = e.rpcMessage().toLowerCase(Locale.ROOT);
            if (m.contains("already known") || m.contains("known transaction") || m.contains("already imported")
                    || m.contains("alreadyknown") || m.contains("already exists") || m.contains("already in mempool")) {
                log.debug("broadcast {} on {}: the node already has it", reference, networkText);
                sent(ours);
                return;
            }
            if (isTransient(e)) {
                throw unavailable(e); // unknown whether it got in: its nonce stays taken, it will be sent again
            }
            if (isNonceTaken(m) || isNonceTooHigh(m)) {
                if (transactionKnown(reference)) {
                    log.debug("broadcast {} on {}: the node has it already (mined or pending)", reference, networkText);
                    sent(ours);
                    return;
                }
                if (isNonceTooHigh(m)) {
                    if (ours != null) {
                        ours.slot().nonces().resync(counts(ours.slot()));
                    }
                    throw new ChainUnavailableException(networkText, "the node refused settlement transaction "
                            + reference + " for now (" + e.rpcMessage() + "): it will be sent again", e);
                }
                String holder = ours == null ? "its nonce" : "nonce " + ours.transaction().nonce() + " of "
                        + ours.slot().address();
                if (ours != null) {
                    ours.slot().nonces().consumed(ours.transaction().nonce(), counts(ours.slot()));
                }
                log.warn("broadcast {} on {}: {} is taken by another transaction ({})", reference, networkText, holder,
                        e.rpcMessage());
                throw BroadcastRejectedException.nonceConsumed(ErrorReason.UNEXPECTED_SETTLE_ERROR, "settlement transaction "
                        + reference + " can never land: " + holder + " is taken by another transaction ("
                        + e.rpcMessage() + ")");
            }
            if (reserved != null) {
                reserved.slot().nonces().release(reserved.nonce()); // never in the node: no gap is left behind
            }
            log.warn("broadcast {} on {} refused: {}", reference, networkText, e.rpcMessage());
            throw new BroadcastRejectedException(ErrorReason.UNEXPECTED_SETTLE_ERROR,
                    "the node refused settlement transaction " + reference + ": " + e.rpcMessage());
        }
        if (answer.isTextual() && !answer.asText().equalsIgnoreCase(reference)) {
            log.warn("broadcast {} on {}: the node answered another hash, {}", reference, networkText, answer.asText());
        }
        sent(ours);
        log.info("broadcast settlement {} on {}", reference, networkText);
    }

    private static void sent(Ours ours) {
        if (ours != null) {
            ours.slot().nonces().sent(ours.transaction().nonce());
        }
    }

    /** The node refused a transaction because another one of the same sender holds its nonce. */
    private static boolean isNonceTaken(String m) {
        return m.contains("nonce too low") || m.contains("nonce is too low") || m.contains("oldnonce")
                || m.contains("nonce has already been used") || m.contains("replacement transaction underpriced")
                || m.contains("replacement fee too low") || m.contains("replacementnotallowed");
    }

    private static boolean isNonceTooHigh(String m) {
        return m.contains("nonce too high") || m.contains("nonce is too high") || m.contains("nonce gap");
    }

    @Override
    public void abandon(SignedTransaction transaction) {
        Reserved reserved = unsent.remove(transaction.reference());
        if (reserved != null) {
            reserved.slot().nonces().release(reserved.nonce());
            log.debug("abandoned {} on {}: nonce {} of {} is free again", transaction.reference(), networkText,
                    reserved.nonce(), reserved.slot().address());
        }
    }

    /**
     * The same transaction (same key, nonce, call, gas) at a higher fee, when {@code stuck} offers less than the
     * market: tip and max fee each at least 12.5 % above its own and at least the market's (next block's base fee from
     * {@code eth_feeHistory}, the node's suggested tip), never above the configured cap. Empty when its fees cover the
     * market (the fee is not what holds it), or when a replacement would pass the cap.
     */
    @Override
    public Optional<SignedTransaction> replaceStuck(SignedTransaction stuck) {
        Ours ours = ours(stuck);
        if (ours == null) {
            return Optional.empty();
        }
        ensureChain();
        List<Answer> a = batch(List.of(
                Call.of("eth_feeHistory", Hex.quantity(1), "latest", List.of()),
                Call.of("eth_maxPriorityFeePerGas")));
        BigInteger nextBaseFee = nextBaseFee(a.get(0));
        BigInteger tip = quantity(a.get(1), "eth_maxPriorityFeePerGas");
        Eip1559Transaction old = ours.transaction();
        Eip1559Fees current = new Eip1559Fees(old.maxPriorityFeePerGas(), old.maxFeePerGas());
        if (current.coversMarket(nextBaseFee, tip)) {
            log.debug("{} on {} is not below the market (next base fee {}, tip {}): not replaced", stuck.reference(),
                    networkText, nextBaseFee, tip);
            return Optional.empty();
        }
        Optional<Eip1559Fees> raised = current.replacement(Eip1559Fees.market(nextBaseFee, tip), config.maxFeePerGas());
        if (raised.isEmpty()) {
            log.warn("{} on {} is stuck below the market (max fee {}, next base fee {}), but a replacement would pass the"
                    + " configured maxFeePerGas of {} wei: not replaced", stuck.reference(), networkText,
                    old.maxFeePerGas(), nextBaseFee, config.maxFeePerGas());
            return Optional.empty();
        }
        Eip1559Transaction replacement = old.withFees(raised.get().maxPriorityFeePerGas(), raised.get().maxFeePerGas());
        byte[] raw = signTransaction(ours.slot(), replacement);
        String hash = Hex.encode(Eip1559Transaction.hashOf(raw));
        log.info("replacement {} of stuck {} on {} (nonce {} of {}): max fee {} -> {}, tip {} -> {}", hash,
                stuck.reference(), networkText, old.nonce(), ours.slot().address(), old.maxFeePerGas(),
                replacement.maxFeePerGas(), old.maxPriorityFeePerGas(), replacement.maxPriorityFeePerGas());
        return Optional.of(new SignedTransaction(hash, raw));
    }

    /** The next block's base fee: the last entry of {@code eth_feeHistory}, or the latest block's raised by 12.5 %. */
    private BigInteger nextBaseFee(Answer feeHistory) {
        JsonNode fees = feeHistory.failed() ? null : feeHistory.result().path("baseFeePerGas");
        if (fees != null && fees.isArray() && !fees.isEmpty()) {
            return parseQuantity(fees.get(fees.size() - 1), "eth_feeHistory baseFeePerGas");
        }
        JsonNode block;
        try {
            block = rpc.call("eth_getBlockByNumber", "latest", false);
        } catch (JsonRpcException e) {
            throw unavailable(e);
        }
        if (!block.isObject() || !block.hasNonNull("baseFeePerGas")) {
            throw new ChainUnavailableException(networkText, "the node tells no base fee", null);
        }
        BigInteger latest = parseQuantity(block.get("baseFeePerGas"), "baseFeePerGas");
        return latest.add(latest.add(BigInteger.valueOf(7)).shiftRight(3)); // the most it can rise in one block
    }

    /**
     * The payment of {@code refused} (its {@code transferWithAuthorization} call, read from the transaction) signed
     * anew from the next key in rotation with a fresh nonce and today's fees, for a transaction whose nonce another
     * transaction took.
     *
     * @throws InvalidPaymentException if the transfer would now revert (the authorization is used, expired…)
     */
    @Override
    public Optional<SignedTransaction> resign(SignedTransaction refused) {
        Ours ours = ours(refused);
        if (ours == null) {
            return Optional.empty();
        }
        Eip1559Transaction old = ours.transaction();
        Optional<Eip3009Authorization> auth = authorizationOf(old.data());
        if (auth.isEmpty()) {
            log.warn("{} on {} does not call transferWithAuthorization: not signed anew", refused.reference(), networkText);
            return Optional.empty();
        }
        ensureChain();
        SignedTransaction tx = signFresh(old.to(), old.data(), revert -> {
            Diagnosis d = diagnose(auth.get(), old.to(), Optional.empty(), Optional.empty(), revert);
            return new InvalidPaymentException(d.reason(), d.message());
        });
        log.info("signed anew {} on {} for {} (whose nonce {} was taken): {} of {} from {} to {}", tx.reference(),
                networkText, refused.reference(), old.nonce(), auth.get().value(), old.to(), auth.get().from(),
                auth.get().to());
        return Optional.of(tx);
    }

    /** The authorization a {@code transferWithAuthorization} calldata carries, if it is one. */
    static Optional<Eip3009Authorization> authorizationOf(byte[] data) {
        byte[] selector = Arrays.copyOf(Abi.call(TRANSFER_WITH_AUTHORIZATION), 4);
        if (data.length != 4 + 9 * 32 || !Arrays.equals(Arrays.copyOf(data, 4), selector)) {
            return Optional.empty();
        }
        java.util.function.IntFunction<byte[]> word = i -> Arrays.copyOfRange(data, 4 + 32 * i, 4 + 32 * (i + 1));
        try {
            return Optional.of(new Eip3009Authorization(
                    Hex.encode(Arrays.copyOfRange(word.apply(0), 12, 32)),
                    Hex.encode(Arrays.copyOfRange(word.apply(1), 12, 32)),
                    new BigInteger(1, word.apply(2)),
                    new BigInteger(1, word.apply(3)),
                    new BigInteger(1, word.apply(4)),
                    Hex.encode(word.apply(5))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private boolean transactionKnown(String reference) {
        try {
            return !rpc.call("eth_getTransactionByHash", reference).isNull();
        } catch (JsonRpcException e) {
            throw unavailable(e);
        }
    }

    /** A node error that says nothing about the transaction: rate limits, overload, internal errors. */
    private static boolean isTransient(JsonRpcException e) {
        String m = e.rpcMessage().toLowerCase(Locale.ROOT);
        return e.code() == -32005 || e.code() == -32603 || e.code() == 429 || m.contains("rate limit")
                || m.contains("too many requests") || m.contains("timeout") || m.contains("timed out")
                || m.contains("txpool is full") || m.contains("try again") || m.contains("header not found")
                || m.contains("internal error");
    }

    @Override
    public Confirmation confirm(String transaction, Duration timeout) {
        return Polling.until(networkText, timeout, POLL_INTERVAL, deadline -> {
            JsonNode receipt = rpc.call("eth_getTransactionReceipt", transaction);
            return receipt != null && receipt.isObject()
                    ? Optional.of(outcome(transaction, receipt))
                    : Optional.empty();
        }).orElseGet(() -> new Confirmation.Pending(transaction, seen(transaction)));
    }

    /** Whether the node has the transaction (mempool or block); {@code false} when it cannot say. */
    private boolean seen(String transaction) {
        try {
            return transactionKnown(transaction);
        } catch (ChainUnavailableException e) {
            return false;
        }
    }

    private Confirmation outcome(String transaction, JsonNode receipt) {
        String status = receipt.path("status").asText("");
        String block = receipt.path("blockNumber").asText("?");
        if (status.equals("0x1")) {
            log.info("settlement {} on {} confirmed in block {}", transaction, networkText, block);
            return new Confirmation.Confirmed(transaction);
        }
        if (status.equals("0x0")) {
            log.warn("settlement {} on {} reverted in block {}", transaction, networkText, block);
            return new Confirmation.Failed(transaction, ErrorReason.INVALID_EXACT_EVM_TRANSACTION_FAILED,
                    "settlement transaction " + transaction + " reverted in block " + block);
        }
        throw new ChainUnavailableException(networkText, "receipt of " + transaction + " has no status", null);
    }

    // ------------------------------------------------------------------------------------------ chain helpers

    /** Checks once, on first use, that the endpoint serves the configured chain. */
    private void ensureChain() {
        if (chainChecked) {
            return;
        }
        long served;
        try {
            served = parseQuantity(rpc.call("eth_chainId"), "eth_chainId").longValueExact();
        } catch (JsonRpcException e) {
            throw unavailable(e);
        } catch (ArithmeticException e) {
            served = -1;
        }
        if (served != config.chainId()) {
            throw new ChainUnavailableException(networkText, "the RPC endpoint " + config.endpointForLogs()
                    + " serves chain id " + served + ", not " + config.chainId() + ": check its URL", null);
        }
        chainChecked = true;
    }

    private List<Answer> batch(List<Call> calls) {
        return rpc.batch(calls);
    }

    private Call ethCall(String to, byte[] data) {
        return Call.of("eth_call", callObject(to, data), "latest");
    }

    private Map<String, String> callObject(String to, byte[] data) {
        return Map.of("from", slots.get(0).address(), "to", to, "data", Hex.encode(data));
    }

    /** The result of an answer, or the node's error as a fault. */
    private JsonNode answer(Answer a) {
        if (a.failed()) {
            throw unavailable(a.error());
        }
        return a.result();
    }

    private BigInteger quantity(Answer a, String what) {
        return parseQuantity(answer(a), what);
    }

    private BigInteger parseQuantity(JsonNode n, String what) {
        try {
            return Hex.parseQuantity(n == null || !n.isTextual() ? null : n.asText());
        } catch (IllegalArgumentException e) {
            throw new ChainUnavailableException(networkText, "malformed " + what + " from the node", e);
        }
    }

    /**
     * Decodes an {@code eth_call} answer; {@code null} when the call reverted or returned something undecodable (the
     * token has no such function). A node fault throws.
     */
    private <T> T decode(Answer a, String function, java.util.function.Function<byte[], T> decoder) {
        if (a.failed()) {
            if (EvmRpc.isExecutionFailure(a.error())) {
                return null;
            }
            throw unavailable(a.error());
        }
        try {
            String hex = a.result().asText("");
            return Hex.isBytes(hex) ? decoder.apply(Hex.decode(hex)) : null;
        } catch (IllegalArgumentException e) {
            log.debug("{} on {} returned undecodable data: {}", function, networkText, e.getMessage());
            return null;
        }
    }

    private String decodeStringOrNull(Answer a, String function) {
        return decode(a, function, Abi::decodeString);
    }

    private ChainUnavailableException unavailable(JsonRpcException e) {
        return new ChainUnavailableException(networkText, e.getMessage(), e);
    }

    // ------------------------------------------------------------------------------------------ payload helpers

    private static ExactEvmPayload decodeOrThrow(PaymentPayload payload) {
        try {
            return ExactEvmPayload.decode(payload.payload());
        } catch (IllegalArgumentException e) {
            throw new InvalidPaymentException(ErrorReason.INVALID_PAYLOAD, e.getMessage());
        }
    }

    private static String requireAssetAddress(PaymentRequirements req) {
        if (!Hex.isAddress(req.asset())) {
            throw new InvalidPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                    "requirements.asset must be a token contract address (0x + 40 hex digits)");
        }
        return req.asset();
    }

    /**
     * {@code transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, v, r, s)}. A signature that
     * is not 65 bytes is passed as zeros (it only reaches here from prepareSettlement of an unverified payment, and
     * then the simulation rejects it).
     */
    static byte[] transferCalldata(Eip3009Authorization auth, byte[] signature) {
        byte[] sig = signature.length == 65 ? signature : new byte[65];
        int v = sig[64] & 0xff;
        return Abi.call(TRANSFER_WITH_AUTHORIZATION,
                Abi.address(auth.from()),
                Abi.address(auth.to()),
                Abi.uint256(auth.value()),
                Abi.uint256(auth.validAfter()),
                Abi.uint256(auth.validBefore()),
                Abi.bytes32(Hex.decode(auth.nonceHex())),
                Abi.uint256(v < 27 ? v + 27 : v),
                Abi.bytes32(Arrays.copyOfRange(sig, 0, 32)),
                Abi.bytes32(Arrays.copyOfRange(sig, 32, 64)));
    }

    private static String abbreviatedNonce(Eip3009Authorization auth) {
        return Hex.abbreviate(auth.nonceHex());
    }

    @Override
    public String toString() {
        return "EvmExactScheme[" + networkText + ", signers " + signerAddresses() + ", rpc " + config.endpointForLogs() + "]";
    }
}
