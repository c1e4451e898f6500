package dev.x402j.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An immutable set of networks, looked up by friendly name or by CAIP-2 id. {@link #defaults()} is x402j's catalogue
 * (see {@link Networks}); applications add their own chains, e.g. a local anvil, with {@link #with(Network)}:
 *
 * <pre>{@code
 * NetworkRegistry networks = NetworkRegistry.defaults()
 *         .with(Network.of("anvil", ChainId.eip155(31337), true,
 *                 Asset.eip712("0x5FbDB2315678afecb367f032d93F642f64180aa3", "USDC", 6, "USDC", "2")));
 * }</pre>
 *
 * Names and chain ids are unique within a registry; a clash is rejected when the registry is built.
 */
public final class NetworkRegistry {

    private final List<Network> all;
    private final Map<String, Network> byName;
    private final Map<ChainId, Network> byChainId;

    private NetworkRegistry(Collection<Network> networks) {
        Map<String, Network> names = new LinkedHashMap<>();
        Map<ChainId, Network> ids = new LinkedHashMap<>();
        for (Network n : networks) {
            Objects.requireNonNull(n, "network must not be null");
            Network sameName = names.putIfAbsent(key(n.name()), n);
            if (sameName != null) {
                throw new IllegalArgumentException("duplicate network name '" + n.name() + "' (" + sameName.chainId()
                        + " and " + n.chainId() + ")");
            }
            Network sameId = ids.putIfAbsent(n.chainId(), n);
            if (sameId != null) {
                throw new IllegalArgumentException("networks '" + sameId.name() + "' and '" + n.name()
                        + "' have the same chain id " + n.chainId());
            }
        }
        this.all = List.copyOf(names.values());
        this.byName = Collections.unmodifiableMap(names);
        this.byChainId = Collections.unmodifiableMap(ids);
    }

    /** x402j's catalogue of well-known networks and their USDC. */
    public static NetworkRegistry defaults() {
        return Defaults.INSTANCE;
    }

    /** A registry of exactly these networks. */
    public static NetworkRegistry of(Collection<Network> networks) {
        return new NetworkRegistry(List.copyOf(networks));
    }

    /** A new registry with this one's networks plus {@code extra}. */
    public NetworkRegistry with(Network extra) {
        Objects.requireNonNull(extra, "network must not be null");
        List<Network> more = new ArrayList<>(all);
        more.add(extra);
        return new NetworkRegistry(more);
    }

    /** A new registry with this one's networks plus {@code extra}. */
    public NetworkRegistry withAll(Collection<Network> extra) {
        List<Network> more = new ArrayList<>(all);
        more.addAll(extra);
        return new NetworkRegistry(more);
    }

    /** All networks, in registration order. */
    public List<Network> all() {
        return all;
    }

    /** The network of this friendly (v1) name, case-insensitively. */
    public Optional<Network> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byName.get(key(name.strip())));
    }

    public Optional<Network> byChainId(ChainId chainId) {
        if (chainId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byChainId.get(chainId));
    }

    /**
     * The network named by a friendly name ({@code base-sepolia}, case-insensitive) or by a CAIP-2 id
     * ({@code eip155:84532}, exact).
     */
    public Optional<Network> resolve(String nameOrCaip2) {
        if (nameOrCaip2 == null || nameOrCaip2.isBlank()) {
            return Optional.empty();
        }
        String s = nameOrCaip2.strip();
        if (s.indexOf(':') < 0) {
            return byName(s);
        }
        try {
            return byChainId(ChainId.parse(s));
        } catch (IllegalArgumentException notCaip2) {
            return Optional.empty();
        }
    }

    /**
     * The CAIP-2 id of a network given by friendly name or CAIP-2 id. A well-formed CAIP-2 id is returned as is even
     * when the registry does not know it, since x402 v2 works with any CAIP-2 chain.
     *
     * @throws IllegalArgumentException {@code unknown network 'x' (known: …)} for an unknown name or malformed id
     */
    public ChainId chainIdOf(String nameOrCaip2) {
        Optional<Network> known = resolve(nameOrCaip2);
        if (known.isPresent()) {
            return known.get().chainId();
        }
        if (nameOrCaip2 != null && nameOrCaip2.indexOf(':') >= 0) {
            try {
                return ChainId.parse(nameOrCaip2.strip());
            } catch (IllegalArgumentException malformed) {
                throw new IllegalArgumentException("unknown network '" + nameOrCaip2 + "' (" + malformed.getMessage()
                        + "; known: " + knownNames() + ")", malformed);
            }
        }
        throw new IllegalArgumentException("unknown network '" + nameOrCaip2 + "' (known: " + knownNames() + ")");
    }

    /**
     * The x402 v1 wire name of a chain, for writing v1 messages.
     *
     * @throws IllegalArgumentException when the registry has no network with this chain id
     */
    public String v1Name(ChainId chainId) {
        return byChainId(chainId).map(Network::name).orElseThrow(() -> new IllegalArgumentException(
                "no x402 v1 network name for chain id " + chainId
                        + " (x402 v1 names networks; register it with NetworkRegistry.with(...))"));
    }

    /** The known names, comma separated, for error messages. */
    public String knownNames() {
        return all.stream().map(Network::name).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "NetworkRegistry[" + knownNames() + "]";
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static final class Defaults {
        static final NetworkRegistry INSTANCE = new NetworkRegistry(Networks.catalogue());
    }
}
