package dev.x402j.evm;

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
 */
public record EvmServedNetwork(ServedNetwork served, BigInteger maxFeePerGas) {
    public EvmServedNetwork {
        Objects.requireNonNull(served, "served");
        if (maxFeePerGas != null && maxFeePerGas.signum() <= 0) {
            throw new IllegalArgumentException("maxFeePerGas of " + served.network().name() + " must be positive, or null");
        }
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
        return maxFeePerGas == null ? s
                : s.substring(0, s.length() - 1) + ", max fee per gas " + EvmFeeCap.format(maxFeePerGas) + ")";
    }
}
