package dev.x402j.core;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A network x402j knows by name.
 *
 * @param name    the friendly name users type and x402 v1 puts on the wire, lower case, e.g. {@code base-sepolia}
 * @param chainId its CAIP-2 id, what x402 v2 puts on the wire, e.g. {@code eip155:84532}
 * @param testnet whether it is a test network (no real money)
 * @param usdc    the network's USDC, when x402j knows one
 */
public record Network(String name, ChainId chainId, boolean testnet, Optional<Asset> usdc) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public Network {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid network name " + (name == null ? "null" : "'" + name + "'")
                    + ": expected 1 to 64 characters of [a-z0-9_-], starting with a letter or digit, e.g. base-sepolia");
        }
        Objects.requireNonNull(chainId, () -> "network '" + name + "': chain id must not be null");
        Objects.requireNonNull(usdc, () -> "network '" + name + "': usdc must be an Optional, not null");
    }

    /** A network with a USDC. */
    public static Network of(String name, ChainId chainId, boolean testnet, Asset usdc) {
        return new Network(name, chainId, testnet, Optional.of(usdc));
    }

    /** A network without a known USDC. */
    public static Network withoutUsdc(String name, ChainId chainId, boolean testnet) {
        return new Network(name, chainId, testnet, Optional.empty());
    }

    public boolean isEvm() {
        return chainId.isEvm();
    }
}
