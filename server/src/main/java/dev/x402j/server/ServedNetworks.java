package dev.x402j.server;

import java.util.List;

/** The EVM networks this server settles on, with where their RPC endpoints come from. */
public record ServedNetworks(List<ServerSettings.EvmNetwork> evm) {
    public ServedNetworks {
        evm = List.copyOf(evm);
    }
}
