package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.config.SettingSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the API keys are resolved, checked, matched and named. No socket (ApiKeysIT runs the server). */
class ApiKeysTest {
    private static final String K1 = "k1-0123456789abcdef0123";
    private static final String K2 = "k2-fedcba9876543210fedcba";

    private static List<String> resolve(Map<String, String> env, String key) {
        Map<String, String> file = new HashMap<>();
        if (key != null) {
            file.put("x402j.api-keys", key);
        }
        return ApiKeys.resolve(SettingSource.of(env, file));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void severalKeysCommaSeparatedTheVariableWinningOverTheKey() {
        assertThat(resolve(Map.of("X402J_API_KEYS", " " + K1 + " , " + K2), "from-the-file-0123456789"))
                .containsExactly(K1, K2);
        assertThat(resolve(Map.of(), K1)).containsExactly(K1);
        assertThat(resolve(Map.of(), null)).isEmpty();
        assertThat(new ApiKeys(List.of()).enabled()).isFalse();
        assertThat(new ApiKeys(List.of()).guards("/settle")).isFalse();
    }

    @Test
    void aWeakKeyStopsStartUpNamingWhichButNeverShowingIt() {
        assertThatThrownBy(() -> resolve(Map.of("X402J_API_KEYS", K1 + ",short"), null))
                .isInstanceOf(SettingsException.class)
                .hasMessage("X402J_API_KEYS (key 2 of 2) is too short: use keys of at least 16 characters, comma"
                        + " separated, e.g. the output of `openssl rand -hex 32`.");
        assertThatThrownBy(() -> resolve(Map.of(), "0123456789 abcdef0123"))
                .isInstanceOf(SettingsException.class)
                .hasMessage("x402j.api-keys must not contain blanks or control characters.");
        assertThatThrownBy(() -> resolve(Map.of(), K1 + ",,"))
                .isInstanceOf(SettingsException.class)
                .hasMessageNotContaining(K1);
    }

    @Test
    void eachKeyMatchesAndNothingCloseToOneDoes() {
        ApiKeys keys = new ApiKeys(List.of(K1, K2));
        assertThat(keys.match(bytes(K1))).contains(ApiKeys.fingerprintOf(K1));
        assertThat(keys.match(bytes(K2))).contains(ApiKeys.fingerprintOf(K2));
        assertThat(ApiKeys.fingerprintOf(K1)).hasSize(12).isNotEqualTo(ApiKeys.fingerprintOf(K2));
        for (String near : List.of(K1.substring(0, K1.length() - 1), K1 + "0", K1.toUpperCase(), "", K1 + "," + K2)) {
            assertThat(keys.match(bytes(near))).as(near).isEmpty();
        }
    }

    @Test
    void onlyTheGuardedPathsNeedAKeyHoweverSpelt() {
        ApiKeys keys = new ApiKeys(List.of(K1));
        for (String path : List.of("/verify", "/settle", "/accepts", "/settle/", "//verify", "/x/../accepts")) {
            assertThat(keys.guards(path)).as(path).isTrue();
        }
        for (String path : List.of("/supported", "/health", "/tracking/stats", "/dev/sample-payment")) {
            assertThat(keys.guards(path)).as(path).isFalse();
        }
    }

    @Test
    void toStringShowsFingerprintsNeverKeys() {
        String s = new ApiKeys(List.of(K1, K2)).toString();
        assertThat(s).doesNotContain(K1).doesNotContain(K2)
                .isEqualTo("API key required (2 keys, fingerprints " + ApiKeys.fingerprintOf(K1) + ", "
                        + ApiKeys.fingerprintOf(K2) + ")");
        assertThat(GeneralSettings.API_KEYS.secret()).isTrue();
    }

    /** Constant time: the class compares with MessageDigest.isEqual (over digests), and calls no equals of its own. */
    @Test
    void theComparisonIsMessageDigestIsEqual() throws IOException {
        String classFile;
        try (InputStream in = ApiKeys.class.getResourceAsStream("ApiKeys.class")) {
            classFile = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(classFile).contains("java/security/MessageDigest").contains("isEqual")
                .doesNotContain("equals").doesNotContain("contentEquals");
    }
}
