package dev.x402j.server;

import dev.x402j.core.config.SettingSource;
import dev.x402j.core.family.ChainFamilies;
import dev.x402j.core.family.ChainFamily;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code application.yml} of a settings test, as the flat keys a {@link SettingSource} reads
 * ({@code x402j.rate-limit.window}, {@code x402j.evm.rpc-urls.base-sepolia}): values as text, a list as its items comma
 * separated, a map as one key per entry.
 */
final class SettingsFile {
    private final Map<String, String> keys = new LinkedHashMap<>();

    /** One key. */
    SettingsFile set(String key, Object value) {
        keys.put(key, String.valueOf(value));
        return this;
    }

    /** A list key, as Micronaut reads it: its items comma separated (an empty list as empty text). */
    SettingsFile list(String key, List<String> items) {
        keys.put(key, String.join(",", items));
        return this;
    }

    /** A map key: replaces every entry under {@code key} with these. */
    SettingsFile map(String key, Map<String, String> entries) {
        keys.keySet().removeIf(k -> k.startsWith(key + "."));
        entries.forEach((sub, value) -> keys.put(key + "." + sub, value));
        return this;
    }

    Map<String, String> keys() {
        return Map.copyOf(keys);
    }

    /** These keys under the environment {@code env}. */
    SettingSource source(Map<String, String> env) {
        return SettingSource.of(env, keys);
    }

    /** Resolves as the server does: the environment over these keys, every family on the class path. */
    ServerSettings resolve(Map<String, String> env) {
        return resolve(env, ChainFamilies.onClassPath());
    }

    ServerSettings resolve(Map<String, String> env, List<ChainFamily> families) {
        return ServerSettings.resolve(source(env), families);
    }
}
