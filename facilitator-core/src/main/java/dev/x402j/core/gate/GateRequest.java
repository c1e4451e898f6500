package dev.x402j.core.gate;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the gate needs to know of an incoming HTTP request, independent of any framework.
 *
 * @param url the full URL the client asked for (goes into the 402's resource)
 * @param headers header look-up by case-insensitive name; returns null when absent
 */
public record GateRequest(String method, String path, String url, Function<String, String> headers) {
    public GateRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(headers, "headers");
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.apply(name)).filter(v -> !v.isBlank());
    }

    /** A browser navigating (not a script): it prefers HTML. */
    boolean wantsHtml() {
        return header("Accept").map(a -> a.contains("text/html")).orElse(false);
    }
}
