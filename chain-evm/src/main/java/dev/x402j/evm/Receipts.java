package dev.x402j.evm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.Confirmation;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.rpc.Polling;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of a sent transaction, from its receipt: status 1 confirmed, status 0 reverted
 * ({@code invalid_exact_evm_transaction_failed}); no receipt yet is pending, saying whether the node has the
 * transaction at all. Thread-safe.
 */
final class Receipts {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(EvmExactScheme.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(150);

    private final Node node;

    Receipts(Node node) {
        this.node = node;
    }

    /** Polls the receipt until {@code timeout}. */
    Confirmation confirm(String transaction, Duration timeout) {
        return Polling.until(node.network(), timeout, POLL_INTERVAL, deadline -> {
            JsonNode receipt = node.call("eth_getTransactionReceipt", transaction);
            return receipt != null && receipt.isObject()
                    ? Optional.of(outcome(transaction, receipt))
                    : Optional.empty();
        }).orElseGet(() -> new Confirmation.Pending(transaction, seen(transaction)));
    }

    /** Whether the node has the transaction (mempool or block); {@code false} when it cannot say. */
    private boolean seen(String transaction) {
        try {
            return node.transactionKnown(transaction);
        } catch (ChainUnavailableException e) {
            return false;
        }
    }

    private Confirmation outcome(String transaction, JsonNode receipt) {
        String status = receipt.path("status").asText("");
        String block = receipt.path("blockNumber").asText("?");
        if (status.equals("0x1")) {
            log.info("settlement {} on {} confirmed in block {}", transaction, node.network(), block);
            return new Confirmation.Confirmed(transaction);
        }
        if (status.equals("0x0")) {
            log.warn("settlement {} on {} reverted in block {}", transaction, node.network(), block);
            return new Confirmation.Failed(transaction, EvmReasons.INVALID_EXACT_EVM_TRANSACTION_FAILED,
                    "settlement transaction " + transaction + " reverted in block " + block);
        }
        throw new ChainUnavailableException(node.network(), "receipt of " + transaction + " has no status", null);
    }
}
