package dev.x402j.solana;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.ChainSigner;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.family.ServedFamily;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.core.rpc.RpcOptions;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The Solana family as configured: the facilitator's fee payers (handed out in rotation on every cluster) and the
 * clusters served with their endpoints. {@link #toString()} shows addresses, never keys.
 */
public record SolanaServing(List<? extends ChainSigner> feePayers, List<ServedNetwork> networks, RpcOptions rpcOptions,
        Map<ChainId, List<Asset>> assets) implements ServedFamily {

    public SolanaServing {
        feePayers = List.copyOf(feePayers);
        networks = List.copyOf(networks);
        assets = Map.copyOf(assets);
    }

    /** Each network serving its catalogue USDC only. */
    public SolanaServing(List<? extends ChainSigner> feePayers, List<ServedNetwork> networks, RpcOptions rpcOptions) {
        this(feePayers, networks, rpcOptions, Map.of());
    }

    @Override
    public List<String> signerAddresses() {
        return feePayers.stream().map(ChainSigner::address).toList();
    }

    @Override
    public List<Scheme> schemes(Clock clock, NetworkRegistry registry) {
        return networks.stream()
                .map(n -> SolanaSchemes.exact(SolanaNetworkConfig.of(n.network().chainId(), n.rpcUrls())
                        .withRpcOptions(rpcOptions)
                        .withAssets(assets.getOrDefault(n.network().chainId(), List.of())), feePayers, clock, registry))
                .toList();
    }

    @Override
    public String describe() {
        return "facilitator fee payers " + signerAddresses() + " serve " + networks
                + (assets.isEmpty() ? "" : " with extra mints " + assets);
    }

    @Override
    public String toString() {
        return "SolanaServing[feePayers=" + signerAddresses() + ", networks=" + networks + "]";
    }
}
