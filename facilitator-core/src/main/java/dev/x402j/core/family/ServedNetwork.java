package dev.x402j.core.family;

import dev.x402j.core.Network;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One network a configured family settles on, the JSON-RPC endpoints it uses, in order of preference, and where they
 * came from. {@link #toString()} shows the endpoints' scheme and host only (providers put API keys in the path or the
 * query).
 */
public record ServedNetwork(Network network, List<URI> rpcUrls, RpcSource rpcSource) {
    public ServedNetwork {
        Objects.requireNonNull(network, "network");
        rpcUrls = List.copyOf(rpcUrls);
        if (rpcUrls.isEmpty()) {
            throw new IllegalArgumentException("rpcUrls of " + network.name() + " is empty");
        }
        Objects.requireNonNull(rpcSource, "rpcSource");
    }

    /** The preferred endpoint. */
    public URI rpcUrl() {
        return rpcUrls.get(0);
    }

    /** {@code https://host[:port]} of each endpoint, comma separated: safe to log. */
    public String endpointForLogs() {
        return endpointsForLogs(rpcUrls);
    }

    /** {@code https://host[:port]} of an endpoint: no user info, path or query (where providers put API keys). */
    public static String endpointForLogs(URI rpcUrl) {
        return rpcUrl.getScheme() + "://" + rpcUrl.getHost() + (rpcUrl.getPort() >= 0 ? ":" + rpcUrl.getPort() : "");
    }

    /** {@link #endpointForLogs(URI)} of each endpoint, comma separated. */
    public static String endpointsForLogs(List<URI> rpcUrls) {
        return rpcUrls.stream().map(ServedNetwork::endpointForLogs).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return network.name() + " (" + network.chainId() + ", rpc " + rpcSource.label() + " " + endpointForLogs() + ")";
    }
}
