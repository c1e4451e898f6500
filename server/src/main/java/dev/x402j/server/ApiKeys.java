package dev.x402j.server;

import dev.x402j.core.config.SettingSource;
import dev.x402j.core.config.SettingValue;
import dev.x402j.core.config.SettingsReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the facilitator's API: with API keys set ({@code X402J_API_KEYS}, else {@code x402j.api-keys}, several
 * comma separated so a key can be rotated), {@code POST /verify}, {@code POST /settle} and {@code POST /accepts}
 * (however the path is spelt, see {@link RateLimits#normalise}) need one of them in {@code Authorization: Bearer <key>}
 * or {@code X-API-Key: <key>}, else 401 {@code unauthorized} JSON with {@code WWW-Authenticate: Bearer}. Without keys
 * they are open. {@code GET /supported} and {@code GET /health} stay open: they tell nothing about payments and are
 * what load balancers and a resource server's start-up probe call.
 *
 * <p>Only SHA-256 digests of the keys are kept; a presented key is hashed and compared with every digest by
 * {@link MessageDigest#isEqual} (constant time, and over digests, so a key's length does not leak either). A key is
 * never logged: the log and the rate limit name a key by its {@linkplain #fingerprint(byte[]) fingerprint}. Built at
 * start-up: a key shorter than 16 characters or with blanks stops it, in one sentence that never shows the key.
 * Thread-safe.
 */
@Context
@Singleton
final class ApiKeys {
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    static final String X402J_API_KEYS = GeneralSettings.variable(GeneralSettings.API_KEYS);
    static final String X_API_KEY = "X-API-Key";
    static final int MIN_LENGTH = AdminAccess.MIN_LENGTH;
    /** The paths that need a key, normalised. */
    static final Set<String> GUARDED = Set.of("/verify", "/settle", "/accepts");

    private final List<byte[]> digests;

    @Inject
    ApiKeys(ServerSettings settings) {
        this(resolve(settings.source()));
        log.info("facilitator API /verify, /settle, /accepts: {}", this);
    }

    ApiKeys(List<String> keys) {
        List<byte[]> d = new ArrayList<>();
        for (String key : keys) {
            d.add(sha256(key.getBytes(StandardCharsets.UTF_8)));
        }
        this.digests = List.copyOf(d);
    }

    /** The keys from the environment, else the key ({@link GeneralSettings#API_KEYS}); checked. */
    static List<String> resolve(SettingSource source) {
        Optional<SettingValue> value = new SettingsReader(source).value(GeneralSettings.API_KEYS);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        String[] parts = value.get().text().split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String k = parts[i].strip();
            String which = value.get().origin() + (parts.length > 1 ? " (key " + (i + 1) + " of " + parts.length + ")" : "");
            if (k.length() < MIN_LENGTH) {
                throw new SettingsException(which + " is too short: use keys of at least " + MIN_LENGTH
                        + " characters, comma separated, e.g. the output of `openssl rand -hex 32`.");
            }
            if (k.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new SettingsException(which + " must not contain blanks or control characters.");
            }
            keys.add(k);
        }
        return keys;
    }

    boolean enabled() {
        return !digests.isEmpty();
    }

    /** Whether {@code path} (as sent) needs a key. */
    boolean guards(String path) {
        return enabled() && GUARDED.contains(RateLimits.normalise(path));
    }

    /** The answer that refuses this request, or empty when it may proceed. */
    Optional<MutableHttpResponse<byte[]>> refusal(HttpRequest<?> request) {
        if (!guards(request.getPath()) || fingerprint(request).isPresent()) {
            return Optional.empty();
        }
        boolean presented = presented(request).isPresent();
        return Optional.of(JsonErrors.response(HttpStatus.UNAUTHORIZED, "unauthorized",
                        (presented ? "the API key is not one of this facilitator's; " : "")
                                + "this endpoint needs an API key of this facilitator (" + X402J_API_KEYS
                                + ") in the header Authorization: Bearer <key> or X-API-Key: <key>")
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"x402j\""));
    }

    /** The fingerprint of the valid API key this request carries, if it carries one. */
    Optional<String> fingerprint(HttpRequest<?> request) {
        if (!enabled()) {
            return Optional.empty();
        }
        return presented(request).flatMap(this::match);
    }

    /** The fingerprint of {@code key} if it is one of the keys. Every digest is compared: no early exit. */
    Optional<String> match(byte[] key) {
        byte[] given = sha256(key);
        boolean found = false;
        for (byte[] digest : digests) {
            found |= MessageDigest.isEqual(given, digest);
        }
        return found ? Optional.of(fingerprint(given)) : Optional.empty();
    }

    /** The key the request presents: {@code Authorization: Bearer <key>} (scheme in any case), else {@code X-API-Key}. */
    private static Optional<byte[]> presented(HttpRequest<?> request) {
        String auth = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (auth != null) {
            String h = auth.strip();
            if (h.length() > 7 && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Optional.of(h.substring(7).strip().getBytes(StandardCharsets.UTF_8));
            }
        }
        String header = request.getHeaders().get(X_API_KEY);
        return header == null || header.isBlank() ? Optional.empty()
                : Optional.of(header.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** A key's name in logs and rate-limit counts: 12 hex digits of a digest of its SHA-256, never the key. */
    static String fingerprint(byte[] keyDigest) {
        byte[] f = sha256(("x402j-api-key-fingerprint:" + HexFormat.of().formatHex(keyDigest))
                .getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(f, 0, 6);
    }

    static String fingerprintOf(String key) {
        return fingerprint(sha256(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Never the keys: their number and fingerprints. */
    @Override
    public String toString() {
        if (!enabled()) {
            return "open (set " + X402J_API_KEYS + " to require an API key)";
        }
        List<String> f = digests.stream().map(ApiKeys::fingerprint).toList();
        return "API key required (" + digests.size() + (digests.size() == 1 ? " key" : " keys")
                + ", fingerprints " + String.join(", ", f) + ")";
    }
}
