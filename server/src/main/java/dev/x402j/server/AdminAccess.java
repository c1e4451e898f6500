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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the operators' endpoints ({@code /tracking/*}, see {@link TrackingController}): with an admin token set
 * ({@code X402J_ADMIN_TOKEN}, else {@code x402j.admin.token}), requests carrying {@code Authorization: Bearer <token>};
 * without one, everybody in dev mode (a local demo) and nobody in live mode, where the endpoints answer 404 as if
 * absent. Refusals are JSON ({@code 401 unauthorized} with {@code WWW-Authenticate: Bearer}, or {@code 404 not_found}).
 *
 * <p>Built at start-up: a token shorter than 16 characters or with blanks stops it, in one sentence that never shows
 * the token. The token is compared in constant time and never logged.
 */
@Context
@Singleton
final class AdminAccess {
    private static final Logger log = LoggerFactory.getLogger(AdminAccess.class);

    /** Environment variable of the admin token, for messages. */
    static final String X402J_ADMIN_TOKEN = GeneralSettings.variable(GeneralSettings.ADMIN_TOKEN);
    static final int MIN_LENGTH = 16;

    /** How the endpoints are reached. */
    enum Mode {
        /** An admin token is set: bearer auth. */
        TOKEN,
        /** No token, dev mode: open. */
        OPEN,
        /** No token, live mode: the endpoints do not exist. */
        DISABLED
    }

    private final Mode mode;
    private final byte[] token; // null unless TOKEN

    @Inject
    AdminAccess(ServerSettings settings) {
        this(resolveToken(settings.source()), settings.devMode());
        log.info("operator endpoints /tracking/*: {}", switch (mode) {
            case TOKEN -> "enabled, bearer token required";
            case OPEN -> "open (dev mode, no " + X402J_ADMIN_TOKEN + ")";
            case DISABLED -> "disabled (set " + X402J_ADMIN_TOKEN + " to enable them)";
        });
    }

    AdminAccess(Optional<String> token, boolean devMode) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.mode = token.isPresent() ? Mode.TOKEN : devMode ? Mode.OPEN : Mode.DISABLED;
    }

    /** The admin token from the environment, else the key ({@link GeneralSettings#ADMIN_TOKEN}); checked. */
    static Optional<String> resolveToken(SettingSource source) {
        Optional<SettingValue> value = new SettingsReader(source).value(GeneralSettings.ADMIN_TOKEN);
        value.ifPresent(v -> {
            String t = v.text();
            if (t.length() < MIN_LENGTH) {
                throw new SettingsException(v.origin() + " is too short: use at least " + MIN_LENGTH
                        + " characters, e.g. the output of `openssl rand -hex 32`.");
            }
            if (t.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new SettingsException(v.origin() + " must not contain blanks or control characters.");
            }
        });
        return value.map(SettingValue::text);
    }

    Mode mode() {
        return mode;
    }

    /** The answer that refuses this request, or empty when it may proceed. */
    Optional<MutableHttpResponse<byte[]>> refusal(HttpRequest<?> request) {
        return switch (mode) {
            case OPEN -> Optional.empty();
            case DISABLED -> Optional.of(JsonErrors.response(HttpStatus.NOT_FOUND, "not_found",
                    "no such endpoint: " + request.getMethodName() + " " + request.getPath()
                            + " (the operator endpoints are enabled by setting " + X402J_ADMIN_TOKEN + ")"));
            case TOKEN -> authorized(request.getHeaders().get(HttpHeaders.AUTHORIZATION))
                    ? Optional.empty()
                    : Optional.of(JsonErrors.response(HttpStatus.UNAUTHORIZED, "unauthorized",
                                    "this endpoint needs the header Authorization: Bearer <the admin token, "
                                            + X402J_ADMIN_TOKEN + ">")
                            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"x402j\""));
        };
    }

    /** Whether {@code header} is {@code Bearer <the token>} (scheme in any case). */
    boolean authorized(String header) {
        if (token == null || header == null) {
            return false;
        }
        String h = header.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = h.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }
}
