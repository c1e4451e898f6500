package dev.x402j.server;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The {@code x402j.admin.*} keys: access to the operators' endpoints ({@code /tracking/*}). The environment variable
 * {@code X402J_ADMIN_TOKEN} takes precedence over the key, and is where the token belongs. Checked by
 * {@link AdminAccess}.
 */
@ConfigurationProperties("x402j.admin")
public class AdminProperties {
    private String token;

    /**
     * The bearer token of the operators' endpoints ({@code GET /tracking/payments}, {@code GET /tracking/stats}):
     * when set, they answer requests carrying {@code Authorization: Bearer <token>} and 401 others; when unset they are
     * open in dev mode and absent (404) in live mode (environment variable {@code X402J_ADMIN_TOKEN} takes precedence;
     * prefer it, or a {@code ${...}} placeholder, to writing the token in a file). At least 16 characters, no blanks.
     *
     * @param token a random secret, e.g. the output of {@code openssl rand -hex 32}
     */
    public void setToken(String token) {
        this.token = token;
    }

    public String getToken() {
        return token;
    }
}
