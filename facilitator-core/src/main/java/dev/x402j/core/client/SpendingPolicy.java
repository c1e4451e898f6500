package dev.x402j.core.client;

import dev.x402j.core.Asset;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Price;
import dev.x402j.core.model.PaymentRequirements;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a paying client is willing to pay per request: a ceiling per (network, asset), optionally only on some
 * networks, and for how long a signed payment may stay valid. An asset without a ceiling is never paid — a client
 * must opt in to every asset it spends. Immutable.
 *
 * <p>The validity bound matters because an EVM authorization is signed valid until now + {@code maxTimeoutSeconds}:
 * a server asking for a decade could hold the signature and settle it whenever it likes. By default a payment is
 * signed only when the server asks for at most {@link #DEFAULT_MAX_TIMEOUT}.
 */
public final class SpendingPolicy {
    /** The longest validity a policy accepts unless {@link Builder#maxTimeout} says otherwise. */
    public static final Duration DEFAULT_MAX_TIMEOUT = Duration.ofMinutes(10);

    private final Map<String, BigInteger> maxByAsset;
    private final Set<String> networks;
    private final String usdCeiling;
    private final Duration maxTimeout;

    private SpendingPolicy(Builder b) {
        this.maxByAsset = Map.copyOf(b.maxByAsset);
        this.networks = Set.copyOf(b.networks);
        this.usdCeiling = b.usdCeiling;
        this.maxTimeout = b.maxTimeout;
    }

    /** The longest {@code maxTimeoutSeconds} this policy signs for. */
    public Duration maxTimeout() {
        return maxTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Why this policy refuses to pay {@code requirements}, or empty when it allows it. */
    public Optional<String> refusal(PaymentRequirements requirements, NetworkRegistry registry) {
        Optional<Network> network = registry.resolve(requirements.network());
        String caip2 = network.map(n -> n.chainId().toString()).orElse(requirements.network());
        if (!networks.isEmpty() && !networks.contains(caip2)) {
            return Optional.of("network " + caip2 + " is not allowed");
        }
        if (requirements.maxTimeoutSeconds() > maxTimeout.toSeconds()) {
            return Optional.of("maxTimeoutSeconds " + requirements.maxTimeoutSeconds() + " exceeds the "
                    + maxTimeout.toSeconds() + " s this client signs for (SpendingPolicy.Builder.maxTimeout)");
        }
        BigInteger ceiling = maxByAsset.get(key(caip2, requirements.asset()));
        if (ceiling == null && usdCeiling != null) {
            Optional<Asset> usdc = network.flatMap(Network::usdc).filter(u -> u.address().equalsIgnoreCase(requirements.asset()));
            if (usdc.isPresent()) {
                ceiling = Price.toAtomic(usdCeiling, usdc.get().decimals());
            }
        }
        if (ceiling == null) {
            return Optional.of("asset " + requirements.asset() + " on " + caip2 + " has no spending limit, so it is not paid");
        }
        if (requirements.amount().compareTo(ceiling) > 0) {
            return Optional.of("amount " + requirements.amount() + " exceeds the limit of " + ceiling + " per request");
        }
        return Optional.empty();
    }

    private static String key(String caip2, String asset) {
        return caip2 + "|" + asset.toLowerCase(Locale.ROOT);
    }

    /** Builds a {@link SpendingPolicy}. */
    public static final class Builder {
        private final Map<String, BigInteger> maxByAsset = new HashMap<>();
        private final Set<String> networks = new HashSet<>();
        private String usdCeiling;
        private Duration maxTimeout = DEFAULT_MAX_TIMEOUT;

        private Builder() {}

        /**
         * Sign only for servers whose {@code maxTimeoutSeconds} is at most this (default
         * {@link SpendingPolicy#DEFAULT_MAX_TIMEOUT}): the signed payment stays valid that long.
         */
        public Builder maxTimeout(Duration longest) {
            if (longest == null || longest.isNegative() || longest.isZero()) {
                throw new IllegalArgumentException("maxTimeout must be a positive duration");
            }
            this.maxTimeout = longest;
            return this;
        }

        /** At most {@code atomic} units of {@code asset} on {@code network} (name or CAIP-2) per request. */
        public Builder maxAmount(String network, String asset, BigInteger atomic) {
            if (atomic.signum() < 0) {
                throw new IllegalArgumentException("a spending limit must not be negative");
            }
            maxByAsset.put(key(NetworkRegistry.defaults().resolve(network).map(n -> n.chainId().toString()).orElse(network), asset), atomic);
            return this;
        }

        /** At most this dollar price (e.g. {@code "$0.10"}) per request in any known USDC. */
        public Builder maxUsdc(String price) {
            Price.toAtomic(price, 18); // validates the text now
            this.usdCeiling = price;
            return this;
        }

        /** Pay only on these networks (names or CAIP-2 ids); by default any network with a limit. */
        public Builder allowNetworks(String... names) {
            for (String n : names) {
                networks.add(NetworkRegistry.defaults().resolve(n).map(x -> x.chainId().toString()).orElse(n));
            }
            return this;
        }

        public SpendingPolicy build() {
            return new SpendingPolicy(this);
        }
    }
}
