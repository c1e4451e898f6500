package dev.x402j.evm;

import dev.x402j.core.ChainSigner;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.evm.internal.Hex;
import java.time.Clock;
import java.util.Objects;

/**
 * The payment schemes of EVM chains. Register the result with the facilitator:
 *
 * <pre>{@code
 * EvmNetworkConfig baseSepolia = EvmNetworkConfig.of(ChainId.eip155(84532), URI.create("https://sepolia.base.org"));
 * Facilitator facilitator = Facilitator.builder()
 *         .scheme(EvmSchemes.exact(baseSepolia, EvmPrivateKeySigner.fromHex(key), clock, NetworkRegistry.defaults()))
 *         .build();
 * }</pre>
 */
public final class EvmSchemes {
    private EvmSchemes() {}

    /**
     * The {@code exact} scheme (EIP-3009 {@code transferWithAuthorization}) on one EVM network.
     *
     * <p>Verification checks the payment in the official SDK's order and simulates the transfer; settlement sends
     * {@code transferWithAuthorization} from {@code signer}, which pays the gas, in an EIP-1559 transaction. Nothing
     * touches the network on construction: the RPC endpoint's chain id is checked on first use. The returned scheme is
     * thread-safe; use one per (network, signer).
     *
     * @param config   the network and its RPC endpoint
     * @param signer   the facilitator's key on this network
     * @param clock    the time against which authorizations' validity windows are checked
     * @param networks names the network for x402 v1 and knows its USDC (to fill {@code extra} without RPC)
     */
    public static Scheme exact(EvmNetworkConfig config, ChainSigner signer, Clock clock, NetworkRegistry networks) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(networks, "networks");
        if (!Hex.isAddress(signer.address())) {
            throw new IllegalArgumentException("the signer's address must be an EVM address (0x + 40 hex digits)");
        }
        return new EvmExactScheme(config, signer, clock, networks);
    }
}
