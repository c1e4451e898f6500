package dev.x402j.server;

import dev.x402j.core.config.SettingSource;
import io.micronaut.core.value.PropertyResolver;
import io.micronaut.core.naming.conventions.StringConvention;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The settings as the server reads them: environment variables through {@link EnvironmentVariables} (so that tests
 * pass their own), configuration-file keys through Micronaut's {@link PropertyResolver} ({@code application.yml},
 * system properties, a test's properties). A yml list ({@code networks: [base, base-sepolia]}) reads as its items
 * comma separated.
 */
record ServerSettingSource(EnvironmentVariables environment, PropertyResolver properties) implements SettingSource {

    @Override
    public Optional<String> env(String name) {
        return environment.get(name);
    }

    @Override
    public Optional<String> file(String key) {
        return properties.getProperty(key, Object.class).map(ServerSettingSource::text);
    }

    @Override
    public Map<String, String> fileMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.getProperties(key, StringConvention.RAW).forEach((sub, value) -> {
            if (value != null) {
                out.put(sub, text(value));
            }
        });
        return out;
    }

    /** A list as its items comma separated (an empty list as empty text); anything else as its text, stripped. */
    private static String text(Object value) {
        if (value instanceof Collection<?> items) {
            return items.stream().map(String::valueOf).map(String::strip).collect(Collectors.joining(","));
        }
        return String.valueOf(value).strip();
    }
}
