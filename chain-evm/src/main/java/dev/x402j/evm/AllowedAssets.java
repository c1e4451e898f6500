package dev.x402j.evm;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.PaymentRequirements;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tokens one EVM scheme serves: the catalogue's USDC of the network plus the configured ones
 * ({@link EvmNetworkConfig#assets()}), each with its EIP-712 domain. The facilitator pays the gas of the contract it
 * calls, so a token not listed is never simulated, read or called: an attacker's contract could burn the gas or claim
 * any domain. Fixed at construction; immutable and thread-safe.
 */
final class AllowedAssets {
    private final ChainId network;
    private final Map<String, Asset> byAddress;

    AllowedAssets(ChainId network, NetworkRegistry networks, List<Asset> configured) {
        this.network = network;
        Map<String, Asset> m = new LinkedHashMap<>();
        networks.byChainId(network).flatMap(Network::usdc).filter(Asset::hasEip712Domain).ifPresent(a -> m.put(key(a), a));
        configured.forEach(a -> m.put(key(a), a)); // a configured entry replaces the catalogue's at its address
        this.byAddress = Map.copyOf(m);
    }

    /** The allowed token at {@code address} (any case), if listed. */
    Optional<Asset> find(String address) {
        return address == null ? Optional.empty() : Optional.ofNullable(byAddress.get(address.toLowerCase(Locale.ROOT)));
    }

    List<Asset> all() {
        return List.copyOf(byAddress.values());
    }

    /**
     * Why the requirements' token may not be paid in here, or empty when it is listed and {@code extra} gives its
     * EIP-712 name and version (when it gives them) as listed.
     */
    Optional<Refusal> refusal(PaymentRequirements req) {
        Optional<Asset> listed = find(req.asset());
        if (listed.isEmpty()) {
            return Optional.of(new Refusal(ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "asset " + req.asset()
                    + " is not served on " + network + " (served: " + describe() + "); to accept it, add it to the"
                    + " network's assets (EvmNetworkConfig.withAssets, or the setting x402j.eip155.assets /"
                    + " EVM_ASSETS_<NETWORK>)"));
        }
        Asset a = listed.get();
        Optional<String> name = req.extraText("name").filter(s -> !s.isBlank());
        if (name.isPresent() && !name.get().equals(a.eip712Name())) {
            return Optional.of(new Refusal(EvmReasons.INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH, "token " + a.address()
                    + " (" + a.symbol() + " as allowed on " + network + ") has EIP-712 name \"" + a.eip712Name()
                    + "\", requirements.extra.name is \"" + name.get() + "\""));
        }
        Optional<String> version = req.extraText("version").filter(s -> !s.isBlank());
        if (version.isPresent() && !version.get().equals(a.eip712Version())) {
            return Optional.of(new Refusal(EvmReasons.INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH, "token " + a.address()
                    + " (" + a.symbol() + " as allowed on " + network + ") has EIP-712 version \""
                    + a.eip712Version() + "\", requirements.extra.version is \"" + version.get() + "\""));
        }
        return Optional.empty();
    }

    /** {@code USDC 0x…, TUSD 0x…}, or {@code none}. */
    String describe() {
        return byAddress.isEmpty() ? "none"
                : String.join(", ", byAddress.values().stream().map(a -> a.symbol() + " " + a.address()).toList());
    }

    private static String key(Asset a) {
        return a.address().toLowerCase(Locale.ROOT);
    }
}
