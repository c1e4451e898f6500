package dev.x402j.evm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.evm.internal.Eip1559Fees;
import dev.x402j.evm.internal.Eip1559Transaction;
import dev.x402j.evm.internal.Hex;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What our transactions offer per gas, read from the node (the rules themselves are {@link Eip1559Fees}'s): the
 * market's fees held to the configured cap for a fresh transaction, and a raise for a stuck one. Thread-safe.
 */
final class FeePricing {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(EvmExactScheme.class);

    private final Node node;
    /** The configured cap, {@code null} for none. */
    private final BigInteger maxFeePerGas;

    FeePricing(Node node, BigInteger maxFeePerGas) {
        this.node = node;
        this.maxFeePerGas = maxFeePerGas;
    }

    /**
     * The fees of a fresh transaction, from the answers to {@code eth_getBlockByNumber("latest")} and
     * {@code eth_maxPriorityFeePerGas}.
     *
     * @throws ChainUnavailableException when the chain has no EIP-1559 base fee, or fees are above the cap for now
     */
    Eip1559Fees fresh(Answer latestBlock, Answer suggestedTip) {
        JsonNode block = node.answer(latestBlock);
        if (!block.isObject() || !block.hasNonNull("baseFeePerGas")) {
            throw new ChainUnavailableException(node.network(),
                    "the latest block has no baseFeePerGas: EIP-1559 transactions are not supported here", null);
        }
        BigInteger baseFee = node.parseQuantity(block.get("baseFeePerGas"), "baseFeePerGas");
        BigInteger tip = node.quantity(suggestedTip, "eth_maxPriorityFeePerGas");
        return Eip1559Fees.market(baseFee, tip).capped(baseFee, maxFeePerGas)
                .orElseThrow(() -> new ChainUnavailableException(node.network(), "the base fee (" + baseFee
                        + " wei) and tip (" + tip + " wei) are above the configured maxFeePerGas of "
                        + maxFeePerGas + " wei: not settling until fees fall", null));
    }

    /**
     * The fees a replacement of {@code old} offers (see {@link Eip1559Fees#replacement}); empty when its fees cover
     * the market (the fee is not what holds it), or when a replacement would pass the cap.
     *
     * @param reference the stuck transaction's hash, for logs
     */
    Optional<Eip1559Fees> replacement(Eip1559Transaction old, String reference) {
        List<Answer> a = node.batch(List.of(
                Call.of("eth_feeHistory", Hex.quantity(1), "latest", List.of()),
                Call.of("eth_maxPriorityFeePerGas")));
        BigInteger nextBaseFee = nextBaseFee(a.get(0));
        BigInteger tip = node.quantity(a.get(1), "eth_maxPriorityFeePerGas");
        Eip1559Fees current = new Eip1559Fees(old.maxPriorityFeePerGas(), old.maxFeePerGas());
        if (current.coversMarket(nextBaseFee, tip)) {
            log.debug("{} on {} is not below the market (next base fee {}, tip {}): not replaced", reference,
                    node.network(), nextBaseFee, tip);
            return Optional.empty();
        }
        Optional<Eip1559Fees> raised = current.replacement(Eip1559Fees.market(nextBaseFee, tip), maxFeePerGas);
        if (raised.isEmpty()) {
            log.warn("{} on {} is stuck below the market (max fee {}, next base fee {}), but a replacement would pass the"
                    + " configured maxFeePerGas of {} wei: not replaced", reference, node.network(),
                    old.maxFeePerGas(), nextBaseFee, maxFeePerGas);
        }
        return raised;
    }

    /** The next block's base fee: the last entry of {@code eth_feeHistory}, or the latest block's raised by 12.5 %. */
    private BigInteger nextBaseFee(Answer feeHistory) {
        JsonNode fees = feeHistory.failed() ? null : feeHistory.result().path("baseFeePerGas");
        if (fees != null && fees.isArray() && !fees.isEmpty()) {
            return node.parseQuantity(fees.get(fees.size() - 1), "eth_feeHistory baseFeePerGas");
        }
        JsonNode block;
        try {
            block = node.call("eth_getBlockByNumber", "latest", false);
        } catch (JsonRpcException e) {
            throw node.unavailable(e);
        }
        if (!block.isObject() || !block.hasNonNull("baseFeePerGas")) {
            throw new ChainUnavailableException(node.network(), "the node tells no base fee", null);
        }
        BigInteger latest = node.parseQuantity(block.get("baseFeePerGas"), "baseFeePerGas");
        return latest.add(latest.add(BigInteger.valueOf(7)).shiftRight(3)); // the most it can rise in one block
    }
}
