package dev.x402j.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
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
import dev.x402j.core.SchemeTarget;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.solana.Mints.MintInfo;
import dev.x402j.solana.OfflineChecks.Offline;
import dev.x402j.solana.internal.Base58;
import dev.x402j.solana.internal.ExactSvmPayload;
import dev.x402j.solana.internal.Pubkey;
import dev.x402j.solana.internal.Transaction;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code exact} scheme on one Solana network: the client partially signs a transaction whose fee payer is one of
 * the facilitator's keys; the facilitator checks it, co-signs as fee payer and sends it. Thread-safe; see
 * {@link SolanaSchemes#exact}.
 *
 * <p>This class orchestrates; the parts live beside it: {@link OfflineChecks} and {@link Simulation} (the rules of
 * verify), {@link FeePayers} (rotation and co-signing), {@link SendErrors} (what a refused send means),
 * {@link Confirmations}, {@link Mints} (for enrich) and {@link Cluster}.
 */
final class SolanaExactScheme implements Scheme {
    static final String EXACT = "exact";

    private static final Logger log = LoggerFactory.getLogger(SolanaExactScheme.class);

    private final SolanaNetworkConfig config;
    private final String networkText;
    private final SchemeTarget target;
    private final FeePayers feePayers;
    private final Cluster cluster;
    private final OfflineChecks offlineChecks;
    private final Simulation simulation;
    private final Confirmations confirmations;
    private final Mints mints;

    SolanaExactScheme(SolanaNetworkConfig config, List<? extends ChainSigner> signers, NetworkRegistry networks) {
        this.config = config;
        this.networkText = config.network().toString();
        this.target = new SchemeTarget(EXACT, config.network(), networks);
        this.feePayers = new FeePayers(config.network(), signers);
        this.cluster = new Cluster(config);
        this.offlineChecks = new OfflineChecks(target, feePayers, config, servedMints(config, networks));
        this.simulation = new Simulation(cluster, feePayers);
        this.confirmations = new Confirmations(cluster);
        this.mints = new Mints(networkText);
    }

    /** The catalogue's USDC of the network, then the configured assets. */
    private static List<Asset> servedMints(SolanaNetworkConfig config, NetworkRegistry networks) {
        List<Asset> served = new ArrayList<>();
        networks.byChainId(config.network()).flatMap(Network::usdc).ifPresent(served::add);
        served.addAll(config.assets());
        return served;
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

    /** v2 with the CAIP-2 id and v1 with the network's name when the registry knows it; both name a fee payer. */
    @Override
    public List<SupportedKind> supported() {
        return target.supportedKinds(JsonNodeFactory.instance.objectNode().put("feePayer", feePayers.handOut()));
    }

    @Override
    public List<String> signerAddresses() {
        return feePayers.addresses();
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
            extra.put("feePayer", feePayers.handOut());
        }
        boolean needMint = missing(extra, "decimals") || missing(extra, "tokenProgram");
        boolean needBlockhash = missing(extra, "recentBlockhash");
        Pubkey mint = Pubkey.isValid(requirements.asset()) ? Pubkey.parse(requirements.asset()) : null;
        if (mint == null || !offlineChecks.serves(mint)) {
            // An unserved mint would be refused at verify: no RPC is spent reading it.
            needMint = false;
        }
        MintInfo known = mint == null ? null : mints.known(mint);
        boolean readMint = needMint && known == null;
        if (readMint || needBlockhash) {
            cluster.ensureChain();
            List<Call> calls = new ArrayList<>();
            if (readMint) {
                calls.add(Call.of("getAccountInfo", mint.base58(), Map.of("encoding", "base64", "commitment",
                        config.commitment())));
            }
            if (needBlockhash) {
                calls.add(Call.of("getLatestBlockhash", Map.of("commitment", config.commitment())));
            }
            List<Answer> answers = cluster.batch(calls);
            int i = 0;
            if (readMint) {
                known = mints.read(mint, cluster.value(answers.get(i++))).orElse(null);
            }
            if (needBlockhash) {
                String blockhash = cluster.value(answers.get(i)).path("blockhash").asText("");
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

    // ------------------------------------------------------------------------------------------ verify

    @Override
    public VerifyResult verify(PaymentPayload payload, PaymentRequirements requirements) {
        Transaction tx;
        try {
            tx = ExactSvmPayload.decode(payload.payload());
        } catch (IllegalArgumentException e) {
            return VerifyResult.invalid(
                    SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED, e.getMessage(), null);
        }
        Offline offline = offlineChecks.check(payload, requirements, tx);
        if (offline.invalid() != null) {
            return offline.invalid();
        }
        return simulation.check(requirements, tx, offline.transfer(), offline.payer());
    }

    /** The rules of verify before the chain's part (tests check them without a chain). */
    OfflineChecks offlineChecks() {
        return offlineChecks;
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
        if (!feePayers.isOurs(tx.message().feePayer())) {
            throw new InvalidPaymentException(SolanaReasons.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR,
                    "the transaction's fee payer " + tx.message().feePayer() + " is not a fee payer of this facilitator");
        }
        Transaction signed = feePayers.coSign(tx);
        String id = signed.id();
        confirmations.prepared(id, tx.message().recentBlockhashBase58());
        log.info("prepared settlement {} on {}: fee payer {}, payer {}", id, networkText, tx.message().feePayer(),
                OfflineChecks.tokenPayer(tx.message()));
        return new SignedTransaction(id, signed.serialize());
    }

    /** Sends with preflight; see {@link SendErrors} for what a refusal means. */
    @Override
    public void broadcast(SignedTransaction transaction) {
        String id = transaction.reference();
        try {
            cluster.ensureChain();
            JsonNode answer = cluster.call("sendTransaction", Base64.getEncoder().encodeToString(transaction.bytes()),
                    Map.of("encoding", "base64", "skipPreflight", false, "preflightCommitment", config.commitment()));
            if (answer.isTextual() && !answer.asText().equals(id)) {
                log.warn("broadcast {} on {}: the node answered another signature, {}", id, networkText, answer.asText());
            }
            log.info("broadcast settlement {} on {}", id, networkText);
        } catch (JsonRpcException e) {
            if (SendErrors.alreadyProcessed(e)) {
                log.debug("broadcast {} on {}: already processed", id, networkText);
                return;
            }
            throw SendErrors.fault(cluster, id, e);
        }
    }

    /**
     * Polls {@code getSignatureStatuses} until the configured commitment: an error is {@code transaction_failed}. A
     * transaction still unseen when its blockhash has expired will never land and is reported failed too.
     */
    @Override
    public Confirmation confirm(String transaction, Duration timeout) {
        return confirmations.confirm(transaction, timeout);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static Transaction decodeOrThrow(PaymentPayload payload) {
        try {
            return ExactSvmPayload.decode(payload.payload());
        } catch (IllegalArgumentException e) {
            throw new InvalidPaymentException(
                    SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED, e.getMessage());
        }
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
        return "SolanaExactScheme[" + networkText + ", fee payers " + feePayers.addresses() + ", rpc "
                + config.endpointForLogs() + "]";
    }
}
