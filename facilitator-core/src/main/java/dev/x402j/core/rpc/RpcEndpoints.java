package dev.x402j.core.rpc;

import dev.x402j.core.ChainId;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks of the RPC settings that every chain's network configuration shares. Messages name an endpoint by its
 * position and never quote a URL, which may embed an API key.
 */
public final class RpcEndpoints {
    private RpcEndpoints() {}

    /**
     * The endpoints, each http(s) with a host and listed once, as an immutable list in the given order.
     *
     * @throws IllegalArgumentException naming the first endpoint that is not
     */
    public static List<URI> checked(ChainId network, List<URI> rpcUrls) {
        if (rpcUrls == null || rpcUrls.isEmpty()) {
            throw new IllegalArgumentException("rpcUrl is required for " + network + " (at least one)");
        }
        List<URI> out = new ArrayList<>(rpcUrls.size());
        Set<URI> seen = new HashSet<>();
        for (int i = 0; i < rpcUrls.size(); i++) {
            URI url = rpcUrls.get(i);
            String which = rpcUrls.size() == 1 ? "rpcUrl" : "rpcUrl " + (i + 1) + " of " + rpcUrls.size();
            if (url == null) {
                throw new IllegalArgumentException(which + " of " + network + " is null");
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException(which + " of " + network + " must be an http or https URL");
            }
            if (url.getHost() == null || url.getHost().isBlank()) {
                throw new IllegalArgumentException(which + " of " + network + " has no host");
            }
            if (!seen.add(url)) {
                throw new IllegalArgumentException(which + " of " + network + " repeats an earlier URL ("
                        + JsonRpcClient.loggable(url) + ")");
            }
            out.add(url);
        }
        return List.copyOf(out);
    }

    /** One endpoint as a list. */
    public static List<URI> single(ChainId network, URI rpcUrl) {
        if (rpcUrl == null) {
            throw new IllegalArgumentException("rpcUrl is required for " + network);
        }
        return List.of(rpcUrl);
    }

    /** The default options with {@code rpcTimeout} per request. */
    public static RpcOptions withTimeout(ChainId network, Duration rpcTimeout) {
        if (rpcTimeout == null || rpcTimeout.isNegative() || rpcTimeout.isZero()) {
            throw new IllegalArgumentException("rpcTimeout of " + network + " must be a positive duration");
        }
        return RpcOptions.defaults().withRequestTimeout(rpcTimeout);
    }

    /** The endpoints as {@code scheme://host:port}, comma separated: safe to log. */
    public static String forLogs(List<URI> rpcUrls) {
        return rpcUrls.stream().map(JsonRpcClient::loggable).collect(Collectors.joining(", "));
    }
}
