package dev.x402j.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ChainId;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainSigner;
import dev.x402j.core.Confirmation;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidPaymentException;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.PaymentId;
import dev.x402j.core.Scheme;
import dev.x402j.core.SchemeTarget;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.evm.KeyRotation.Ours;
import dev.x402j.evm.internal.Eip1559Fees;
import dev.x402j.evm.internal.Eip1559Transaction;
import dev.x402j.evm.internal.EvmRpc;
import dev.x402j.evm.internal.ExactEvmPayload;
import dev.x402j.evm.internal.Hex;
import dev.x402j.evm.internal.NonceManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code exact} scheme on one EVM network: EIP-3009 {@code transferWithAuthorization}, settled from the
 * facilitator's keys in rotation, each with its own {@link NonceManager}. Thread-safe; see {@link EvmSchemes#exact}.
 *
 * <p>This class orchestrates; the parts live beside it: {@link OfflineChecks} and {@link RevertDiagnosis} (the rules
 * of verify), {@link KeyRotation} (the keys), {@link FreshTransactions} and {@link FeePricing} (building and pricing
 * transactions), {@link Broadcaster} (sending, and what a refusal means for the nonces), {@link Receipts}
 * (confirmation), {@link AllowedAssets} (the tokens served, and their domains for enrich) and {@link Node}.
 */
final class EvmExactScheme implements Scheme {
    static final String EXACT = "exact";

    private static final Logger log = LoggerFactory.getLogger(EvmExactScheme.class);

    private final EvmNetworkConfig config;
    private final String networkText;
    private final SchemeTarget target;
    private final KeyRotation keys;
    private final Node node;
    private final OfflineChecks offlineChecks;
    private final RevertDiagnosis diagnosis;
    private final FreshTransactions transactions;
    private final FeePricing fees;
    private final Broadcaster broadcaster;
    private final Receipts receipts;
    private final AllowedAssets assets;
    private final Clock clock;

    EvmExactScheme(EvmNetworkConfig config, List<? extends ChainSigner> signers, Clock clock, NetworkRegistry networks) {
        this.config = config;
        this.networkText = config.network().toString();
        this.target = new SchemeTarget(EXACT, config.network(), networks);
        this.keys = new KeyRotation(networkText, signers);
        this.node = new Node(config, keys.firstAddress());
        this.assets = new AllowedAssets(config.network(), networks, config.assets());
        this.offlineChecks = new OfflineChecks(target, config.chainId(), clock, assets);
        this.diagnosis = new RevertDiagnosis(node);
        this.fees = new FeePricing(node, config.maxFeePerGas());
        this.transactions = new FreshTransactions(node, keys, fees, config.chainId(), config.maxGas());
        this.broadcaster = new Broadcaster(node, keys, transactions);
        this.receipts = new Receipts(node);
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------ identity

    @Override
    public String scheme() {
        return EXACT;
    }

    @Override
    public ChainId network() {
        return target.network();
    }

    @Override
    public List<SupportedKind> supported() {
        return target.supportedKinds(null);
    }

    @Override
    public List<String> signerAddresses() {
        return keys.addresses();
    }

    // ------------------------------------------------------------------------------------------ enrich

    @Override
    public PaymentRequirements enrich(PaymentRequirements requirements) {
        ObjectNode extra = requirements.extra();
        boolean needName = missing(extra, "name");
        boolean needVersion = missing(extra, "version");
        // Only from the allowlist: an unknown token is never read from the chain (it would not be paid in anyway).
        Optional<Asset> listed = assets.find(requirements.asset());
        if ((!needName && !needVersion) || listed.isEmpty()) {
            return requirements;
        }
        if (needName) {
            extra.put("name", listed.get().eip712Name());
        }
        if (needVersion) {
            extra.put("version", listed.get().eip712Version());
        }
        return requirements.withExtra(extra);
    }

    private static boolean missing(ObjectNode extra, String field) {
        JsonNode n = extra.get(field);
        return n == null || n.isNull();
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

        VerifyResult offline = offlineChecks.check(payload, requirements, p);
        if (offline != null) {
            return offline;
        }

        byte[] data = TransferCall.transferCalldata(auth, p.signature());
        try {
            node.ensureChain();
            node.simulate(requirements.asset(), data);
        } catch (JsonRpcException e) {
            if (!EvmRpc.isExecutionFailure(e)) {
                throw node.unavailable(e);
            }
            Refusal why = diagnosis.diagnose(auth, requirements.asset(), requirements.extraText("name"),
                    requirements.extraText("version"), e);
            log.debug("payment {} from {} would not settle: {}", Hex.abbreviate(auth.nonceHex()), payer, why.message());
            return why.asResult(payer);
        }
        return VerifyResult.valid(payer);
    }

    /** The rules of verify before the simulation (tests check them without a chain). */
    OfflineChecks offlineChecks() {
        return offlineChecks;
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
        assets.refusal(requirements).ifPresent(why -> {
            throw why.asException(); // before any RPC: the gas of an unknown contract is never paid
        });
        byte[] data = TransferCall.transferCalldata(auth, p.signature());
        node.ensureChain();
        SignedTransaction tx = transactions.sign(asset, data, revert -> diagnosis.diagnose(auth, asset,
                requirements.extraText("name"), requirements.extraText("version"), revert).asException());
        log.info("prepared settlement {} on {}: {} of {} from {} to {}", tx.reference(), networkText, auth.value(), asset,
                auth.from(), auth.to());
        return tx;
    }

    @Override
    public void broadcast(SignedTransaction transaction) {
        broadcaster.send(transaction);
    }

    @Override
    public void abandon(SignedTransaction transaction) {
        transactions.abandon(transaction);
    }

    /**
     * The same transaction (same key, nonce, call, gas) at a higher fee, when {@code stuck} offers less than the
     * market: tip and max fee each at least 12.5 % above its own and at least the market's (next block's base fee from
     * {@code eth_feeHistory}, the node's suggested tip), never above the configured cap. Empty when its fees cover the
     * market (the fee is not what holds it), or when a replacement would pass the cap.
     */
    @Override
    public Optional<SignedTransaction> replaceStuck(SignedTransaction stuck) {
        Ours ours = keys.ours(stuck);
        if (ours == null) {
            return Optional.empty();
        }
        Eip1559Transaction old = ours.transaction();
        Optional<String> expiring = expiringSoon(old);
        if (expiring.isPresent()) {
            // a bump would be mined (and pay gas) after the authorization expired, only to revert
            log.info("no fee bump of stuck {} on {}: {}", stuck.reference(), networkText, expiring.get());
            return Optional.empty();
        }
        node.ensureChain();
        Optional<Eip1559Fees> raised = fees.replacement(old, stuck.reference());
        if (raised.isEmpty()) {
            return Optional.empty();
        }
        Eip1559Transaction replacement = old.withFees(raised.get().maxPriorityFeePerGas(), raised.get().maxFeePerGas());
        byte[] raw = ours.slot().sign(replacement);
        String hash = Hex.encode(Eip1559Transaction.hashOf(raw));
        log.info("replacement {} of stuck {} on {} (nonce {} of {}): max fee {} -> {}, tip {} -> {}", hash,
                stuck.reference(), networkText, old.nonce(), ours.slot().address(), old.maxFeePerGas(),
                replacement.maxFeePerGas(), old.maxPriorityFeePerGas(), replacement.maxPriorityFeePerGas());
        return Optional.of(new SignedTransaction(hash, raw));
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
        Ours ours = keys.ours(refused);
        if (ours == null) {
            return Optional.empty();
        }
        Eip1559Transaction old = ours.transaction();
        Optional<Eip3009Authorization> auth = TransferCall.authorizationOf(old.data());
        if (auth.isEmpty()) {
            log.warn("{} on {} does not call transferWithAuthorization: not signed anew", refused.reference(), networkText);
            return Optional.empty();
        }
        Optional<String> expiring = expiringSoon(old);
        if (expiring.isPresent()) {
            throw new InvalidPaymentException(EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE,
                    "not signed anew: " + expiring.get());
        }
        node.ensureChain();
        SignedTransaction tx = transactions.sign(old.to(), old.data(), revert -> diagnosis.diagnose(auth.get(),
                old.to(), Optional.empty(), Optional.empty(), revert).asException());
        log.info("signed anew {} on {} for {} (whose nonce {} was taken): {} of {} from {} to {}", tx.reference(),
                networkText, refused.reference(), old.nonce(), auth.get().value(), old.to(), auth.get().from(),
                auth.get().to());
        return Optional.of(tx);
    }

    /**
     * Why a new transaction for this settlement call would land too late — its authorization's {@code validBefore}
     * is less than {@value OfflineChecks#MIN_VALIDITY_SECONDS} s away — or empty when there is time.
     */
    private Optional<String> expiringSoon(Eip1559Transaction tx) {
        long now = clock.instant().getEpochSecond();
        return TransferCall.authorizationOf(tx.data())
                .filter(a -> a.validBefore().compareTo(java.math.BigInteger.valueOf(now + OfflineChecks.MIN_VALIDITY_SECONDS)) < 0)
                .map(a -> "its authorization's validBefore " + a.validBefore() + " is less than "
                        + OfflineChecks.MIN_VALIDITY_SECONDS + " s after now (" + now + ")");
    }

    @Override
    public Confirmation confirm(String transaction, Duration timeout) {
        return receipts.confirm(transaction, timeout);
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

    @Override
    public String toString() {
        return "EvmExactScheme[" + networkText + ", signers " + signerAddresses() + ", rpc " + config.endpointForLogs() + "]";
    }
}
