package dev.x402j.core.gate;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A route that costs money: an HTTP method ({@code *} for any) and a path pattern (exact, or ending in {@code /*}
 * for everything below), with the offers a client may pay with and how the resource is described in the 402.
 */
public record PaidRoute(String method, String pathPattern, List<Offer> offers, String description, String mimeType) {
    public PaidRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathPattern, "pathPattern");
        if (!pathPattern.startsWith("/")) {
            throw new IllegalArgumentException("path pattern must start with '/': " + pathPattern);
        }
        if (offers == null || offers.isEmpty()) {
            throw new IllegalArgumentException("route " + method + " " + pathPattern + " needs at least one offer");
        }
        offers = List.copyOf(offers);
        method = method.toUpperCase(Locale.ROOT);
    }

    public static PaidRoute of(String method, String pathPattern, Offer... offers) {
        return new PaidRoute(method, pathPattern, List.of(offers), null, null);
    }

    public PaidRoute describedAs(String newDescription, String newMimeType) {
        return new PaidRoute(method, pathPattern, offers, newDescription, newMimeType);
    }

    boolean matches(String requestMethod, String path) {
        if (!method.equals("*") && !method.equalsIgnoreCase(requestMethod)) {
            return false;
        }
        if (pathPattern.endsWith("/*")) {
            String prefix = pathPattern.substring(0, pathPattern.length() - 1);
            return path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1));
        }
        return pathPattern.equals(path);
    }
}
