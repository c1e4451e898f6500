package dev.x402j.evm.internal;

import dev.x402j.core.rpc.JsonRpcClient;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.core.rpc.RpcOptions;
import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The EVM's reading of core's JSON-RPC client: how to build one for a chain, and what an EVM node's errors mean. */
public final class EvmRpc {
    private EvmRpc() {}

    /**
     * A client of {@code endpoints} (in order of preference) that uses an endpoint only once it answered
     * {@code eth_chainId} with {@code chainId}.
     */
    public static JsonRpcClient client(String network, long chainId, List<URI> endpoints, RpcOptions options) {
        return JsonRpcClient.builder(network, endpoints)
                .options(options)
                .endpointCheck(Call.of("eth_chainId"), answer -> {
                    BigInteger served;
                    try {
                        served = Hex.parseQuantity(answer.isTextual() ? answer.asText() : null);
                    } catch (IllegalArgumentException e) {
                        return Optional.of("answers eth_chainId with " + answer + ", not a chain id");
                    }
                    return served.equals(BigInteger.valueOf(chainId))
                            ? Optional.empty()
                            : Optional.of("serves chain id " + served + ", not " + chainId);
                })
                .build();
    }

    /**
     * Whether this is an execution failure of the EVM (a revert, an invalid opcode, running out of gas) rather than a
     * fault of the node: code 3 (the standard "execution reverted" with data) or a message that says so.
     */
    public static boolean isExecutionFailure(JsonRpcException e) {
        if (e.code() == 3) {
            return true;
        }
        String m = e.rpcMessage().toLowerCase(Locale.ROOT);
        return m.contains("revert") || m.contains("vm execution error") || m.contains("invalid opcode")
                || m.contains("out of gas") || m.contains("gas required exceeds");
    }

    /** The revert data ({@code error.data} as 0x-hex, also when nested as {@code error.data.data}), if any. */
    public static Optional<byte[]> revertData(JsonRpcException e) {
        var d = e.data();
        for (int depth = 0; d != null && depth < 3; depth++) {
            if (d.isTextual() && Hex.isBytes(d.asText())) {
                return Optional.of(Hex.decode(d.asText()));
            }
            d = d.isObject() ? d.get("data") : null;
        }
        return Optional.empty();
    }

    /** A description of the revert for messages: the decoded reason if there is one, else the node's message. */
    public static String revertReason(JsonRpcException e) {
        return revertData(e).flatMap(Abi::describeRevert).orElse(e.rpcMessage());
    }
}
