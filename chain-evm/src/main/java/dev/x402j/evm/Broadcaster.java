package dev.x402j.evm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.BroadcastRejectedException;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.evm.FreshTransactions.Reserved;
import dev.x402j.evm.KeyRotation.Ours;
import dev.x402j.evm.internal.BroadcastError;
import dev.x402j.evm.internal.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends our transactions and keeps each key's nonces in step with what the node answers: a nonce is marked sent once
 * the node has the transaction, handed back when the node refused it for good on its first send, and re-read from the
 * chain when the node says it is taken or too high. Thread-safe.
 */
final class Broadcaster {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(EvmExactScheme.class);

    private final Node node;
    private final KeyRotation keys;
    private final FreshTransactions transactions;

    Broadcaster(Node node, KeyRotation keys, FreshTransactions transactions) {
        this.node = node;
        this.keys = keys;
        this.transactions = transactions;
    }

    /**
     * Sends {@code transaction}; the node having it already is a success.
     *
     * @throws ChainUnavailableException when it is unknown whether the node has it (its nonce stays taken, and the
     *     same bytes are sent again later)
     * @throws BroadcastRejectedException when it can never land ({@link BroadcastRejectedException#nonceConsumed()}
     *     when another transaction took its nonce)
     */
    void send(SignedTransaction transaction) {
        String reference = transaction.reference();
        Ours ours = keys.ours(transaction);
        // Reserved: this is the first send of a transaction signed with a fresh nonce.
        Reserved reserved = transactions.firstSend(reference);
        JsonNode answer;
        try {
            node.ensureChain();
            answer = node.call("eth_sendRawTransaction", Hex.encode(transaction.bytes()));
        } catch (JsonRpcException e) {
            refused(reference, ours, reserved, e);
            return;
        }
        if (answer.isTextual() && !answer.asText().equalsIgnoreCase(reference)) {
            log.warn("broadcast {} on {}: the node answered another hash, {}", reference, node.network(),
                    answer.asText());
        }
        sent(ours);
        log.info("broadcast settlement {} on {}", reference, node.network());
    }

    /** What a refused send means for the transaction and its key's nonces; returns when the node has it after all. */
    private void refused(String reference, Ours ours, Reserved reserved, JsonRpcException e) {
        BroadcastError cause = BroadcastError.of(e);
        switch (cause) {
            case ALREADY_KNOWN -> {
                log.debug("broadcast {} on {}: the node already has it", reference, node.network());
                sent(ours);
            }
            case TRANSIENT -> throw node.unavailable(e); // unknown whether it got in: it will be sent again
            case NONCE_TAKEN, NONCE_TOO_HIGH -> nonceRefused(reference, ours, cause, e);
            case REFUSED -> {
                if (reserved != null) {
                    reserved.slot().nonces().release(reserved.nonce()); // never in the node: no gap is left behind
                }
                log.warn("broadcast {} on {} refused: {}", reference, node.network(), e.rpcMessage());
                throw new BroadcastRejectedException(ErrorReason.UNEXPECTED_SETTLE_ERROR,
                        "the node refused settlement transaction " + reference + ": " + e.rpcMessage());
            }
        }
    }

    /** A refusal over the nonce: fine if the node has this very transaction, else the key's nonces are re-read. */
    private void nonceRefused(String reference, Ours ours, BroadcastError cause, JsonRpcException e) {
        if (node.transactionKnown(reference)) {
            log.debug("broadcast {} on {}: the node has it already (mined or pending)", reference, node.network());
            sent(ours);
            return;
        }
        if (cause == BroadcastError.NONCE_TOO_HIGH) {
            if (ours != null) {
                ours.slot().nonces().resync(transactions.counts(ours.slot()));
            }
            throw new ChainUnavailableException(node.network(), "the node refused settlement transaction "
                    + reference + " for now (" + e.rpcMessage() + "): it will be sent again", e);
        }
        String holder = ours == null ? "its nonce" : "nonce " + ours.transaction().nonce() + " of "
                + ours.slot().address();
        if (ours != null) {
            ours.slot().nonces().consumed(ours.transaction().nonce(), transactions.counts(ours.slot()));
        }
        log.warn("broadcast {} on {}: {} is taken by another transaction ({})", reference, node.network(), holder,
                e.rpcMessage());
        throw BroadcastRejectedException.nonceConsumed(ErrorReason.UNEXPECTED_SETTLE_ERROR, "settlement transaction "
                + reference + " can never land: " + holder + " is taken by another transaction ("
                + e.rpcMessage() + ")");
    }

    private static void sent(Ours ours) {
        if (ours != null) {
            ours.slot().nonces().sent(ours.transaction().nonce());
        }
    }
}
