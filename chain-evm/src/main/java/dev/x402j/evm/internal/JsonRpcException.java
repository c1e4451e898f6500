package dev.x402j.evm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.X402Exception;
import java.util.Locale;
import java.util.Optional;

/**
 * A JSON-RPC error object answered by an EVM node: the node was reached and refused or failed the call (a reverted
 * {@code eth_call}, a refused transaction, a rate limit). Transport failures are
 * {@link dev.x402j.core.ChainUnavailableException} instead.
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

    public String method() {
        return method;
    }

    public int code() {
        return code;
    }

    /** The node's {@code error.message}. */
    public String rpcMessage() {
        return rpcMessage;
    }

    /** The node's {@code error.data}, or {@code null}. */
    public JsonNode data() {
        return data;
    }

    /**
     * Whether this is an execution failure of the EVM (a revert, an invalid opcode, running out of gas) rather than a
     * fault of the node: code 3 (the standard "execution reverted" with data) or a message that says so.
     */
    public boolean isExecutionFailure() {
        if (code == 3) {
            return true;
        }
        String m = rpcMessage.toLowerCase(Locale.ROOT);
        return m.contains("revert") || m.contains("vm execution error") || m.contains("invalid opcode")
                || m.contains("out of gas") || m.contains("gas required exceeds");
    }

    /** The revert data ({@code error.data} as 0x-hex, also when nested as {@code error.data.data}), if any. */
    public Optional<byte[]> revertData() {
        JsonNode d = data;
        for (int depth = 0; d != null && depth < 3; depth++) {
            if (d.isTextual() && Hex.isBytes(d.asText())) {
                return Optional.of(Hex.decode(d.asText()));
            }
            d = d.isObject() ? d.get("data") : null;
        }
        return Optional.empty();
    }

    /** A description of the revert for messages: the decoded reason if there is one, else the node's message. */
    public String revertReason() {
        return revertData().flatMap(Abi::describeRevert).orElse(rpcMessage);
    }
}
