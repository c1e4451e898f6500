package dev.x402j.micronaut;

import dev.x402j.core.gate.Offer;
import dev.x402j.core.gate.PaidRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code x402j.paid-routes}: a list of routes, each {@code method} (default {@code GET}; {@code *} for any),
 * {@code path} (exact, or ending in {@code /*}), optional {@code description} and {@code mime-type}, and either a
 * list of {@code offers} or the keys of one offer inline: {@code price} or {@code amount} + {@code asset},
 * {@code network}, {@code pay-to}, {@code scheme}, {@code max-timeout-seconds}, {@code extra}. Every problem is
 * reported with the entry it is in ({@code x402j.paid-routes[1].offers[0]}); unknown keys are problems too.
 */
final class ConfiguredRoutes {
    private static final Set<String> OFFER_KEYS = Set.of("price", "amount", "asset", "network", "payto", "scheme",
            "maxtimeoutseconds", "extra");
    private static final Set<String> ROUTE_KEYS = Set.of("method", "path", "description", "mimetype", "offers");

    private ConfiguredRoutes() {}

    static List<PaidRoute> parse(List<Object> entries, PaidRoutes.Defaults defaults, List<String> problems) {
        List<PaidRoute> routes = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = PaidRoutes.PAID_ROUTES_PROPERTY + "[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> raw)) {
                problems.add(where + " is not a map of method, path and offers");
                continue;
            }
            Map<String, Object> route = normalized(raw);
            int before = problems.size();
            for (String key : route.keySet()) {
                if (!ROUTE_KEYS.contains(key) && !OFFER_KEYS.contains(key)) {
                    problems.add(where + " has an unknown key '" + originalKey(raw, key) + "'");
                }
            }
            String path = string(route.get("path"));
            if (path == null) {
                problems.add(where + " has no path");
            }
            String method = string(route.getOrDefault("method", "GET"));
            List<Offer> offers = new ArrayList<>();
            Object listed = route.get("offers");
            boolean inline = route.keySet().stream().anyMatch(OFFER_KEYS::contains);
            if (listed != null && inline) {
                problems.add(where + " gives both offers and an inline offer (" + String.join(", ",
                        route.keySet().stream().filter(OFFER_KEYS::contains).toList()) + "); use one");
            } else if (listed != null) {
                if (!(listed instanceof List<?> list) || list.isEmpty()) {
                    problems.add(where + ".offers must be a non-empty list");
                } else {
                    for (int j = 0; j < list.size(); j++) {
                        String at = where + ".offers[" + j + "]";
                        if (list.get(j) instanceof Map<?, ?> o) {
                            Map<String, Object> offer = normalized(o);
                            List<String> unknown = offer.keySet().stream().filter(k -> !OFFER_KEYS.contains(k))
                                    .map(k -> originalKey(o, k)).toList();
                            if (unknown.isEmpty()) {
                                offer(offer, at, defaults, problems).ifPresent(offers::add);
                            } else {
                                problems.add(at + " has unknown keys " + unknown);
                            }
                        } else {
                            problems.add(at + " is not a map");
                        }
                    }
                }
            } else if (inline) {
                offer(route, where, defaults, problems).ifPresent(offers::add);
            } else {
                problems.add(where + " has no offer (give price, or amount and asset, or a list of offers)");
            }
            if (problems.size() > before) {
                continue;
            }
            try {
                routes.add(new PaidRoute(method, path, offers, string(route.get("description")), string(route.get("mimetype"))));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        return routes;
    }

    private static Optional<Offer> offer(Map<String, Object> o, String where, PaidRoutes.Defaults defaults, List<String> problems) {
        try {
            int timeout = 60;
            Object t = o.get("maxtimeoutseconds");
            if (t != null) {
                try {
                    timeout = Integer.parseInt(t.toString().strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("max-timeout-seconds '" + t + "' is not a whole number");
                }
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            Object e = o.get("extra");
            if (e instanceof Map<?, ?> m) {
                m.forEach((k, v) -> extra.put(String.valueOf(k), v));
            } else if (e != null) {
                throw new IllegalArgumentException("extra must be a map");
            }
            String network = string(o.get("network"));
            String payTo = string(o.get("payto"));
            return Optional.of(PaidRoutes.offer(
                    string(o.getOrDefault("scheme", "exact")),
                    network == null ? defaults.network() : network,
                    string(o.get("price")),
                    string(o.get("amount")),
                    string(o.get("asset")),
                    payTo == null ? defaults.payTo() : payTo,
                    timeout,
                    extra));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Map<String, Object> normalized(Map<?, ?> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(PaidRoutes.normalize(String.valueOf(k)), v));
        return out;
    }

    private static String originalKey(Map<?, ?> raw, String normalized) {
        return raw.keySet().stream().map(String::valueOf).filter(k -> PaidRoutes.normalize(k).equals(normalized))
                .findFirst().orElse(normalized);
    }

    private static String string(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().strip();
        return s.isEmpty() ? null : s;
    }
}
