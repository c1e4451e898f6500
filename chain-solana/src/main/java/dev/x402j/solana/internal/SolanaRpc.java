package dev.x402j.solana.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.rpc.JsonRpcClient;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcErrors;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.core.rpc.RpcOptions;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Solana's reading of core's JSON-RPC client: how to build one for a cluster, and what a Solana node's errors mean.
 *
 * <p>Codes worth knowing: -32002 a transaction failed preflight simulation ({@code data.err}, {@code data.logs});
 * -32003 signature verification failed; -32602 invalid parameters (an undecodable transaction); -32005 the node is
 * behind or unhealthy; -32603 internal error; 429 rate limited.
 */
public final class SolanaRpc {
    public static final int SEND_TRANSACTION_PREFLIGHT_FAILURE = -32002;
    public static final int TRANSACTION_SIGNATURE_VERIFICATION_FAILURE = -32003;
    public static final int NODE_UNHEALTHY = JsonRpcErrors.LIMIT_EXCEEDED;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;

    private SolanaRpc() {}

    /**
     * A client of {@code endpoints} (in order of preference) that retries Solana's transient errors too and, when
     * {@code genesisPrefix} is given (a CAIP-2 reference), uses an endpoint only once its {@code getGenesisHash} starts
     * with it.
     *
     * @param network the CAIP-2 id (or another name), for messages
     */
    public static JsonRpcClient client(String network, String genesisPrefix, List<URI> endpoints, RpcOptions options) {
        JsonRpcClient.Builder b = JsonRpcClient.builder(network, endpoints)
                .options(options)
                .transientErrors(SolanaRpc::isTransient);
        if (genesisPrefix != null) {
            b.endpointCheck(Call.of("getGenesisHash"), answer -> {
                String genesis = answer.asText("");
                return genesis.startsWith(genesisPrefix)
                        ? Optional.empty()
                        : Optional.of("serves the chain with genesis hash " + genesis + ", not " + network);
            });
        }
        return b.build();
    }

    /** The transaction error of a failed preflight ({@code data.err}), or {@code null}. */
    public static JsonNode transactionError(JsonRpcException e) {
        JsonNode err = e.data() == null ? null : e.data().get("err");
        return err == null || err.isNull() ? null : err;
    }

    /**
     * Whether the node is overloaded, behind or failing rather than judging the request: retrying later may succeed.
     */
    public static boolean isTransient(JsonRpcException e) {
        int code = e.code();
        return JsonRpcErrors.isTransient(e) || code == NODE_UNHEALTHY || code == INTERNAL_ERROR || code == 429
                || code == -32004 || code == -32007 || code == -32014 || code == -32016;
    }
}
