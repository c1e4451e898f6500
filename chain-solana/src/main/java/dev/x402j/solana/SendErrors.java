package dev.x402j.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.BroadcastRejectedException;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.X402Exception;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.solana.internal.SolanaRpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node's refusal of {@code sendTransaction} (sent with preflight) means. "Already processed" is a success: the
 * same bytes were sent before. A preflight failure, a signature failure or an unreadable transaction is a definite
 * refusal; anything else, transient or not, leaves the outcome unknown.
 */
final class SendErrors {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(SolanaExactScheme.class);

    private SendErrors() {}

    /** The node has processed these very bytes already. */
    static boolean alreadyProcessed(JsonRpcException e) {
        JsonNode err = SolanaRpc.transactionError(e);
        return (err != null && "AlreadyProcessed".equals(err.asText()))
                || e.rpcMessage().contains("already been processed");
    }

    /**
     * The fault to throw for a refusal that is not {@linkplain #alreadyProcessed already processed}: a
     * {@link BroadcastRejectedException} when the transaction will never land, else a
     * {@link ChainUnavailableException}.
     *
     * @param id the transaction's signature, for messages
     */
    static X402Exception fault(Cluster cluster, String id, JsonRpcException e) {
        if (SolanaRpc.isTransient(e)) {
            return cluster.unavailable(e);
        }
        if (e.code() == SolanaRpc.SEND_TRANSACTION_PREFLIGHT_FAILURE) {
            JsonNode err = SolanaRpc.transactionError(e);
            ErrorReason reason = err != null && Simulation.isTokenInsufficientFunds(err)
                    ? ErrorReason.INSUFFICIENT_FUNDS
                    : SolanaReasons.TRANSACTION_SIMULATION_FAILED;
            log.warn("broadcast {} on {} refused by preflight: {}", id, cluster.network(), e.rpcMessage());
            return new BroadcastRejectedException(reason, "the node refused settlement transaction " + id + ": "
                    + e.rpcMessage());
        }
        if (e.code() == SolanaRpc.TRANSACTION_SIGNATURE_VERIFICATION_FAILURE) {
            return new BroadcastRejectedException(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                    "the node refused the signatures of settlement transaction " + id + ": " + e.rpcMessage());
        }
        if (e.code() == SolanaRpc.INVALID_PARAMS) {
            return new BroadcastRejectedException(SolanaReasons.TRANSACTION_FAILED,
                    "the node cannot read settlement transaction " + id + ": " + e.rpcMessage());
        }
        return cluster.unavailable(e);
    }
}
