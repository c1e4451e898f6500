package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.config.SettingSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may read the operator endpoints, and how the admin token is resolved and checked. No socket. */
class AdminAccessTest {
    private static final String TOKEN = "0123456789abcdef0123";

    /** The admin token resolved from these variables and this {@code x402j.admin.token} (null: unset). */
    private static Optional<String> resolve(Map<String, String> env, String key) {
        Map<String, String> file = new HashMap<>();
        if (key != null) {
            file.put("x402j.admin.token", key);
        }
        return AdminAccess.resolveToken(SettingSource.of(env, file));
    }

    @Test
    void theEnvironmentVariableWinsOverTheKeyAndBlanksMeanUnset() {
        assertThat(resolve(Map.of("X402J_ADMIN_TOKEN", "  " + TOKEN + " "), "from-the-key-0123456789")).contains(TOKEN);
        assertThat(resolve(Map.of(), " " + TOKEN)).contains(TOKEN);
        assertThat(resolve(Map.of("X402J_ADMIN_TOKEN", " "), "  ")).isEmpty();
        assertThat(resolve(Map.of(), null)).isEmpty();
    }

    @Test
    void aWeakTokenStopsStartUpNamingItsSourceButNotItsValue() {
        assertThatThrownBy(() -> resolve(Map.of("X402J_ADMIN_TOKEN", "short"), null))
                .isInstanceOf(SettingsException.class)
                .hasMessage("X402J_ADMIN_TOKEN is too short: use at least 16 characters, e.g. the output of `openssl rand -hex 32`.");
        assertThatThrownBy(() -> resolve(Map.of(), "0123456789 abcdef0123"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("x402j.admin.token must not contain blanks or control characters.")
                .message().doesNotContain("0123456789");
    }

    @Test
    void withoutATokenTheEndpointsAreOpenInDevModeAndAbsentInLiveMode() {
        assertThat(new AdminAccess(Optional.empty(), true).mode()).isEqualTo(AdminAccess.Mode.OPEN);
        assertThat(new AdminAccess(Optional.empty(), false).mode()).isEqualTo(AdminAccess.Mode.DISABLED);
        assertThat(new AdminAccess(Optional.of(TOKEN), true).mode()).isEqualTo(AdminAccess.Mode.TOKEN);
        assertThat(new AdminAccess(Optional.of(TOKEN), false).mode()).isEqualTo(AdminAccess.Mode.TOKEN);
    }

    @Test
    void onlyTheBearerTokenItselfIsAuthorized() {
        AdminAccess access = new AdminAccess(Optional.of(TOKEN), false);
        assertThat(access.authorized("Bearer " + TOKEN)).isTrue();
        assertThat(access.authorized("bearer  " + TOKEN + " ")).isTrue();
        assertThat(access.authorized("Bearer " + TOKEN + "4")).isFalse();
        assertThat(access.authorized("Bearer " + TOKEN.substring(1))).isFalse();
        assertThat(access.authorized("Basic " + TOKEN)).isFalse();
        assertThat(access.authorized(TOKEN)).isFalse();
        assertThat(access.authorized("Bearer")).isFalse();
        assertThat(access.authorized(null)).isFalse();
        assertThat(new AdminAccess(Optional.empty(), true).authorized("Bearer " + TOKEN)).isFalse();
    }
}
