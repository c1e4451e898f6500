package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rate-limit settings: defaults, precedence, every bad value's sentence, and that bad ones stop start-up. */
class RateLimitSettingsTest {

    private static Map<String, String> env(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static RateLimitSettings resolve(Map<String, String> env, SettingsFile file) {
        return file.resolve(env).rateLimit();
    }

    private static RateLimitSettings resolve(Map<String, String> env) {
        return resolve(env, new SettingsFile());
    }

    private static String failure(Map<String, String> env, SettingsFile file) {
        try {
            file.resolve(env);
        } catch (SettingsException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a SettingsException");
    }

    private static String failure(Map<String, String> env) {
        return failure(env, new SettingsFile());
    }

    private static SettingsFile yml(String requests, String settle, String window, String proxies) {
        SettingsFile file = new SettingsFile();
        Map.of("requests", Optional.ofNullable(requests), "settle-requests", Optional.ofNullable(settle),
                "window", Optional.ofNullable(window), "trusted-proxies", Optional.ofNullable(proxies))
                .forEach((key, value) -> value.ifPresent(v -> file.set("x402j.rate-limit." + key, v)));
        return file;
    }

    @Test
    void byDefaultNothingIsLimitedAndXForwardedForIsIgnored() {
        RateLimitSettings s = resolve(Map.of());
        assertThat(s.enabled()).isFalse();
        assertThat(s.requests()).isZero();
        assertThat(s.settleRequests()).isZero();
        assertThat(s.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.trustedProxies()).isZero();
        assertThat(s.toString()).isEqualTo("RateLimitSettings[off]");
    }

    @Test
    void oneLimitCoversEveryEndpointAndSettleDefaultsToIt() {
        RateLimitSettings s = resolve(env("X402J_RATE_LIMIT", "100"));
        assertThat(s.enabled()).isTrue();
        assertThat(s.requests()).isEqualTo(100);
        assertThat(s.settleRequests()).isEqualTo(100);
        assertThat(s.window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void settleMayHaveItsOwnLimitOrNone() {
        assertThat(resolve(env("X402J_RATE_LIMIT", "100", "X402J_RATE_LIMIT_SETTLE", "10")).settleRequests()).isEqualTo(10);
        RateLimitSettings settleUnlimited = resolve(env("X402J_RATE_LIMIT", "100", "X402J_RATE_LIMIT_SETTLE", "0"));
        assertThat(settleUnlimited.requests()).isEqualTo(100);
        assertThat(settleUnlimited.settleRequests()).isZero();
        RateLimitSettings settleOnly = resolve(env("X402J_RATE_LIMIT_SETTLE", "5"));
        assertThat(settleOnly.requests()).isZero();
        assertThat(settleOnly.settleRequests()).isEqualTo(5);
        assertThat(settleOnly.enabled()).isTrue();
    }

    @Test
    void theEnvironmentTakesPrecedenceOverApplicationYml() {
        SettingsFile props = yml("50", "5", "30s", "1");
        RateLimitSettings fromYml = resolve(Map.of(), props);
        assertThat(fromYml.requests()).isEqualTo(50);
        assertThat(fromYml.settleRequests()).isEqualTo(5);
        assertThat(fromYml.window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fromYml.trustedProxies()).isEqualTo(1);

        RateLimitSettings fromEnv = resolve(env("X402J_RATE_LIMIT", "7", "X402J_RATE_LIMIT_SETTLE", "3",
                "X402J_RATE_LIMIT_WINDOW", "1h", "X402J_RATE_LIMIT_TRUSTED_PROXIES", "2"), props);
        assertThat(fromEnv.requests()).isEqualTo(7);
        assertThat(fromEnv.settleRequests()).isEqualTo(3);
        assertThat(fromEnv.window()).isEqualTo(Duration.ofHours(1));
        assertThat(fromEnv.trustedProxies()).isEqualTo(2);

        // X402J_RATE_LIMIT alone does not override a settle limit set in the file.
        assertThat(resolve(env("X402J_RATE_LIMIT", "7"), props).settleRequests()).isEqualTo(5);
    }

    @Test
    void theWindowReadsTheUsualDurationForms() {
        assertThat(resolve(env("X402J_RATE_LIMIT_WINDOW", "30s")).window()).isEqualTo(Duration.ofSeconds(30));
        assertThat(resolve(env("X402J_RATE_LIMIT_WINDOW", "PT2M")).window()).isEqualTo(Duration.ofMinutes(2));
        assertThat(resolve(env("X402J_RATE_LIMIT_WINDOW", "1d")).window()).isEqualTo(Duration.ofDays(1));
        assertThat(resolve(env("X402J_RATE_LIMIT_WINDOW", "1000ms")).window()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theSettingsApplyInLiveModeToo() {
        RateLimitSettings s = resolve(env("EVM_PRIVATE_KEY",
                "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "X402J_RATE_LIMIT", "9"));
        assertThat(s.requests()).isEqualTo(9);
    }

    @Test
    void aBadCountIsNamedWithTheValue() {
        assertThat(failure(env("X402J_RATE_LIMIT", "lots"))).isEqualTo("X402J_RATE_LIMIT must be a whole number of"
                + " requests per window from 0 (no limit) to 1000000000, not 'lots'.");
        assertThat(failure(env("X402J_RATE_LIMIT", "-1"))).startsWith("X402J_RATE_LIMIT must be a whole number")
                .endsWith("not '-1'.");
        assertThat(failure(env("X402J_RATE_LIMIT", "1000000001"))).startsWith("X402J_RATE_LIMIT must be");
        assertThat(failure(env("X402J_RATE_LIMIT", "10/min"))).endsWith("not '10/min'.");
        assertThat(failure(env("X402J_RATE_LIMIT_SETTLE", "1.5"))).isEqualTo("X402J_RATE_LIMIT_SETTLE must be a whole"
                + " number of requests per window from 0 (no limit) to 1000000000, not '1.5'.");
        assertThat(failure(Map.of(), yml("-5", null, null, null))).isEqualTo("x402j.rate-limit.requests must be a whole"
                + " number of requests per window from 0 (no limit) to 1000000000, not '-5'.");
        assertThat(failure(Map.of(), yml(null, "some", null, null))).startsWith("x402j.rate-limit.settle-requests must be")
                .endsWith("not 'some'.");
    }

    @Test
    void aBadWindowIsNamed() {
        assertThat(failure(env("X402J_RATE_LIMIT_WINDOW", "soon"))).isEqualTo(
                "X402J_RATE_LIMIT_WINDOW must be a duration of at least 1s such as 30s, 1m or 1h, not 'soon'.");
        assertThat(failure(env("X402J_RATE_LIMIT_WINDOW", "500ms"))).isEqualTo(
                "X402J_RATE_LIMIT_WINDOW must be a duration of at least 1s such as 30s, 1m or 1h, not '500ms'.");
        assertThat(failure(env("X402J_RATE_LIMIT_WINDOW", "0s"))).endsWith("not '0s'.");
        assertThat(failure(Map.of(), yml(null, null, "0s", null))).isEqualTo(
                "x402j.rate-limit.window must be a duration of at least 1s such as 30s, 1m or 1h, not '0s'.");
        assertThat(failure(Map.of(), yml(null, null, "PT0.999S", null))).endsWith("not 'PT0.999S'.");
        assertThat(failure(Map.of(), yml(null, null, "a minute", null))).endsWith("not 'a minute'.");
    }

    @Test
    void aBadTrustedProxiesIsNamed() {
        assertThat(failure(env("X402J_RATE_LIMIT_TRUSTED_PROXIES", "yes"))).isEqualTo(
                "X402J_RATE_LIMIT_TRUSTED_PROXIES must be the number of reverse proxies in front of the server, from 0"
                        + " (the default: X-Forwarded-For is ignored) to 10, not 'yes'.");
        assertThat(failure(env("X402J_RATE_LIMIT_TRUSTED_PROXIES", "11"))).endsWith("to 10, not '11'.");
        assertThat(failure(Map.of(), yml(null, null, null, "-1")))
                .startsWith("x402j.rate-limit.trusted-proxies must be the number of reverse proxies");
    }

    @Test
    void badRateLimitSettingsJoinTheOtherProblemsInOneSentence() {
        String message = failure(env("PORT", "x", "X402J_RATE_LIMIT", "many", "X402J_RATE_LIMIT_WINDOW", "soon"));
        assertThat(message).startsWith("3 settings are wrong: PORT must be a TCP port")
                .contains("; X402J_RATE_LIMIT must be a whole number")
                .contains("; X402J_RATE_LIMIT_WINDOW must be a duration")
                .endsWith(".");
    }

    @Test
    void explicitSettingsAreChecked() {
        assertThat(RateLimitSettings.of(10, 2, Duration.ofSeconds(1), 10).settleRequests()).isEqualTo(2);
        assertThatThrownBy(() -> RateLimitSettings.of(-1, 0, Duration.ofMinutes(1), 0)).hasMessageContaining("requests");
        assertThatThrownBy(() -> RateLimitSettings.of(1, 1, Duration.ofMillis(10), 0)).hasMessageContaining("window");
        assertThatThrownBy(() -> RateLimitSettings.of(1, 1, Duration.ofMinutes(1), 11))
                .hasMessageContaining("trustedProxies");
    }

    @Test
    void aBadSettingStopsStartUpWithItsSentence() {
        Throwable failure = catchThrowable(() -> ApplicationContext.builder()
                .singletons(EnvironmentVariables.of(Map.of("X402J_RATE_LIMIT", "unlimited")))
                .start()
                .close());
        assertThat(failure).isNotNull();
        assertThat(Application.explain(failure)).isEqualTo("X402J_RATE_LIMIT must be a whole number of requests per"
                + " window from 0 (no limit) to 1000000000, not 'unlimited'.");
    }

    @Test
    void badValuesInApplicationYmlStopStartUpNamingTheirKeys() {
        // The keys are read as text by the server, so Micronaut never fails converting them with a message of its own.
        Throwable failure = catchThrowable(() -> ApplicationContext.builder()
                .properties(Map.of("x402j.rate-limit.requests", -3, "x402j.rate-limit.window", "soon"))
                .singletons(EnvironmentVariables.of(Map.of()))
                .start()
                .close());
        assertThat(failure).isNotNull();
        assertThat(Application.explain(failure)).isEqualTo("2 settings are wrong: x402j.rate-limit.requests must be a"
                + " whole number of requests per window from 0 (no limit) to 1000000000, not '-3';"
                + " x402j.rate-limit.window must be a duration of at least 1s such as 30s, 1m or 1h, not 'soon'.");
    }

    @Test
    void applicationYmlValuesAreBoundFromTheirUsualTypesAndTheFilterExistsOnlyWithALimit() {
        // Live mode on an RPC URL nobody listens on: the context starts without a chain and opens no socket.
        Map<String, String> live = env("EVM_PRIVATE_KEY",
                "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "EVM_NETWORKS", "base-sepolia",
                "EVM_RPC_URL_BASE_SEPOLIA", "http://127.0.0.1:1");
        try (ApplicationContext context = ApplicationContext.builder()
                .properties(Map.of("x402j.rate-limit.requests", 40, "x402j.rate-limit.settle-requests", 4,
                        "x402j.rate-limit.window", "90s", "x402j.rate-limit.trusted-proxies", 1))
                .singletons(EnvironmentVariables.of(live))
                .start()) {
            RateLimitSettings s = context.getBean(ServerSettings.class).rateLimit();
            assertThat(s.requests()).isEqualTo(40);
            assertThat(s.settleRequests()).isEqualTo(4);
            assertThat(s.window()).isEqualTo(Duration.ofSeconds(90));
            assertThat(s.trustedProxies()).isEqualTo(1);
            assertThat(context.getBean(RateLimits.class).describe()).isEqualTo("/verify and /accepts 40 per 90s,"
                    + " /settle 4 per 90s, per client by X-Forwarded-For entry 1 from the right (behind 1 trusted"
                    + " proxy); counted in memory, per instance");
            assertThat(context.containsBean(RateLimitFilter.class)).isTrue();
        }
        try (ApplicationContext context = ApplicationContext.builder().singletons(EnvironmentVariables.of(live)).start()) {
            assertThat(context.getBean(RateLimits.class).enabled()).isFalse();
            assertThat(context.containsBean(RateLimitFilter.class)).as("no limit, no filter").isFalse();
        }
    }
}
