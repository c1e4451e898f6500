package dev.x402j.core.gate;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A route that costs money: an HTTP method ({@code *} for any) and a path pattern (exact, or ending in {@code /*}
 * for everything below), with the offers a client may pay with and how the resource is described in the 402. A
 * request matches whatever way it spells the path ({@code /upload/}, {@code //upload}, {@code /a/../upload},
 * {@code /%75pload}) and a GET route is also charged for HEAD: see {@link #matches}.
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

    /**
     * Whether a request falls under this route. Both paths are compared in {@link RequestPaths}' normal form (no
     * trailing or doubled slash, no dot segments, unreserved characters decoded), and HEAD counts as GET: every
     * spelling a router serves with the same handler is charged the same.
     */
    boolean matches(String requestMethod, String path) {
        if (!method.equals("*") && !RequestPaths.method(method).equals(RequestPaths.method(requestMethod))) {
            return false;
        }
        String normal = RequestPaths.normalize(path);
        if (pathPattern.endsWith("/*")) {
            String base = RequestPaths.normalize(pathPattern.substring(0, pathPattern.length() - 2));
            return base.equals("/") || normal.equals(base) || normal.startsWith(base + "/");
        }
        return RequestPaths.normalize(pathPattern).equals(normal);
    }
}
