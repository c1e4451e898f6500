package dev.x402j.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The scheme and network one {@link Scheme} serves, and the two questions every chain family asks of them: which kinds
 * {@code /supported} lists, and whether a payment and its requirements are addressed here. A family maps a mismatch to
 * its own reason code; the wording is shared so that every family says it alike. Immutable.
 *
 * @param scheme   the scheme's wire name, e.g. {@code exact}
 * @param network  the network served
 * @param networks names the network for x402 v1, and resolves the names a payment may use for it
 */
public record SchemeTarget(String scheme, ChainId network, NetworkRegistry networks) {
    public SchemeTarget {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(networks, "networks");
    }

    /** v2 under the CAIP-2 id and, when the registry names the network, v1 under that name; both with {@code extra}. */
    public List<SupportedKind> supportedKinds(ObjectNode extra) {
        List<SupportedKind> kinds = new ArrayList<>();
        kinds.add(new SupportedKind(2, scheme, network.toString(), extra));
        networks.byChainId(network).ifPresent(n -> kinds.add(new SupportedKind(1, scheme, n.name(), extra)));
        return List.copyOf(kinds);
    }

    /** What is wrong when the payment or the requirements name another scheme; empty when both name this one. */
    public Optional<String> schemeMismatch(PaymentPayload payload, PaymentRequirements requirements) {
        if (scheme.equals(payload.accepted().scheme()) && scheme.equals(requirements.scheme())) {
            return Optional.empty();
        }
        return Optional.of("scheme must be '" + scheme + "' (payment: '" + payload.accepted().scheme()
                + "', requirements: '" + requirements.scheme() + "')");
    }

    /**
     * What is wrong when the payment or the requirements are for another network; empty when both name this one, by
     * a name the registry knows or by a CAIP-2 id.
     */
    public Optional<String> networkMismatch(PaymentPayload payload, PaymentRequirements requirements) {
        Optional<ChainId> here = Optional.of(network);
        if (chainOf(payload.accepted().network()).equals(here) && chainOf(requirements.network()).equals(here)) {
            return Optional.empty();
        }
        return Optional.of("payment is for network '" + payload.accepted().network() + "', requirements for '"
                + requirements.network() + "'; this scheme serves " + network);
    }

    private Optional<ChainId> chainOf(String nameOrCaip2) {
        Optional<ChainId> known = networks.resolve(nameOrCaip2).map(Network::chainId);
        if (known.isPresent()) {
            return known;
        }
        try {
            return Optional.of(ChainId.parse(nameOrCaip2));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
