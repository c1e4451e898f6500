package dev.x402j.solana.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.X402Exception;

/**
 * A JSON-RPC error object answered by a Solana node: the node was reached and refused or failed the call. Transport
 * failures are {@link dev.x402j.core.ChainUnavailableException} instead.
 *
 * <p>Codes worth knowing: -32002 a transaction failed preflight simulation ({@code data.err}, {@code data.logs});
 * -32003 signature verification failed; -32602 invalid parameters (an undecodable transaction); -32005 the node is
 * behind or unhealthy; -32603 internal error; 429 rate limited.
 */
public final class RpcException extends X402Exception {
    private static final long serialVersionUID = 1L;

    public static final int SEND_TRANSACTION_PREFLIGHT_FAILURE = -32002;
    public static final int TRANSACTION_SIGNATURE_VERIFICATION_FAILURE = -32003;
    public static final int NODE_UNHEALTHY = -32005;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private final String method;
    private final int code;
    private final String rpcMessage;
    private final transient JsonNode data;

    public RpcException(String method, int code, String rpcMessage, JsonNode data) {
        super(method + ": " + rpcMessage + " (JSON-RPC error " + code + ")");
        this.method = method;
        this.code = code;
        this.rpcMessage = rpcMessage == null ? "" : rpcMessage;
        this.data = data;
    }

    public String method() {
        return method;
    }

    public int code() {
        return code;
    }

    public String rpcMessage() {
        return rpcMessage;
    }

    /** {@code error.data}, or {@code null}. */
    public JsonNode data() {
        return data;
    }

    /** The transaction error of a failed preflight ({@code data.err}), or {@code null}. */
    public JsonNode transactionError() {
        JsonNode err = data == null ? null : data.get("err");
        return err == null || err.isNull() ? null : err;
    }

    /**
     * Whether the node is overloaded, behind or failing rather than judging the request: retrying later may succeed.
     */
    public boolean isTransient() {
        return code == NODE_UNHEALTHY || code == INTERNAL_ERROR || code == 429 || code == -32004 || code == -32007
                || code == -32014 || code == -32016;
    }
}
