package dev.x402j.core.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where settings are read: the environment, and a configuration file (the reference server's {@code application.yml}
 * through Micronaut; a plain map in tests). {@link SettingsReader} applies the precedence over these two primitives, so
 * every application and every chain family resolves settings the same way.
 */
public interface SettingSource {

    /** An environment variable's value, stripped; empty when unset or blank. */
    Optional<String> env(String name);

    /**
     * A configuration-file value, stripped; empty when unset. A key set to nothing (an empty list,
     * {@code networks: []}) is present as empty text: {@link SettingsReader#listValue} tells it from an unset one.
     */
    Optional<String> file(String key);

    /**
     * The entries of a configuration-file map under {@code key} ({@code x402j.eip155.rpc-urls}): sub-key (as written,
     * e.g. {@code base-sepolia}) to value. Empty when there is none.
     */
    Map<String, String> fileMap(String key);

    /** A source of fixed maps: environment variables and flat configuration keys ({@code a.b.c}). */
    static SettingSource of(Map<String, String> env, Map<String, String> file) {
        return new MapSettingSource(Map.copyOf(env), Map.copyOf(file));
    }
}
