package dev.x402j.core.gate;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Price;
import dev.x402j.core.model.PaymentRequirements;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * One way to pay for a route: a price on a network, paid to {@code payTo}. Either a dollar price ({@code "$0.01"},
 * paid in the network's USDC) or an exact atomic amount of a named asset.
 *
 * @param price a dollar price, or {@code null} when {@code amount} and {@code asset} are given
 * @param extra scheme-specific extras to send with the requirements (e.g. EVM {@code name}/{@code version})
 */
public record Offer(
        String scheme, String network, String price, BigInteger amount, String asset, String payTo, Duration maxTimeout, ObjectNode extra) {

    public Offer {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(payTo, "payTo");
        Objects.requireNonNull(maxTimeout, "maxTimeout");
        if ((price == null) == (amount == null)) {
            throw new IllegalArgumentException("an offer has either a dollar price or an atomic amount, not both or neither");
        }
        if (amount != null && (asset == null || amount.signum() < 0)) {
            throw new IllegalArgumentException("an atomic offer needs an asset and a non-negative amount");
        }
        extra = extra == null ? JsonNodeFactory.instance.objectNode() : extra.deepCopy();
    }

    /** {@code price} (e.g. {@code "$0.01"}) in the USDC of {@code network} (a name or CAIP-2 id), scheme {@code exact}. */
    public static Offer usd(String price, String network, String payTo) {
        return new Offer("exact", network, price, null, null, payTo, Duration.ofSeconds(60), null);
    }

    /** Exactly {@code amount} atomic units of {@code asset} on {@code network}, scheme {@code exact}. */
    public static Offer atomic(BigInteger amount, String asset, String network, String payTo) {
        return new Offer("exact", network, null, amount, asset, payTo, Duration.ofSeconds(60), null);
    }

    public Offer withScheme(String newScheme) {
        return new Offer(newScheme, network, price, amount, asset, payTo, maxTimeout, extra);
    }

    public Offer withMaxTimeout(Duration timeout) {
        return new Offer(scheme, network, price, amount, asset, payTo, timeout, extra);
    }

    public Offer withExtra(ObjectNode newExtra) {
        return new Offer(scheme, network, price, amount, asset, payTo, maxTimeout, newExtra);
    }

    @Override
    public ObjectNode extra() {
        return extra.deepCopy();
    }

    /**
     * The x402 requirements of this offer: network as CAIP-2, dollar prices converted exactly into the USDC's atomic
     * units, and the USDC's EIP-712 name/version in {@code extra} when known.
     *
     * @throws IllegalArgumentException if the network is unknown, has no known USDC for a dollar price, or the price
     *     has more precision than the asset
     */
    public PaymentRequirements toRequirements(NetworkRegistry networks) {
        Network net = networks.resolve(network)
                .orElseThrow(() -> new IllegalArgumentException("offer network '" + network + "' is unknown"));
        ObjectNode ex = extra.deepCopy();
        BigInteger atomic = amount;
        String assetAddress = asset;
        if (price != null) {
            Asset usdc = net.usdc()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "network '" + network + "' has no known USDC; give an atomic amount and an asset instead of " + price));
            atomic = Price.toAtomic(price, usdc.decimals());
            assetAddress = usdc.address();
            if (usdc.eip712Name() != null) {
                if (!ex.has("name")) {
                    ex.put("name", usdc.eip712Name());
                }
                if (!ex.has("version")) {
                    ex.put("version", usdc.eip712Version());
                }
            }
        }
        return new PaymentRequirements(scheme, net.chainId().toString(), atomic, assetAddress, payTo,
                (int) Math.min(Integer.MAX_VALUE, maxTimeout.toSeconds()), ex);
    }
}
