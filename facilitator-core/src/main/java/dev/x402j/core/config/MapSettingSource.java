package dev.x402j.core.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link SettingSource#of}: fixed maps; {@link #toString()} names the keys, never the values. */
record MapSettingSource(Map<String, String> env, Map<String, String> fileValues) implements SettingSource {

    @Override
    public Optional<String> env(String name) {
        return present(env.get(name));
    }

    @Override
    public Optional<String> file(String key) {
        String value = fileValues.get(key);
        return value == null ? Optional.empty() : Optional.of(value.strip());
    }

    @Override
    public Map<String, String> fileMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = key + ".";
        fileValues.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static Optional<String> present(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    @Override
    public String toString() {
        return "SettingSource[env " + new java.util.TreeSet<>(env.keySet()) + ", file "
                + new java.util.TreeSet<>(fileValues.keySet()) + "]";
    }
}
