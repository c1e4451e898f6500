package dev.x402j.core.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.X402Exception;

/**
 * A JSON-RPC error object answered by a node: the node was reached and refused or failed the call (a reverted
 * {@code eth_call}, a refused transaction, invalid parameters, a rate limit). Transport failures (the node could not be
 * reached, or answered something that is not JSON-RPC) are {@link dev.x402j.core.ChainUnavailableException} instead.
 *
 * <p>What a code or message means is the chain's business: each chain module interprets these with small helpers of its
 * own. {@link JsonRpcErrors#isTransient} tells the errors any node may answer when it is overloaded or behind.
 */
public final class JsonRpcException extends X402Exception {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final int code;
    private final String rpcMessage;
    private final transient JsonNode data;

    public JsonRpcException(String method, int code, String rpcMessage, JsonNode data) {
        super(method + ": " + rpcMessage + " (JSON-RPC error " + code + ")");
        this.method = method;
        this.code = code;
        this.rpcMessage = rpcMessage == null ? "" : rpcMessage;
        this.data = data;
    }

    /** The method called. */
    public String method() {
        return method;
    }

    /** The node's {@code error.code}. */
    public int code() {
        return code;
    }

    /** The node's {@code error.message}, never {@code null}. */
    public String rpcMessage() {
        return rpcMessage;
    }

    /** The node's {@code error.data}, or {@code null}. */
    public JsonNode data() {
        return data;
    }
}
