package dev.x402j.evm.internal;

import dev.x402j.core.rpc.JsonRpcException;
import java.util.Locale;

/**
 * What an EVM node means when it refuses {@code eth_sendRawTransaction}, read from its error: node implementations word
 * the same causes differently, so each cause is a list of wordings. The scheme decides what a cause means for its
 * nonces; this only names it.
 */
public enum BroadcastError {
    /** The node has this very transaction already (a second send of the same bytes). */
    ALREADY_KNOWN,
    /** Rate limits, overload, internal errors: nothing is said about the transaction, nor whether it got in. */
    TRANSIENT,
    /** Another transaction of the sender holds its nonce (nonce too low, or a same-nonce one the node keeps). */
    NONCE_TAKEN,
    /** The node is missing the sender's nonces below this one. */
    NONCE_TOO_HIGH,
    /** Any other refusal: the node does not have the transaction. */
    REFUSED;

    /** The cause of a refused send, the first that matches in the order of the constants. */
    public static BroadcastError of(JsonRpcException e) {
        String m = e.rpcMessage().toLowerCase(Locale.ROOT);
        if (isAlreadyKnown(m)) {
            return ALREADY_KNOWN;
        }
        if (isTransient(e, m)) {
            return TRANSIENT;
        }
        if (isNonceTooHigh(m)) {
            return NONCE_TOO_HIGH;
        }
        if (isNonceTaken(m)) {
            return NONCE_TAKEN;
        }
        return REFUSED;
    }

    private static boolean isAlreadyKnown(String m) {
        return m.contains("already known") || m.contains("known transaction") || m.contains("already imported")
                || m.contains("alreadyknown") || m.contains("already exists") || m.contains("already in mempool");
    }

    private static boolean isTransient(JsonRpcException e, String m) {
        return e.code() == -32005 || e.code() == -32603 || e.code() == 429 || m.contains("rate limit")
                || m.contains("too many requests") || m.contains("timeout") || m.contains("timed out")
                || m.contains("txpool is full") || m.contains("try again") || m.contains("header not found")
                || m.contains("internal error");
    }

    private static boolean isNonceTaken(String m) {
        return m.contains("nonce too low") || m.contains("nonce is too low") || m.contains("oldnonce")
                || m.contains("nonce has already been used") || m.contains("replacement transaction underpriced")
                || m.contains("replacement fee too low") || m.contains("replacementnotallowed");
    }

    private static boolean isNonceTooHigh(String m) {
        return m.contains("nonce too high") || m.contains("nonce is too high") || m.contains("nonce gap");
    }
}
