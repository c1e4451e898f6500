package dev.x402j.evm;

import dev.x402j.core.ChainSigner;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.family.ServedFamily;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.core.rpc.RpcOptions;
import java.time.Clock;
import java.util.List;

/**
 * The EVM family as configured: the facilitator's keys (settling in rotation on every network) and the networks
 * served, each with its endpoints and fee cap. {@link #toString()} shows addresses, never keys.
 */
public record EvmServing(List<? extends ChainSigner> signers, List<EvmServedNetwork> evmNetworks, RpcOptions rpcOptions)
        implements ServedFamily {

    public EvmServing {
        signers = List.copyOf(signers);
        evmNetworks = List.copyOf(evmNetworks);
    }

    @Override
    public List<ServedNetwork> networks() {
        return evmNetworks.stream().map(EvmServedNetwork::served).toList();
    }

    @Override
    public List<String> signerAddresses() {
        return signers.stream().map(ChainSigner::address).toList();
    }

    @Override
    public List<Scheme> schemes(Clock clock, NetworkRegistry networks) {
        return evmNetworks.stream()
                .map(n -> EvmSchemes.exact(EvmNetworkConfig.of(n.network().chainId(), n.rpcUrls())
                        .withRpcOptions(rpcOptions)
                        .withMaxFeePerGas(n.maxFeePerGas())
                        .withAssets(n.allAssets())
                        .withMaxGas(n.maxGas()), signers, clock, networks))
                .toList();
    }

    @Override
    public String describe() {
        return "facilitator keys " + signerAddresses() + " serve " + evmNetworks;
    }

    @Override
    public String toString() {
        return "EvmServing[signers=" + signerAddresses() + ", networks=" + evmNetworks + "]";
    }
}
