package dev.x402j.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One setting of an application built on x402j (the reference server, or an application of its own), declared once:
 * its configuration-file key, the environment variable that takes precedence over it, its default and its
 * documentation. Documentation tables and the configuration file's comments are checked against these declarations.
 *
 * <p>A per-network setting is a map keyed by network name: the key {@code x402j.eip155.rpc-urls} holds
 * {@code x402j.eip155.rpc-urls.base-sepolia}, and the environment variable is a prefix, {@code EVM_RPC_URL_}, completed
 * by the network's name in upper case with {@code _} for {@code -} ({@code EVM_RPC_URL_BASE_SEPOLIA}).
 *
 * @param key          the configuration-file key, e.g. {@code x402j.eip155.private-key}
 * @param env          the environment variable (for a per-network setting, its prefix), or empty when it has none
 * @param defaultValue what applies when neither is set, as documentation shows it ({@code "30s"}, {@code "none"})
 * @param description  one or more sentences for the documentation
 * @param secret       whether the value is a secret: never logged, never quoted in a message
 * @param perNetwork   whether the setting is a map keyed by network name
 * @param aliases      older configuration-file keys read when {@code key} is not set ({@code x402j.evm.private-key})
 */
public record Setting(
        String key,
        Optional<String> env,
        String defaultValue,
        String description,
        boolean secret,
        boolean perNetwork,
        List<String> aliases) {

    private static final Pattern KEY = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
    private static final Pattern ENV = Pattern.compile("[A-Z][A-Z0-9_]*");

    public Setting {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a setting's key is kebab-case with dots, not " + key);
        }
        Objects.requireNonNull(env, "env");
        env.ifPresent(e -> {
            if (!ENV.matcher(e).matches()) {
                throw new IllegalArgumentException("setting " + key + ": environment variable '" + e + "' is not UPPER_SNAKE");
            }
            if (perNetwork && !e.endsWith("_")) {
                throw new IllegalArgumentException("setting " + key + ": a per-network variable is a prefix ending in _");
            }
        });
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("setting " + key + " has no description");
        }
        aliases = List.copyOf(aliases);
    }

    /** A setting with an environment variable. */
    public static Setting of(String key, String env, String defaultValue, String description) {
        return new Setting(key, Optional.of(env), defaultValue, description, false, false, List.of());
    }

    /** A setting read from the configuration file only. */
    public static Setting fileOnly(String key, String defaultValue, String description) {
        return new Setting(key, Optional.empty(), defaultValue, description, false, false, List.of());
    }

    /** A per-network map; {@code envPrefix} ends in {@code _}. */
    public static Setting perNetwork(String key, String envPrefix, String defaultValue, String description) {
        return new Setting(key, Optional.of(envPrefix), defaultValue, description, false, true, List.of());
    }

    /** This setting, marked secret. */
    public Setting asSecret() {
        return new Setting(key, env, defaultValue, description, true, perNetwork, aliases);
    }

    /** This setting, also read from these older keys. */
    public Setting withAliases(String... older) {
        return new Setting(key, env, defaultValue, description, secret, perNetwork, List.of(older));
    }

    /** The environment variable of one network of a per-network setting: {@code EVM_RPC_URL_BASE_SEPOLIA}. */
    public String envFor(String networkName) {
        if (!perNetwork || env.isEmpty()) {
            throw new IllegalStateException("setting " + key + " has no per-network environment variable");
        }
        return env.get() + networkName.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The environment variable as documentation writes it: {@code EVM_RPC_URL_<NETWORK>} for a per-network one. */
    public Optional<String> envForDocs() {
        return env.map(e -> perNetwork ? e + "<NETWORK>" : e);
    }

    /** The key as documentation writes it: {@code x402j.eip155.rpc-urls.<network>} for a per-network one. */
    public String keyForDocs() {
        return perNetwork ? key + ".<network>" : key;
    }
}
