package dev.x402j.server;

import java.util.List;

/** The EVM and Solana networks this server settles on, with where their RPC endpoints come from. */
public record ServedNetworks(List<ServerSettings.EvmNetwork> evm, List<ServerSettings.SvmNetwork> svm) {
    public ServedNetworks {
        evm = List.copyOf(evm);
        svm = List.copyOf(svm);
    }
}
