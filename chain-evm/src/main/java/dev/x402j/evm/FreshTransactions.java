package dev.x402j.evm;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidPaymentException;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.evm.KeyRotation.SignerSlot;
import dev.x402j.evm.internal.Eip1559Fees;
import dev.x402j.evm.internal.Eip1559Transaction;
import dev.x402j.evm.internal.EvmRpc;
import dev.x402j.evm.internal.Hex;
import dev.x402j.evm.internal.NonceManager;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs transactions with a fresh nonce from the next key in rotation, without sending them, and keeps each nonce
 * reserved until its transaction is first sent or abandoned: a nonce that never reaches the node is handed out again,
 * so no gap is left behind. Thread-safe.
 */
final class FreshTransactions {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(EvmExactScheme.class);

    /** The nonce a signed, unsent transaction holds. */
    record Reserved(SignerSlot slot, long nonce) {}

    private final Node node;
    private final KeyRotation keys;
    private final FeePricing fees;
    private final long chainId;
    private final long maxGas;
    /** Transactions signed with a fresh nonce and not sent yet: if they never are, the nonce is handed out again. */
    private final Map<String, Reserved> unsent = new ConcurrentHashMap<>();

    FreshTransactions(Node node, KeyRotation keys, FeePricing fees, long chainId, long maxGas) {
        this.maxGas = maxGas;
        this.node = node;
        this.keys = keys;
        this.fees = fees;
        this.chainId = chainId;
    }

    /**
     * A transaction calling {@code to} with {@code data} from the next key in rotation, with a fresh nonce of that
     * key and the market's fees (held to the cap), signed and not sent; its nonce is reserved.
     *
     * @param whyRevert what to throw when the call would revert (the gas estimate fails)
     * @throws InvalidPaymentException when the estimate is above the configured gas cap (before a nonce is taken)
     */
    SignedTransaction sign(String to, byte[] data, Function<JsonRpcException, InvalidPaymentException> whyRevert) {
        SignerSlot slot = keys.next();
        List<Answer> a = node.batch(List.of(
                Call.of("eth_estimateGas", Map.of("from", slot.address(), "to", to, "data", Hex.encode(data))),
                Call.of("eth_getBlockByNumber", "latest", false),
                Call.of("eth_maxPriorityFeePerGas"),
                Call.of("eth_getTransactionCount", slot.address(), "pending"),
                Call.of("eth_getTransactionCount", slot.address(), "latest")));

        if (a.get(0).failed()) {
            JsonRpcException e = a.get(0).error();
            if (!EvmRpc.isExecutionFailure(e)) {
                throw node.unavailable(e);
            }
            throw whyRevert.apply(e);
        }
        BigInteger estimate = node.quantity(a.get(0), "eth_estimateGas");
        BigInteger cap = BigInteger.valueOf(maxGas);
        if (estimate.compareTo(cap) > 0) {
            // A call this costly is not a token transfer we settle: the facilitator would pay for it.
            log.warn("not settling a call to {} on {}: it would take an estimated {} gas, above the cap of {}", to,
                    node.network(), estimate, maxGas);
            throw new InvalidPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "settling this payment on "
                    + node.network() + " would take an estimated " + estimate + " gas (token " + to + "), above the cap"
                    + " of " + maxGas + " gas per settlement (EvmNetworkConfig.withMaxGas, setting x402j.eip155.max-gas"
                    + " / EVM_MAX_GAS)");
        }
        BigInteger gasLimit = estimate.add(estimate.divide(BigInteger.valueOf(5))).min(cap); // +20 %, never past the cap
        Eip1559Fees offer = fees.fresh(a.get(1), a.get(2));
        NonceManager.ChainCounts counts = counts(a.get(3), a.get(4));

        long nonce = slot.nonces().take(counts);
        Eip1559Transaction tx = new Eip1559Transaction(chainId, nonce, offer.maxPriorityFeePerGas(),
                offer.maxFeePerGas(), gasLimit, to, BigInteger.ZERO, data);
        byte[] raw;
        try {
            raw = slot.sign(tx);
        } catch (RuntimeException e) {
            slot.nonces().release(nonce); // never sent: the nonce is handed out again, so no gap is left
            throw e;
        }
        String hash = Hex.encode(Eip1559Transaction.hashOf(raw));
        unsent.put(hash, new Reserved(slot, nonce));
        log.debug("signed {} on {} from {} (nonce {}, gas {}, max fee {}, tip {})", hash, node.network(),
                slot.address(), nonce, gasLimit, offer.maxFeePerGas(), offer.maxPriorityFeePerGas());
        return new SignedTransaction(hash, raw);
    }

    /**
     * The reservation of a transaction about to be sent, taken out: present only on the first send of a transaction
     * signed here, {@code null} after.
     */
    Reserved firstSend(String reference) {
        return unsent.remove(reference);
    }

    /** The transaction will never be sent: its nonce, if still reserved, is free again. */
    void abandon(SignedTransaction transaction) {
        Reserved reserved = unsent.remove(transaction.reference());
        if (reserved != null) {
            reserved.slot().nonces().release(reserved.nonce());
            log.debug("abandoned {} on {}: nonce {} of {} is free again", transaction.reference(), node.network(),
                    reserved.nonce(), reserved.slot().address());
        }
    }

    /** The key's transaction counts now, pending and mined. */
    NonceManager.ChainCounts counts(SignerSlot slot) {
        List<Answer> a = node.batch(List.of(
                Call.of("eth_getTransactionCount", slot.address(), "pending"),
                Call.of("eth_getTransactionCount", slot.address(), "latest")));
        return counts(a.get(0), a.get(1));
    }

    private NonceManager.ChainCounts counts(Answer pending, Answer latest) {
        return new NonceManager.ChainCounts(
                node.quantity(pending, "eth_getTransactionCount").longValueExact(),
                node.quantity(latest, "eth_getTransactionCount").longValueExact());
    }
}
