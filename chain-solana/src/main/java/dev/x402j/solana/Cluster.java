package dev.x402j.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.rpc.JsonRpcClient;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.solana.internal.SolanaRpc;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheme's cluster: a JSON-RPC client of the network's endpoints, checked once against the CAIP-2 id (whose
 * reference is the genesis hash's prefix), and the reading of the {@code {context, value}} answers Solana gives.
 * Thread-safe.
 */
final class Cluster {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(SolanaExactScheme.class);

    private final SolanaNetworkConfig config;
    private final String network;
    private final JsonRpcClient rpc;
    private volatile boolean genesisChecked;

    Cluster(SolanaNetworkConfig config) {
        this.config = config;
        this.network = config.network().toString();
        this.rpc = SolanaRpc.client(network, config.network().reference(), config.rpcUrls(), config.rpcOptions());
    }

    /** The CAIP-2 id, for messages. */
    String network() {
        return network;
    }

    /** The configured commitment, for every read, simulation and send. */
    String commitment() {
        return config.commitment();
    }

    /**
     * Checks once, on first use, that the endpoint serves this network. An endpoint that cannot tell its genesis hash
     * (an error that is not transient) is trusted, with a warning.
     */
    void ensureChain() {
        if (genesisChecked) {
            return;
        }
        String genesis;
        try {
            genesis = rpc.call("getGenesisHash").asText("");
        } catch (JsonRpcException e) {
            if (SolanaRpc.isTransient(e)) {
                throw unavailable(e);
            }
            log.warn("{} cannot tell its genesis hash ({}); assuming it serves {}", config.endpointForLogs(),
                    e.rpcMessage(), network);
            genesisChecked = true;
            return;
        }
        if (!genesis.startsWith(config.network().reference())) {
            throw new ChainUnavailableException(network, "the RPC endpoint " + config.endpointForLogs()
                    + " serves the chain with genesis hash " + genesis + ", not " + network + ": check its URL",
                    null);
        }
        genesisChecked = true;
    }

    /** One call; the node's error is the caller's to read. */
    JsonNode call(String method, Object... params) {
        return rpc.call(method, params);
    }

    List<Answer> batch(List<Call> calls) {
        return rpc.batch(calls);
    }

    /** The {@code value} of a batched answer (Solana wraps results in a context), or the node's error as a fault. */
    JsonNode value(Answer a) {
        if (a.failed()) {
            throw unavailable(a.error());
        }
        return a.result().path("value");
    }

    ChainUnavailableException unavailable(JsonRpcException e) {
        return new ChainUnavailableException(network, e.getMessage(), e);
    }

    /** The bytes of an account read with {@code encoding: base64}; {@code null} when it has none in that form. */
    static byte[] accountData(JsonNode account) {
        JsonNode data = account.path("data");
        if (data.isArray() && data.size() == 2 && "base64".equals(data.get(1).asText())) {
            try {
                return Base64.getDecoder().decode(data.get(0).asText());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
