package dev.x402j.evm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.ChainUnavailableException;
import dev.x402j.core.rpc.JsonRpcClient;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.evm.internal.Abi;
import dev.x402j.evm.internal.EvmRpc;
import dev.x402j.evm.internal.Hex;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheme's node: a JSON-RPC client of the network's endpoints, checked once against the configured chain id, and
 * the readings of its answers that every part of the scheme needs. A node's error that says nothing about the payment
 * becomes a {@link ChainUnavailableException} here, so that no caller reports an outage as the payment's fault.
 * Thread-safe.
 */
final class Node {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(EvmExactScheme.class);

    private final EvmNetworkConfig config;
    private final String network;
    /** The address {@code eth_call}s come from: one of our keys, as the settlement would. */
    private final String caller;
    private final JsonRpcClient rpc;
    private volatile boolean chainChecked;

    Node(EvmNetworkConfig config, String caller) {
        this.config = config;
        this.network = config.network().toString();
        this.caller = caller;
        this.rpc = EvmRpc.client(network, config.chainId(), config.rpcUrls(), config.rpcOptions());
    }

    /** The CAIP-2 id, for messages. */
    String network() {
        return network;
    }

    /** Checks once, on first use, that the endpoint serves the configured chain. */
    void ensureChain() {
        if (chainChecked) {
            return;
        }
        long served;
        try {
            served = parseQuantity(rpc.call("eth_chainId"), "eth_chainId").longValueExact();
        } catch (JsonRpcException e) {
            throw unavailable(e);
        } catch (ArithmeticException e) {
            served = -1;
        }
        if (served != config.chainId()) {
            throw new ChainUnavailableException(network, "the RPC endpoint " + config.endpointForLogs()
                    + " serves chain id " + served + ", not " + config.chainId() + ": check its URL", null);
        }
        chainChecked = true;
    }

    /** One call; the node's error is the caller's to read. */
    JsonNode call(String method, Object... params) {
        return rpc.call(method, params);
    }

    List<Answer> batch(List<Call> calls) {
        return rpc.batch(calls);
    }

    /** {@code eth_call} of {@code to} with {@code data} at the latest block; a revert is the caller's to read. */
    JsonNode simulate(String to, byte[] data) {
        return rpc.call("eth_call", callObject(to, data), "latest");
    }

    Call ethCall(String to, byte[] data) {
        return Call.of("eth_call", callObject(to, data), "latest");
    }

    private Map<String, String> callObject(String to, byte[] data) {
        return Map.of("from", caller, "to", to, "data", Hex.encode(data));
    }

    /** Whether the node has the transaction, in its mempool or a block. */
    boolean transactionKnown(String reference) {
        try {
            return !rpc.call("eth_getTransactionByHash", reference).isNull();
        } catch (JsonRpcException e) {
            throw unavailable(e);
        }
    }

    /** The result of an answer, or the node's error as a fault. */
    JsonNode answer(Answer a) {
        if (a.failed()) {
            throw unavailable(a.error());
        }
        return a.result();
    }

    BigInteger quantity(Answer a, String what) {
        return parseQuantity(answer(a), what);
    }

    BigInteger parseQuantity(JsonNode n, String what) {
        try {
            return Hex.parseQuantity(n == null || !n.isTextual() ? null : n.asText());
        } catch (IllegalArgumentException e) {
            throw new ChainUnavailableException(network, "malformed " + what + " from the node", e);
        }
    }

    /**
     * Decodes an {@code eth_call} answer; {@code null} when the call reverted or returned something undecodable (the
     * token has no such function). A node fault throws.
     */
    <T> T decode(Answer a, String function, Function<byte[], T> decoder) {
        if (a.failed()) {
            if (EvmRpc.isExecutionFailure(a.error())) {
                return null;
            }
            throw unavailable(a.error());
        }
        try {
            String hex = a.result().asText("");
            return Hex.isBytes(hex) ? decoder.apply(Hex.decode(hex)) : null;
        } catch (IllegalArgumentException e) {
            log.debug("{} on {} returned undecodable data: {}", function, network, e.getMessage());
            return null;
        }
    }

    String decodeStringOrNull(Answer a, String function) {
        return decode(a, function, Abi::decodeString);
    }

    ChainUnavailableException unavailable(JsonRpcException e) {
        return new ChainUnavailableException(network, e.getMessage(), e);
    }
}
