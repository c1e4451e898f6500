package dev.x402j.core.config;

import java.util.Objects;

/**
 * A setting's text and where it came from, for messages: the environment variable ({@code EVM_PRIVATE_KEY}) or the
 * configuration-file key ({@code x402j.eip155.private-key}) that held it. {@link #toString()} never shows the text,
 * which may be a secret.
 */
public record SettingValue(String origin, String text) {
    public SettingValue {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return "SettingValue[" + origin + "]";
    }
}
