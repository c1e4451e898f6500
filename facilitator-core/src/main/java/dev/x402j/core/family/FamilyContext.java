package dev.x402j.core.family;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.rpc.RpcOptions;
import java.util.Objects;

/**
 * What every family is configured with: the networks of all families (so that a setting naming another family's
 * network is told so), and the JSON-RPC options of every network served.
 */
public record FamilyContext(NetworkRegistry networks, RpcOptions rpcOptions) {
    public FamilyContext {
        Objects.requireNonNull(networks, "networks");
        Objects.requireNonNull(rpcOptions, "rpcOptions");
    }
}
