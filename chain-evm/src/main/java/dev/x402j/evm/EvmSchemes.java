package dev.x402j.evm;

import dev.x402j.core.ChainSigner;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import java.time.Clock;
import java.util.List;
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
     * The {@code exact} scheme (EIP-3009 {@code transferWithAuthorization}) on one EVM network, settled from one key.
     *
     * <p>Verification checks the payment in the official SDK's order and simulates the transfer; settlement sends
     * {@code transferWithAuthorization} from {@code signer}, which pays the gas, in an EIP-1559 transaction. Nothing
     * touches the network on construction: the RPC endpoint's chain id is checked on first use. The returned scheme is
     * thread-safe; use one per network.
     *
     * @param config   the network and its RPC endpoint
     * @param signer   the facilitator's key on this network
     * @param clock    the time against which authorizations' validity windows are checked
     * @param networks names the network for x402 v1 and knows its USDC (to fill {@code extra} without RPC)
     */
    public static Scheme exact(EvmNetworkConfig config, ChainSigner signer, Clock clock, NetworkRegistry networks) {
        return exact(config, List.of(Objects.requireNonNull(signer, "signer")), clock, networks);
    }

    /**
     * The {@code exact} scheme on one EVM network, settled from several keys in rotation: each settlement goes out from
     * the next key, so their transactions do not queue behind one account's nonces. Each key counts its own nonces
     * (locally, from the chain's pending count; a nonce taken and never sent is reused first, so no gap is left) under
     * its own lock. A stuck transaction is replaced from the key that signed it; {@code /supported} lists every key.
     *
     * @param signers the facilitator's keys on this network, at least one, no address twice
     * @throws IllegalArgumentException if {@code signers} is empty, repeats an address or holds a non-EVM address
     */
    public static Scheme exact(
            EvmNetworkConfig config, List<? extends ChainSigner> signers, Clock clock, NetworkRegistry networks) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(signers, "signers");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(networks, "networks");
        return new EvmExactScheme(config, signers, clock, networks); // which checks the keys
    }
}
