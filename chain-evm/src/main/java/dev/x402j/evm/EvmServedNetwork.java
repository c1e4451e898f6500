package dev.x402j.evm;

import dev.x402j.core.Asset;
import dev.x402j.core.Network;
import dev.x402j.core.family.RpcSource;
import dev.x402j.core.family.ServedNetwork;
import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One EVM network a configured facilitator settles on, its endpoints, and the cap on the fee per gas of its
 * settlement transactions.
 *
 * @param maxFeePerGas the most a settlement transaction may offer per gas, in wei, or {@code null} for no cap
 * @param assets       the tokens served besides the network's USDC ({@link EvmNetworkConfig#assets()})
 * @param maxGas       the most gas one settlement transaction may use ({@link EvmNetworkConfig#maxGas()})
 */
public record EvmServedNetwork(ServedNetwork served, BigInteger maxFeePerGas, List<Asset> assets, long maxGas) {
    public EvmServedNetwork {
        Objects.requireNonNull(served, "served");
        assets = assets == null ? List.of() : List.copyOf(assets);
        if (maxGas < EvmNetworkConfig.MIN_MAX_GAS) {
            throw new IllegalArgumentException("maxGas of " + served.network().name() + " must be at least "
                    + EvmNetworkConfig.MIN_MAX_GAS);
        }
        if (maxFeePerGas != null && maxFeePerGas.signum() <= 0) {
            throw new IllegalArgumentException("maxFeePerGas of " + served.network().name() + " must be positive, or null");
        }
    }

    /** No token besides the network's USDC. */
    public EvmServedNetwork(ServedNetwork served, BigInteger maxFeePerGas) {
        this(served, maxFeePerGas, List.of(), EvmNetworkConfig.DEFAULT_MAX_GAS);
    }

    /**
     * The tokens a scheme of this network serves besides the registry's USDC: the served network's own USDC (a dev or
     * custom chain's, which the registry may not know) and the configured ones, each address once (configured last).
     */
    List<Asset> allAssets() {
        java.util.Map<String, Asset> m = new java.util.LinkedHashMap<>();
        network().usdc().filter(Asset::hasEip712Domain).ifPresent(a -> m.put(a.address().toLowerCase(java.util.Locale.ROOT), a));
        assets.forEach(a -> m.put(a.address().toLowerCase(java.util.Locale.ROOT), a));
        return List.copyOf(m.values());
    }

    public Network network() {
        return served.network();
    }

    public List<URI> rpcUrls() {
        return served.rpcUrls();
    }

    /** The preferred endpoint. */
    public URI rpcUrl() {
        return served.rpcUrl();
    }

    public RpcSource rpcSource() {
        return served.rpcSource();
    }

    /** {@code https://host[:port]} of each endpoint: safe to log. */
    public String endpointForLogs() {
        return served.endpointForLogs();
    }

    @Override
    public String toString() {
        String s = served.toString();
        String more = (maxFeePerGas == null ? "" : ", max fee per gas " + EvmFeeCap.format(maxFeePerGas))
                + (assets.isEmpty() ? "" : ", assets " + assets.stream().map(a -> a.symbol() + " " + a.address()).toList());
        return more.isEmpty() ? s : s.substring(0, s.length() - 1) + more + ")";
    }
}
