package dev.x402j.core;

import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import dev.x402j.core.model.SupportedResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The schemes of a {@link Facilitator}, one per (scheme, network): which one serves a payment, an offer or a ledger
 * entry, and what they serve together. Immutable; thread-safe.
 */
final class SchemeRegistry {
    /** A scheme's identity in the registry; {@code network} is the CAIP-2 id. */
    record Key(String scheme, String network) {
        static Key of(Scheme scheme) {
            return new Key(scheme.scheme(), scheme.network().toString());
        }
    }

    private final Map<Key, Scheme> schemes;

    SchemeRegistry(Map<Key, Scheme> schemes) {
        this.schemes = Map.copyOf(schemes);
    }

    /**
     * The scheme that serves a payment with these requirements.
     *
     * @throws InvalidPaymentException {@code unsupported_scheme} when its network is served by other schemes only,
     *     else {@code invalid_network}
     */
    Scheme forPayment(PaymentRequirements req) {
        Scheme s = schemes.get(new Key(req.scheme(), req.network()));
        if (s != null) {
            return s;
        }
        boolean networkServed = schemes.keySet().stream().anyMatch(k -> k.network().equals(req.network()));
        if (networkServed) {
            throw new InvalidPaymentException(
                    ErrorReason.UNSUPPORTED_SCHEME, "scheme '" + req.scheme() + "' is not supported on " + req.network());
        }
        throw new InvalidPaymentException(ErrorReason.INVALID_NETWORK, "network '" + req.network() + "' is not supported");
    }

    /** The scheme that settled a ledger entry, if this facilitator still serves it. */
    Optional<Scheme> forRecord(SettlementRecord r) {
        return Optional.ofNullable(schemes.get(new Key(r.scheme(), r.network())));
    }

    /** One kind per scheme, network and protocol version, and the signers of each chain family. */
    SupportedResponse supported() {
        List<SupportedKind> kinds = new ArrayList<>();
        Map<String, List<String>> signers = new TreeMap<>();
        schemes.values().stream()
                .sorted(Comparator.comparing((Scheme s) -> s.network().toString()).thenComparing(Scheme::scheme))
                .forEach(s -> {
                    kinds.addAll(s.supported());
                    List<String> family = signers.computeIfAbsent(s.network().namespace() + ":*", k -> new ArrayList<>());
                    s.signerAddresses().stream().filter(a -> !family.contains(a)).forEach(family::add);
                });
        return new SupportedResponse(kinds, List.of(), signers);
    }

    /** The offers of {@code required} that a scheme serves (a network named as {@code networks} knows it), enriched. */
    PaymentRequired accepts(PaymentRequired required, NetworkRegistry networks) {
        List<PaymentRequirements> served = new ArrayList<>();
        for (PaymentRequirements r : required.accepts()) {
            String network = networks.resolve(r.network()).map(n -> n.chainId().toString()).orElse(r.network());
            Scheme s = schemes.get(new Key(r.scheme(), network));
            if (s != null) {
                served.add(s.enrich(r.withNetwork(s.network().toString())));
            }
        }
        return new PaymentRequired(2, required.error(), required.resource(), served, required.extensions());
    }
}
