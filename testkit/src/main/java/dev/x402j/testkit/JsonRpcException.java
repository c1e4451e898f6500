package dev.x402j.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC error answered by the local node (for example a reverted {@code eth_call}).
 *
 * <p>Test infrastructure. {@link #data()} carries the node's {@code error.data}, which for a revert is the
 * ABI-encoded revert reason (custom error selector and arguments) as a 0x-hex string.
 */
public final class JsonRpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient JsonNode data;

    public JsonRpcException(String method, int code, String message, JsonNode data) {
        super(method + " failed: " + message + " (code " + code + (data == null || data.isNull() ? "" : ", data " + data) + ")");
        this.code = code;
        this.data = data;
    }

    /** The JSON-RPC error code. */
    public int code() {
        return code;
    }

    /** The {@code error.data} member, or {@code null} when the node sent none. */
    public JsonNode data() {
        return data;
    }

    /** {@code error.data} as text when it is a string (revert data is {@code 0x}-hex), else {@code null}. */
    public String dataHex() {
        return data != null && data.isTextual() ? data.asText() : null;
    }
}
