package dev.x402j.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A local node of the testkit ({@link AnvilChain}, {@link LiteSvmRpc}) answered a JSON-RPC call with an error object,
 * for example a reverted {@code eth_call}. A node that cannot be reached is an {@link java.io.UncheckedIOException}.
 *
 * <p>Test infrastructure, not facilitator-core's {@code NodeRpcException}: the testkit depends on no x402j module, so
 * that every module's tests can use it.
 */
public final class NodeRpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int code;
    private final String dataHex;

    /** {@code error} is the answer's {@code error} member: {@code code}, {@code message}, optional {@code data}. */
    NodeRpcException(String method, JsonNode error) {
        super(describe(method, error));
        this.code = error.path("code").asInt();
        JsonNode data = error.get("data");
        this.dataHex = data != null && data.isTextual() ? data.asText() : null;
    }

    private static String describe(String method, JsonNode error) {
        JsonNode data = error.get("data");
        return method + " failed: " + error.path("message").asText() + " (code " + error.path("code").asInt()
                + (data == null || data.isNull() ? "" : ", data " + data) + ")";
    }

    /** The JSON-RPC error code. */
    public int code() {
        return code;
    }

    /**
     * The node's {@code error.data} when it is a string, else {@code null}. For a revert it is the ABI-encoded revert
     * reason (custom error selector and arguments) as 0x-hex.
     */
    public String dataHex() {
        return dataHex;
    }
}
